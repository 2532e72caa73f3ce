// TypeScript declarations of cxone-chat-wasm, written by hand.
//
// The exported names, argument shapes and result shapes are those of the
// reference CXone Chat Web SDK (see shared/protocol/API.md), so that a page
// typed against the reference compiles here once its import is changed.
// Where we differ, the difference is marked "Ours" in the comment.
//
// js/test/types.test.mjs keeps this file honest: a page using every export
// must compile under `tsc --strict`, each misuse in js/test/types/misuse.ts
// must be refused, and the values exported at run time must be exactly the
// values declared here (enumerations key by key).

// ===========================================================================
// Identifiers

/** A brand (tenant) id, e.g. 1086. */
export type BrandId = number;
/** A channel id, e.g. `chat_0a1b…`. */
export type ChannelId = string;
/** A thread id as the page names it (usually a uuid). */
export type ThreadIdOnExternalPlatform = string;
/** The customer's id as the page names it (usually a uuid). */
export type CustomerIdentityIdOnExternalPlatform = string;
/** The visitor id carried on every frame. */
export type VisitorId = string;
/** The visit id carried on every frame. */
export type VisitId = string;
/** An agent's user id. */
export type UserId = number;
/** An agent's user id. */
export type AgentId = UserId;
/** An attachment id. */
export type AttachmentId = string;
/** A message id (uuid). */
export type MessageId = string;
/** A contact (case) number. */
export type ContactNumber = string;

// ===========================================================================
// Enumerations. At run time each is a frozen object of string constants;
// each name is also a type (the union of its values), and each member a
// type (`EnvironmentName.custom`), so code written against the reference's
// TypeScript enums keeps compiling.

/** Names of the events a page can listen to with onChatEvent / onThreadEvent. */
export declare const ChatEvent: {
  /** Deprecated name of CONTACT_CREATED's server event. */
  readonly CASE_CREATED: 'CaseCreated';
  /** A contact (case) was opened on a thread. */
  readonly CONTACT_CREATED: 'ContactCreated';
  /** Deprecated name of ASSIGNED_AGENT_CHANGED's server event. */
  readonly CASE_INBOX_ASSIGNEE_CHANGED: 'CaseInboxAssigneeChanged';
  /** The contact was assigned to another agent (or unassigned). */
  readonly ASSIGNED_AGENT_CHANGED: 'AssignedAgentChanged';
  /** Deprecated name of CONTACT_STATUS_CHANGED's server event. */
  readonly CASE_STATUS_CHANGED: 'CaseStatusChanged';
  /** The contact's status changed (e.g. to `closed`). */
  readonly CONTACT_STATUS_CHANGED: 'ContactStatusChanged';
  /** Deprecated name of CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED's server event. */
  readonly CASE_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED: 'CaseToRoutingQueueAssignmentChanged';
  /** The contact moved to another routing queue. */
  readonly CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED: 'ContactToRoutingQueueAssignmentChanged';
  /** An agent was pre-assigned to the contact. */
  readonly CONTACT_INBOX_PRE_ASSIGNEE_CHANGED: 'ConsumerContactInboxPreAssigneeChanged';
  /** The contact's preferred agent changed. */
  readonly CONTACT_PREFERRED_USER_CHANGED: 'ContactPreferredUserChanged';
  /** The contact's recipients changed. */
  readonly CONTACT_RECIPIENTS_CHANGED: 'ContactRecipientsChanged';
  /** A message was added into a case. */
  readonly MESSAGE_ADDED_INTO_CASE: 'MessageAddedIntoCase';
  /** A message was created: the customer's own, an agent's or a bot's. */
  readonly MESSAGE_CREATED: 'MessageCreated';
  /** A message's delivery status changed. */
  readonly MESSAGE_DELIVERY_STATUS_CHANGED: 'MessageDeliveryStatusChanged';
  /** A message was seen. */
  readonly MESSAGE_SEEN_CHANGED: 'MessageSeenChanged';
  /** A message was read by the agent. */
  readonly MESSAGE_READ_CHANGED: 'MessageReadChanged';
  /** A message was sent to the customer. */
  readonly MESSAGE_SENT: 'MessageSent';
  /** A message was updated. */
  readonly MESSAGE_UPDATED: 'MessageUpdated';
  /** A page view was recorded. */
  readonly PAGE_VIEW_CREATED: 'PageViewCreated';
  /** Someone (not an agent, see AGENT_TYPING_STARTED) started typing. */
  readonly SENDER_TYPING_STARTED: 'SenderTypingStarted';
  /** Someone (not an agent, see AGENT_TYPING_ENDED) stopped typing. */
  readonly SENDER_TYPING_ENDED: 'SenderTypingEnded';
  /** An agent's status changed. */
  readonly USER_STATUS_CHANGED: 'UserStatusChanged';
  /** A proactive action fired. */
  readonly FIRE_PROACTIVE: 'FireProactiveAction';
  /** An event too large for the socket, stored in S3 (fetched and re-dispatched by the SDK). */
  readonly EVENT_IN_S3: 'EventInS3';
  /** Reply to recovering a live chat. */
  readonly LIVECHAT_RECOVERED: 'LivechatRecovered';
  /** Reply to loadMoreMessages. */
  readonly MORE_MESSAGES_LOADED: 'MoreMessagesLoaded';
  /** Reply to sendOfflineMessage. */
  readonly OFFLINE_MESSAGE_SENT: 'OfflineMessageSent';
  /** Reply to getThreadList. */
  readonly THREAD_LIST_FETCHED: 'ThreadListFetched';
  /** Reply to recovering a thread. */
  readonly THREAD_RECOVERED: 'ThreadRecovered';
  /** Reply to sendTranscript. */
  readonly TRANSCRIPT_SENT: 'TranscriptSent';
  /** Reply to authorization. */
  readonly CONSUMER_AUTHORIZED: 'ConsumerAuthorized';
  /** Reply to getMetadata. */
  readonly THREAD_METADATA_LOADED: 'ThreadMetadataLoaded';
  /** The customer's position in the live-chat queue. */
  readonly SET_POSITION_IN_QUEUE: 'SetPositionInQueue';
  /** A group chat invitation was created. */
  readonly GROUP_CHAT_INVITE_CREATED: 'InvitationToGroupChatCreated';
  /** A group chat invitation was emailed. */
  readonly GROUP_CHAT_INVITE_SENT: 'EmailInvitationToGroupChatSent';
  /** The customer joined a group chat. */
  readonly GROUP_CHAT_JOINED: 'GroupChatJoined';
  /** The access token was renewed. */
  readonly TOKEN_REFRESHED: 'TokenRefreshed';
  /** Reply to generateAuthorizationToken. */
  readonly AUTHORIZATION_TOKEN_GENERATED: 'AuthorizationTokenGenerated';
  /** Reply to archive. */
  readonly THREAD_ARCHIVED: 'ThreadArchived';
  /** An agent started typing. */
  readonly AGENT_TYPING_STARTED: 'AgentTypingStarted';
  /** An agent stopped typing. */
  readonly AGENT_TYPING_ENDED: 'AgentTypingEnded';
  /** A streamed (generated) message began; `data.fullContent` is empty. */
  readonly STREAMED_MESSAGE_STARTED: 'StreamedMessageStarted';
  /** A streamed message grew by `data.delta.content`. */
  readonly STREAMED_MESSAGE_DELTA: 'StreamedMessageDelta';
  /** A streamed message broke off; `data.fullContent` is what arrived. */
  readonly STREAMED_MESSAGE_FAILED: 'StreamedMessageFailed';
  /** A streamed message is complete in `data.fullContent`. */
  readonly STREAMED_MESSAGE_COMPLETED: 'StreamedMessageCompleted';
};
/** An event name: one of the ChatEvent values. */
export type ChatEvent = (typeof ChatEvent)[keyof typeof ChatEvent];
/** Each ChatEvent member as a type, e.g. `ChatEvent.MESSAGE_CREATED`. */
export declare namespace ChatEvent {
  /** `ChatEvent.CASE_CREATED` as a type. */ type CASE_CREATED = typeof ChatEvent.CASE_CREATED;
  /** `ChatEvent.CONTACT_CREATED` as a type. */ type CONTACT_CREATED = typeof ChatEvent.CONTACT_CREATED;
  /** `ChatEvent.CASE_INBOX_ASSIGNEE_CHANGED` as a type. */ type CASE_INBOX_ASSIGNEE_CHANGED = typeof ChatEvent.CASE_INBOX_ASSIGNEE_CHANGED;
  /** `ChatEvent.ASSIGNED_AGENT_CHANGED` as a type. */ type ASSIGNED_AGENT_CHANGED = typeof ChatEvent.ASSIGNED_AGENT_CHANGED;
  /** `ChatEvent.CASE_STATUS_CHANGED` as a type. */ type CASE_STATUS_CHANGED = typeof ChatEvent.CASE_STATUS_CHANGED;
  /** `ChatEvent.CONTACT_STATUS_CHANGED` as a type. */ type CONTACT_STATUS_CHANGED = typeof ChatEvent.CONTACT_STATUS_CHANGED;
  /** `ChatEvent.CASE_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED` as a type. */ type CASE_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED = typeof ChatEvent.CASE_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED;
  /** `ChatEvent.CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED` as a type. */ type CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED = typeof ChatEvent.CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED;
  /** `ChatEvent.CONTACT_INBOX_PRE_ASSIGNEE_CHANGED` as a type. */ type CONTACT_INBOX_PRE_ASSIGNEE_CHANGED = typeof ChatEvent.CONTACT_INBOX_PRE_ASSIGNEE_CHANGED;
  /** `ChatEvent.CONTACT_PREFERRED_USER_CHANGED` as a type. */ type CONTACT_PREFERRED_USER_CHANGED = typeof ChatEvent.CONTACT_PREFERRED_USER_CHANGED;
  /** `ChatEvent.CONTACT_RECIPIENTS_CHANGED` as a type. */ type CONTACT_RECIPIENTS_CHANGED = typeof ChatEvent.CONTACT_RECIPIENTS_CHANGED;
  /** `ChatEvent.MESSAGE_ADDED_INTO_CASE` as a type. */ type MESSAGE_ADDED_INTO_CASE = typeof ChatEvent.MESSAGE_ADDED_INTO_CASE;
  /** `ChatEvent.MESSAGE_CREATED` as a type. */ type MESSAGE_CREATED = typeof ChatEvent.MESSAGE_CREATED;
  /** `ChatEvent.MESSAGE_DELIVERY_STATUS_CHANGED` as a type. */ type MESSAGE_DELIVERY_STATUS_CHANGED = typeof ChatEvent.MESSAGE_DELIVERY_STATUS_CHANGED;
  /** `ChatEvent.MESSAGE_SEEN_CHANGED` as a type. */ type MESSAGE_SEEN_CHANGED = typeof ChatEvent.MESSAGE_SEEN_CHANGED;
  /** `ChatEvent.MESSAGE_READ_CHANGED` as a type. */ type MESSAGE_READ_CHANGED = typeof ChatEvent.MESSAGE_READ_CHANGED;
  /** `ChatEvent.MESSAGE_SENT` as a type. */ type MESSAGE_SENT = typeof ChatEvent.MESSAGE_SENT;
  /** `ChatEvent.MESSAGE_UPDATED` as a type. */ type MESSAGE_UPDATED = typeof ChatEvent.MESSAGE_UPDATED;
  /** `ChatEvent.PAGE_VIEW_CREATED` as a type. */ type PAGE_VIEW_CREATED = typeof ChatEvent.PAGE_VIEW_CREATED;
  /** `ChatEvent.SENDER_TYPING_STARTED` as a type. */ type SENDER_TYPING_STARTED = typeof ChatEvent.SENDER_TYPING_STARTED;
  /** `ChatEvent.SENDER_TYPING_ENDED` as a type. */ type SENDER_TYPING_ENDED = typeof ChatEvent.SENDER_TYPING_ENDED;
  /** `ChatEvent.USER_STATUS_CHANGED` as a type. */ type USER_STATUS_CHANGED = typeof ChatEvent.USER_STATUS_CHANGED;
  /** `ChatEvent.FIRE_PROACTIVE` as a type. */ type FIRE_PROACTIVE = typeof ChatEvent.FIRE_PROACTIVE;
  /** `ChatEvent.EVENT_IN_S3` as a type. */ type EVENT_IN_S3 = typeof ChatEvent.EVENT_IN_S3;
  /** `ChatEvent.LIVECHAT_RECOVERED` as a type. */ type LIVECHAT_RECOVERED = typeof ChatEvent.LIVECHAT_RECOVERED;
  /** `ChatEvent.MORE_MESSAGES_LOADED` as a type. */ type MORE_MESSAGES_LOADED = typeof ChatEvent.MORE_MESSAGES_LOADED;
  /** `ChatEvent.OFFLINE_MESSAGE_SENT` as a type. */ type OFFLINE_MESSAGE_SENT = typeof ChatEvent.OFFLINE_MESSAGE_SENT;
  /** `ChatEvent.THREAD_LIST_FETCHED` as a type. */ type THREAD_LIST_FETCHED = typeof ChatEvent.THREAD_LIST_FETCHED;
  /** `ChatEvent.THREAD_RECOVERED` as a type. */ type THREAD_RECOVERED = typeof ChatEvent.THREAD_RECOVERED;
  /** `ChatEvent.TRANSCRIPT_SENT` as a type. */ type TRANSCRIPT_SENT = typeof ChatEvent.TRANSCRIPT_SENT;
  /** `ChatEvent.CONSUMER_AUTHORIZED` as a type. */ type CONSUMER_AUTHORIZED = typeof ChatEvent.CONSUMER_AUTHORIZED;
  /** `ChatEvent.THREAD_METADATA_LOADED` as a type. */ type THREAD_METADATA_LOADED = typeof ChatEvent.THREAD_METADATA_LOADED;
  /** `ChatEvent.SET_POSITION_IN_QUEUE` as a type. */ type SET_POSITION_IN_QUEUE = typeof ChatEvent.SET_POSITION_IN_QUEUE;
  /** `ChatEvent.GROUP_CHAT_INVITE_CREATED` as a type. */ type GROUP_CHAT_INVITE_CREATED = typeof ChatEvent.GROUP_CHAT_INVITE_CREATED;
  /** `ChatEvent.GROUP_CHAT_INVITE_SENT` as a type. */ type GROUP_CHAT_INVITE_SENT = typeof ChatEvent.GROUP_CHAT_INVITE_SENT;
  /** `ChatEvent.GROUP_CHAT_JOINED` as a type. */ type GROUP_CHAT_JOINED = typeof ChatEvent.GROUP_CHAT_JOINED;
  /** `ChatEvent.TOKEN_REFRESHED` as a type. */ type TOKEN_REFRESHED = typeof ChatEvent.TOKEN_REFRESHED;
  /** `ChatEvent.AUTHORIZATION_TOKEN_GENERATED` as a type. */ type AUTHORIZATION_TOKEN_GENERATED = typeof ChatEvent.AUTHORIZATION_TOKEN_GENERATED;
  /** `ChatEvent.THREAD_ARCHIVED` as a type. */ type THREAD_ARCHIVED = typeof ChatEvent.THREAD_ARCHIVED;
  /** `ChatEvent.AGENT_TYPING_STARTED` as a type. */ type AGENT_TYPING_STARTED = typeof ChatEvent.AGENT_TYPING_STARTED;
  /** `ChatEvent.AGENT_TYPING_ENDED` as a type. */ type AGENT_TYPING_ENDED = typeof ChatEvent.AGENT_TYPING_ENDED;
  /** `ChatEvent.STREAMED_MESSAGE_STARTED` as a type. */ type STREAMED_MESSAGE_STARTED = typeof ChatEvent.STREAMED_MESSAGE_STARTED;
  /** `ChatEvent.STREAMED_MESSAGE_DELTA` as a type. */ type STREAMED_MESSAGE_DELTA = typeof ChatEvent.STREAMED_MESSAGE_DELTA;
  /** `ChatEvent.STREAMED_MESSAGE_FAILED` as a type. */ type STREAMED_MESSAGE_FAILED = typeof ChatEvent.STREAMED_MESSAGE_FAILED;
  /** `ChatEvent.STREAMED_MESSAGE_COMPLETED` as a type. */ type STREAMED_MESSAGE_COMPLETED = typeof ChatEvent.STREAMED_MESSAGE_COMPLETED;
}
/** An event name (the reference's name for the ChatEvent union). */
export type ChatEventType = ChatEvent;

/** CXone regions, plus `custom` for endpoints given in `customEnvironment`. */
export declare const EnvironmentName: {
  /** United Arab Emirates. */ readonly AE1: 'AE1';
  /** Australia. */ readonly AU1: 'AU1';
  /** Australia (second). */ readonly AU2: 'AU2';
  /** Canada. */ readonly CA1: 'CA1';
  /** Europe. */ readonly EU1: 'EU1';
  /** Europe (second). */ readonly EU2: 'EU2';
  /** Jordan. */ readonly JO1: 'JO1';
  /** Japan. */ readonly JP1: 'JP1';
  /** Korea. */ readonly KR1: 'KR1';
  /** North America (the default). */ readonly NA1: 'NA1';
  /** North America (second). */ readonly NA2: 'NA2';
  /** United Kingdom. */ readonly UK1: 'UK1';
  /** United Kingdom (second). */ readonly UK2: 'UK2';
  /** South Africa. */ readonly ZA1: 'ZA1';
  /** Endpoints of your own, in the `customEnvironment` option (e.g. the local sandbox). */
  readonly custom: 'custom';
};
/** A region name or `custom`. */
export type EnvironmentName = (typeof EnvironmentName)[keyof typeof EnvironmentName];
/** Each EnvironmentName member as a type. */
export declare namespace EnvironmentName {
  /** `EnvironmentName.AE1` as a type. */ type AE1 = typeof EnvironmentName.AE1;
  /** `EnvironmentName.AU1` as a type. */ type AU1 = typeof EnvironmentName.AU1;
  /** `EnvironmentName.AU2` as a type. */ type AU2 = typeof EnvironmentName.AU2;
  /** `EnvironmentName.CA1` as a type. */ type CA1 = typeof EnvironmentName.CA1;
  /** `EnvironmentName.EU1` as a type. */ type EU1 = typeof EnvironmentName.EU1;
  /** `EnvironmentName.EU2` as a type. */ type EU2 = typeof EnvironmentName.EU2;
  /** `EnvironmentName.JO1` as a type. */ type JO1 = typeof EnvironmentName.JO1;
  /** `EnvironmentName.JP1` as a type. */ type JP1 = typeof EnvironmentName.JP1;
  /** `EnvironmentName.KR1` as a type. */ type KR1 = typeof EnvironmentName.KR1;
  /** `EnvironmentName.NA1` as a type. */ type NA1 = typeof EnvironmentName.NA1;
  /** `EnvironmentName.NA2` as a type. */ type NA2 = typeof EnvironmentName.NA2;
  /** `EnvironmentName.UK1` as a type. */ type UK1 = typeof EnvironmentName.UK1;
  /** `EnvironmentName.UK2` as a type. */ type UK2 = typeof EnvironmentName.UK2;
  /** `EnvironmentName.ZA1` as a type. */ type ZA1 = typeof EnvironmentName.ZA1;
  /** `EnvironmentName.custom` as a type. */ type custom = typeof EnvironmentName.custom;
}

/** Kinds of message content (`messageContent.type`). */
export declare const MessageType: {
  /** Plain text (`payload.text`). */ readonly TEXT: 'TEXT';
  /** A file. */ readonly FILE: 'FILE';
  /** A form. */ readonly FORM: 'FORM';
  /** A plugin. */ readonly PLUGIN: 'PLUGIN';
  /** A postback (a button's answer). */ readonly POSTBACK: 'POSTBACK';
  /** Text with reply buttons. */ readonly QUICK_REPLIES: 'QUICK_REPLIES';
  /** A link with a title and an image. */ readonly RICH_LINK: 'RICH_LINK';
  /** A list of options to pick from. */ readonly LIST_PICKER: 'LIST_PICKER';
  /** An adaptive card. */ readonly ADAPTIVE_CARD: 'ADAPTIVE_CARD';
  /** A time picker. */ readonly TIME_PICKER: 'TIME_PICKER';
  /** A generated message streamed over SSE (see STREAMED_MESSAGE_* events). */ readonly STREAMED: 'STREAMED';
};
/** A message content kind. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];
/** Each MessageType member as a type. */
export declare namespace MessageType {
  /** `MessageType.TEXT` as a type. */ type TEXT = typeof MessageType.TEXT;
  /** `MessageType.FILE` as a type. */ type FILE = typeof MessageType.FILE;
  /** `MessageType.FORM` as a type. */ type FORM = typeof MessageType.FORM;
  /** `MessageType.PLUGIN` as a type. */ type PLUGIN = typeof MessageType.PLUGIN;
  /** `MessageType.POSTBACK` as a type. */ type POSTBACK = typeof MessageType.POSTBACK;
  /** `MessageType.QUICK_REPLIES` as a type. */ type QUICK_REPLIES = typeof MessageType.QUICK_REPLIES;
  /** `MessageType.RICH_LINK` as a type. */ type RICH_LINK = typeof MessageType.RICH_LINK;
  /** `MessageType.LIST_PICKER` as a type. */ type LIST_PICKER = typeof MessageType.LIST_PICKER;
  /** `MessageType.ADAPTIVE_CARD` as a type. */ type ADAPTIVE_CARD = typeof MessageType.ADAPTIVE_CARD;
  /** `MessageType.TIME_PICKER` as a type. */ type TIME_PICKER = typeof MessageType.TIME_PICKER;
  /** `MessageType.STREAMED` as a type. */ type STREAMED = typeof MessageType.STREAMED;
}

/** Statuses of a contact (case). */
export declare const ContactStatus: {
  /** Just created. */ readonly NEW: 'new';
  /** Being handled. */ readonly OPEN: 'open';
  /** Waiting. */ readonly PENDING: 'pending';
  /** Escalated. */ readonly ESCALATED: 'escalated';
  /** Resolved. */ readonly RESOLVED: 'resolved';
  /** Closed: a live chat is over. */ readonly CLOSED: 'closed';
  /** Deleted. */ readonly TRASHED: 'trashed';
};
/** A contact status. */
export type ContactStatus = (typeof ContactStatus)[keyof typeof ContactStatus];
/** Each ContactStatus member as a type. */
export declare namespace ContactStatus {
  /** `ContactStatus.NEW` as a type. */ type NEW = typeof ContactStatus.NEW;
  /** `ContactStatus.OPEN` as a type. */ type OPEN = typeof ContactStatus.OPEN;
  /** `ContactStatus.PENDING` as a type. */ type PENDING = typeof ContactStatus.PENDING;
  /** `ContactStatus.ESCALATED` as a type. */ type ESCALATED = typeof ContactStatus.ESCALATED;
  /** `ContactStatus.RESOLVED` as a type. */ type RESOLVED = typeof ContactStatus.RESOLVED;
  /** `ContactStatus.CLOSED` as a type. */ type CLOSED = typeof ContactStatus.CLOSED;
  /** `ContactStatus.TRASHED` as a type. */ type TRASHED = typeof ContactStatus.TRASHED;
}

/** Whether a channel has agents available. */
export declare const ChannelAvailability: {
  /** Agents are available. */ readonly ONLINE: 'online';
  /** Nobody is available; offer sendOfflineMessage. */ readonly OFFLINE: 'offline';
};
/** A channel availability status. */
export type ChannelAvailability = (typeof ChannelAvailability)[keyof typeof ChannelAvailability];
/** Each ChannelAvailability member as a type. */
export declare namespace ChannelAvailability {
  /** `ChannelAvailability.ONLINE` as a type. */ type ONLINE = typeof ChannelAvailability.ONLINE;
  /** `ChannelAvailability.OFFLINE` as a type. */ type OFFLINE = typeof ChannelAvailability.OFFLINE;
}

/** Modes of the `securedSession` option (how the customer is identified). */
export declare const SecureSessions: {
  /** A transaction token for an anonymous customer. */ readonly ANONYMOUS: 'anonymous';
  /** The identity is kept in the authorize service's cookies. */ readonly SECURED_COOKIES: 'securedCookies';
  /** A third party (your OAuth) identifies the customer; pass its code to connect(). */ readonly THIRD_PARTY: 'thirdParty';
};
/** A secured session mode. */
export type SecureSessions = (typeof SecureSessions)[keyof typeof SecureSessions];
/** Each SecureSessions member as a type. */
export declare namespace SecureSessions {
  /** `SecureSessions.ANONYMOUS` as a type. */ type ANONYMOUS = typeof SecureSessions.ANONYMOUS;
  /** `SecureSessions.SECURED_COOKIES` as a type. */ type SECURED_COOKIES = typeof SecureSessions.SECURED_COOKIES;
  /** `SecureSessions.THIRD_PARTY` as a type. */ type THIRD_PARTY = typeof SecureSessions.THIRD_PARTY;
}
/** A secured session mode, or null for none. */
export type SecureSessionsType = SecureSessions | null;

/** Events of the connection (sdk.getWebsocketClient().on). */
export declare const WebSocketClientEvent: {
  /** The socket was lost; `detail` is the error (or null). */ readonly CLOSE: 'close';
  /** Reconnection gave up; `detail` is the error (or null). */ readonly ERROR: 'error';
  /** A raw frame arrived; `detail.data` is its text. */ readonly MESSAGE: 'message';
  /** A socket is open and usable (after connect and after each reconnect). */ readonly OPEN: 'open';
  /** The first connection was refused. */ readonly AUTHORIZATION_FAILED: 'authorizationFailed';
  /** A reconnection attempt is about to start. */ readonly RECONNECTING: 'reconnecting';
};
/** A connection event name. */
export type WebSocketClientEvent = (typeof WebSocketClientEvent)[keyof typeof WebSocketClientEvent];
/** Each WebSocketClientEvent member as a type. */
export declare namespace WebSocketClientEvent {
  /** `WebSocketClientEvent.CLOSE` as a type. */ type CLOSE = typeof WebSocketClientEvent.CLOSE;
  /** `WebSocketClientEvent.ERROR` as a type. */ type ERROR = typeof WebSocketClientEvent.ERROR;
  /** `WebSocketClientEvent.MESSAGE` as a type. */ type MESSAGE = typeof WebSocketClientEvent.MESSAGE;
  /** `WebSocketClientEvent.OPEN` as a type. */ type OPEN = typeof WebSocketClientEvent.OPEN;
  /** `WebSocketClientEvent.AUTHORIZATION_FAILED` as a type. */ type AUTHORIZATION_FAILED = typeof WebSocketClientEvent.AUTHORIZATION_FAILED;
  /** `WebSocketClientEvent.RECONNECTING` as a type. */ type RECONNECTING = typeof WebSocketClientEvent.RECONNECTING;
}

/** The reference SDK version whose API this package implements (also sent to the server). */
export declare const CHAT_SDK_VERSION: string;

// ===========================================================================
// Small shapes

/** A custom field as sent and received. */
export interface CustomField {
  /** The field's identifier, as configured in CXone. */
  ident: string;
  /** Its value (null when cleared). */
  value: string | null;
  /** When it last changed (ISO 8601), in server data. */
  updatedAt?: string;
}
/** Custom fields as a page passes them: `{ ident: value }`. */
export type CustomFieldsObject = Record<string, string | null>;

/** The endpoints of an environment: what `customEnvironment` takes. */
export interface EnvironmentEndpoints {
  /** A name, for logs. */
  name: string;
  /** The REST base URL, e.g. `https://channels-de-na1.niceincontact.com`. */
  chat: string;
  /** The gateway WebSocket URL, e.g. `wss://chat-gw-de-na1.niceincontact.com`. */
  gateway: string;
  /** The authorize service base URL (for secured sessions). */
  authorize: string;
}

/** Extra request metadata: headers on REST calls, query pairs on the socket URL. */
export interface NetworkRequestMetadata {
  /** Added to every REST request. */
  httpHeaders?: Record<string, string>;
  /** Added to the gateway URL's query string (numbers and booleans are written as text). */
  websocketQuery?: Record<string, string | number | boolean>;
}

/** What the browser tells about itself; sent with messages and authorization. */
export interface BrowserFingerprint {
  /** Browser name. */ browser: string | null;
  /** Browser version. */ browserVersion: string | null;
  /** Country code. */ country: string | null;
  /** Client IP, when known. */ ip: string | null;
  /** Language tag. */ language: string;
  /** Location (time zone). */ location: string | null;
  /** Operating system. */ os: string | null;
  /** Operating system version. */ osVersion: string | null;
  /** Push device token. */ deviceToken?: string | null;
  /** `desktop`, `mobile`, `tablet` or `other`. */ deviceType: string | null;
  /** `browser`. */ applicationType: string | null;
}
/** Overrides for the fingerprint's guessable parts. */
export interface BrowserFingerprintOptions {
  /** Country code. */ country?: string | null;
  /** Client IP. */ ip?: string | null;
  /** Language tag. */ language?: string;
  /** Location. */ location?: string | null;
}

/** An access token and its life in seconds. */
export interface AccessToken {
  /** The bearer token. */ token: string;
  /** Seconds it lives. */ expiresIn: number;
}
/** A token authorizing one URL (generateAuthorizationToken). */
export interface AuthorizationToken {
  /** The token. */ token: string;
}
/** A transaction token (secured sessions): the token itself. */
export type TransactionAccessToken = string;
/** A transaction token and its life in seconds. */
export interface TransactionToken {
  /** The token put on the socket URL. */ accessToken: TransactionAccessToken;
  /** Seconds it lives. */ expiresIn: number;
}
/** The authorize service's answer for a secured session. */
export interface TransactionTokenResponse extends TransactionToken {
  /** The customer the service identified. */
  customerIdentity: CustomerIdentity & {
    /** Customer custom fields to apply. */ customFields?: Array<CustomField>;
  };
  /** Contact custom fields to apply. */
  contact?: {
    /** The fields, as `[{ ident, value }]`. */ customFields?: Array<CustomField>;
  };
  /** Fallback identity (secured cookies without third-party cookies). */
  identityToken?: string;
  /** The third party's tokens (THIRD_PARTY sessions). */
  thirdParty?: {
    /** The third party's access token. */ access_token: string;
    /** Its refresh token. */ refresh_token: string;
    /** Seconds the access token lives. */ expires_in: number;
  };
}

/** Who the customer is, as the server names them. */
export interface CustomerIdentity {
  /** The customer id. */ idOnExternalPlatform: CustomerIdentityIdOnExternalPlatform;
  /** First name. */ firstName?: string;
  /** Last name. */ lastName?: string;
  /** Avatar URL. */ image?: string;
}
/** The customer as shown to agents. */
export interface CustomerView {
  /** Customer custom fields. */ customFields: Array<CustomField>;
  /** First name. */ firstName: string;
  /** Last name. */ lastName: string;
  /** Full name. */ fullName: string;
}

/** An agent or bot. Sensitive fields are absent when the channel hides personal information. */
export interface User {
  /** User id. */ id: UserId;
  /** First name. */ firstName: string;
  /** Surname. */ surname: string;
  /** Nickname, shown instead of the name when set. */ nickname?: string | null;
  /** Avatar URL. */ imageUrl?: string;
  /** Public avatar URL. */ publicImageUrl?: string;
  /** Email (hidden when personal information is hidden). */ emailAddress?: string;
  /** True for a bot (hidden when personal information is hidden). */ isBotUser?: boolean;
  /** True for a survey user. */ isSurveyUser?: boolean;
  /** Agent id. */ agentId?: number | null;
  /** inContact id. */ incontactId?: string | null;
  /** Login name. */ loginUsername?: string;
  /** Division. */ divisionNumber?: number | null;
}
/** An agent. */
export type Agent = User;

/** An uploaded file attached to a message. */
export interface Attachment {
  /** Id. */ id: AttachmentId;
  /** The file's name. */ friendlyName: string;
  /** Where to download it. */ url: string;
  /** A permanent signed URL. */ securedPermanentUrl?: string;
  /** MIME type. */ mimeType: string;
  /** A preview image, if any. */ previewUrl: string | null;
  /** Shown inline. */ isInline?: boolean;
  /** May be stored. */ canBeStored?: boolean;
}
/** A file already uploaded: what sendAttachments accepts instead of File objects. */
export interface AttachmentUpload {
  /** Its URL. */ url: string;
  /** Its name. */ friendlyName: string;
}

// ===========================================================================
// Message content

/** Fields every message content has. */
export interface MessageContentBase {
  /** The content kind. */ type: MessageType;
  /** Text for clients that cannot show this kind. */ fallbackText?: string;
  /** The postback the content answers, if any. */ postback?: string | null;
  /** Machine-translated. */ isAutoTranslated?: boolean;
  /** Extra parameters. */ parameters?: {
    /** The message that opened the chat (LivechatThread.startChat). */ isInitialMessage?: boolean;
  } | unknown[];
}
/** The payload of a text message. */
export interface MessagePayload {
  /** The text. */ text?: string | null;
  /** The postback. */ postback?: string | null;
  /** Rich elements. */ elements?: unknown[] | null;
}
/**
 * Text (and any kind without a richer declaration). Its `type` excludes the kinds declared
 * below, so checking `content.type === MessageType.TEXT` narrows a MessageContent to this one
 * and `content.payload.text` compiles.
 */
export interface MessageTextContent extends MessageContentBase {
  /** Any kind but the rich ones declared separately. */
  type: Exclude<MessageType, MessageType.QUICK_REPLIES | MessageType.LIST_PICKER | MessageType.RICH_LINK | MessageType.STREAMED>;
  /** Text and postback. */ payload: MessagePayload;
}
/** The payload of quick replies. */
export interface QuickRepliesMessagePayload {
  /** The question. */ text: {
    /** The text. */ content: string;
  };
  /** The buttons. */ actions: Array<{
    /** The action kind, e.g. `reply`. */ type: string;
    /** The button label. */ text: string;
    /** What a press sends back (sendPostbackMessage). */ postback: string;
  }>;
}
/** Text with reply buttons. */
export interface QuickRepliesMessageContent extends MessageContentBase {
  /** QUICK_REPLIES. */ type: MessageType.QUICK_REPLIES;
  /** Question and buttons. */ payload: QuickRepliesMessagePayload;
}
/** The payload of a list picker. */
export interface ListPickerMessagePayload {
  /** Title. */ title: {
    /** The text. */ content: string;
  };
  /** Text. */ text: {
    /** The text. */ content: string;
  };
  /** The options. */
  actions: Array<{
    /** The action kind, e.g. `reply`. */ type: string;
    /** The option label. */ text: string;
    /** A second line under the label. */ description?: string;
    /** What choosing it sends back (sendPostbackMessage). */ postback?: string;
    /** An image beside it. */ icon?: {
      /** File name. */ fileName: string;
      /** Image URL. */ url: string;
      /** MIME type. */ mimeType: string;
    };
  }>;
}
/** A list of options. */
export interface ListPickerMessageContent extends MessageContentBase {
  /** LIST_PICKER. */ type: MessageType.LIST_PICKER;
  /** Title, text and options. */ payload: ListPickerMessagePayload;
}
/** The payload of a rich link. */
export interface RichLinkMessagePayload {
  /** Image. */ media: {
    /** File name. */ fileName: string;
    /** Image URL. */ url: string;
    /** MIME type. */ mimeType: string;
  };
  /** Title. */ title: {
    /** The text. */ content: string;
  };
  /** Target URL. */ url: string;
}
/** A link with a title and image. */
export interface RichLinkMessageContent extends MessageContentBase {
  /** RICH_LINK. */ type: MessageType.RICH_LINK;
  /** Link details. */ payload: RichLinkMessagePayload;
}
/** Where a streamed message's text comes from. */
export interface StreamedPayload {
  /** `sse`. */ protocol: string;
  /** The EventSource URL. */ sourceUrl: string;
}
/** A streamed (generated) message. */
export interface StreamedMessageContent extends MessageContentBase {
  /** STREAMED. */ type: MessageType.STREAMED;
  /** The stream. */ payload: StreamedPayload;
}
/** Any message content. */
export type MessageContent =
  | MessageTextContent
  | QuickRepliesMessageContent
  | ListPickerMessageContent
  | RichLinkMessageContent
  | StreamedMessageContent;

// ===========================================================================
// Messages, contacts, threads, channel

/** A message in a thread. */
export interface Message {
  /** Server id. */ id: MessageId;
  /** The id the sender gave it (options.messageId for our sends). */ idOnExternalPlatform: string;
  /** Server thread id. */ threadId: string;
  /** The thread's id as the page names it. */ threadIdOnExternalPlatform: ThreadIdOnExternalPlatform;
  /** Contact number. */ contactNumber?: ContactNumber;
  /** Storage id of the contact (deprecated). */ postId?: string;
  /** Creation time (ISO 8601). */ createdAt: string;
  /** Creation time with milliseconds. */ createdAtWithMilliseconds?: string;
  /** `inbound`: from the customer; `outbound`: to the customer. */ direction: 'inbound' | 'outbound';
  /** The content. */ messageContent: MessageContent;
  /** Attached files. */ attachments: Array<Attachment>;
  /** The agent or bot who wrote it (outbound). */ authorUser: User | null;
  /** The customer who wrote it (inbound). */
  authorEndUserIdentity: (CustomerIdentity & {
    /** Server id of the customer. */ id?: string;
    /** Full name. */ fullName?: string;
    /** Nickname. */ nickname?: string;
  }) | null;
  /** The user it is attributed to. */ user?: User | null;
  /** Written by an agent. */ isMadeByUser?: boolean;
  /** Read by the customer. */ isRead?: boolean;
  /** Written by a generative bot. */ isAiGenerated?: boolean;
  /** Deliveries. */ delivered?: Array<{
    /** When (ISO 8601). */ deliveredAt: string;
    /** The customer it reached, if any. */ endUserId: string;
    /** The agent it reached, if any. */ userId: UserId;
  }>;
  /** Views. */ seen?: Array<{
    /** When (ISO 8601). */ seenAt: string;
    /** The customer who saw it, if any. */ endUserId: string;
    /** The agent who saw it, if any. */ userId: UserId;
  }>;
  /** When the agent saw and read it. */ userStatistics?: {
    /** When the agent saw it. */ seenAt: string | null;
    /** When the agent read it. */ readAt: string | null;
  };
  /** When the customer saw it. */ customerStatistics?: {
    /** When the customer saw it (lastMessageSeen). */ seenAt: string | null;
  };
  /** Its content was too large and is fetched separately (the SDK does it). */ hasAdditionalMessageContent?: boolean;
  /** When the agent read it. */ readAt?: string | null;
}
/** A message as MessageSent reports it. */
export interface SentMessage {
  /** Attached files. */ attachments: Array<Attachment>;
  /** The customer, if they wrote it. */ authorEndUserIdentity: Message['authorEndUserIdentity'];
  /** The agent, if they wrote it. */ authorUser: User | null;
  /** Creation time. */ createdAt: string;
  /** Direction. */ direction: 'inbound' | 'outbound';
  /** The sender's id for it. */ idOnExternalPlatform: string;
  /** The content. */ messageContent: MessageContent;
  /** The thread. */ threadIdOnExternalPlatform: ThreadIdOnExternalPlatform;
}

/** A contact: one conversation episode of a thread, handled by agents. */
export interface Contact {
  /** Contact number. */ id: ContactNumber;
  /** Server thread id. */ threadId: string;
  /** The thread as the page names it. */ threadIdOnExternalPlatform: ThreadIdOnExternalPlatform;
  /** Channel. */ channelId?: ChannelId;
  /** Status. */ status: ContactStatus;
  /** When the status last changed. */ statusUpdatedAt?: string;
  /** Creation time. */ createdAt: string;
  /** Contact custom fields. */ customFields: Array<CustomField>;
  /** Assigned agent's id. */ inboxAssignee?: UserId | null;
  /** Assigned agent. */ inboxAssigneeUser: User | null;
  /** Pre-assigned agent. */ inboxPreAssigneeUser?: User | null;
  /** Owner. */ ownerAssigneeUser?: User | null;
  /** Targeted agent. */ targetedUser?: User | null;
  /** Routing queue. */ routingQueueId?: string | null;
}
/** A case: the older name of a contact, as push events carry it. */
export interface Case extends Omit<Contact, 'inboxAssigneeUser'> {
  /** Assigned agent. */ inboxAssigneeUser?: User | null;
  /** Direction. */ direction?: 'inbound' | 'outbound';
  /** The customer. */ endUser?: CustomerView;
}

/** A thread as listed by getThreadList. */
export interface ThreadView {
  /** Server id. */ id: string;
  /** The id the page uses with getThread. */ idOnExternalPlatform: ThreadIdOnExternalPlatform;
  /** Its name (setName). */ threadName: string;
  /** False once archived. */ canAddMoreMessages: boolean;
  /** Channel. */ channelId?: ChannelId;
}

/** The channel's settings: availability, features, file rules, translations, theme. */
export interface ChannelInfo {
  /** Channel name. */ name: string;
  /** A live-chat channel (LivechatThread) rather than messaging. */ isLiveChat: boolean;
  /** Availability now. */ availability: {
    /** `online` or `offline`. */ status: ChannelAvailability;
  };
  /** Settings. */
  settings: {
    /** A customer may have several threads (getThreadList). */ hasMultipleThreadsPerEndUser: boolean;
    /** Customers may invite others to a contact (group chat). */ isGroupChatAllowed?: boolean;
    /** Customers may ask for a transcript (sendTranscript). */ liveChatAllowTranscript?: boolean;
    /** Agents see what is being typed (keystrokeForPreview). */ enableChatTypingPreview?: boolean;
    /** The channel has a persistent menu (getPersistentMenuItems). */ enablePersistentMenu?: boolean;
    /** What attachments are accepted. */
    fileRestrictions: {
      /** The largest file, in MB (a numeric string). */ allowedFileSize: string;
      /** The file types accepted. */
      allowedFileTypes: Array<{
        /** A MIME type or pattern, e.g. `image/*`. */ mimeType: string;
        /** What it is, for people. */ description: string;
      }>;
      /** Attachments are accepted at all. */ isAttachmentsEnabled: boolean;
    };
    /** Feature switches by name. */ features?: Record<string, boolean>;
    /** Other settings the server sends. */
    [setting: string]: unknown;
  };
  /** Messages need an access token. */ isAuthorizationEnabled: boolean;
  /** Secured cookies are on. */ isSecuredCookieEnabled?: boolean;
  /** UI strings for the requested locale. */ translations?: Record<string, string>;
  /** The locale of `translations`. */ translationsLocale?: string;
  /** The channel's id on the external platform. */ channelIdOnExternalPlatform?: string;
  /** Theme colours. */ colors?: Record<string, string>;
  /** Pre-contact form. */ preContactForm?: unknown;
  /** Other fields the server sends. */
  [field: string]: unknown;
}
/** getChannelAvailability's result. */
export interface ChannelAvailabilityResponse {
  /** online or offline. */ status: ChannelAvailability;
}
/** Options of the free getChannelInfo / getChannelAvailability functions. */
export interface ChannelInfoOptions {
  /** Region or custom (default NA1). */ environment?: EnvironmentName;
  /** Endpoints for custom. */ customEnvironment?: EnvironmentEndpoints;
  /** Caller name. */ appName?: string;
  /** Caller version. */ appVersion?: string | number;
  /** Extra headers. */ httpHeaders?: Record<string, string>;
}
/** Options of the free getChannelAvailability function. */
export type ChannelAvailabilityOptions = ChannelInfoOptions;

/** An item of the channel's persistent menu. */
export interface PersistentMenuItem {
  /** Id. */ id: string;
  /** Label to show. */ label: string;
  /** Postback to send when chosen. */ postback: string;
}

/** What sendOfflineMessage takes. */
export interface OfflineMessageData {
  /** The customer's name. */ name: string;
  /** Their email. */ email: string;
  /** The message. */ message: string;
}

// ===========================================================================
// Events: what listeners receive in `event.detail`

/** A normalised event: the `detail` of every chat CustomEvent, and most call results. */
export interface ChatEventData {
  /** Event id. */ id: string;
  /** Event name (absent when the server named none). */ type?: ChatEventType;
  /** Creation time (ISO 8601). */ createdAt: string;
  /** Creation time with milliseconds. */ createdAtWithMilliseconds?: string;
  /** The payload; narrow it with the is…Event guards or by the listener's event name. */ data: unknown;
  /** Who caused the event. */
  context?: [] | {
    /** The agent, customer or system that caused it, when known. */
    initiator?: {
      /** Its kind, e.g. `user`. */ type: string;
      /** Its id. */ id: string;
    } | null;
  };
  /** Present when the server answered a request with an error. */
  error?: {
    /** The server's error code, e.g. `RecoveringThreadFailed`. */ errorCode: string;
    /** Its message. */ errorMessage: string;
    /** The server's id of the failed transaction, for support requests. */ transactionId: string;
  };
}
/** The DOM event a chat listener receives. */
export type ChatCustomEvent<T extends ChatEventData = ChatEventData> = CustomEvent<T>;
/** A chat listener as the reference types it. */
export type EventListenerFunction = (event: ChatCustomEvent) => void;
/** Removes the listener it was returned for. */
export type RemoveListenerFunction = () => void;
/** An EventTarget of chat events (the reference's type for the SDK's internal event bus; type only). */
export interface IChatEventTarget extends EventTarget {
  /** Listens to a chat event. */
  addEventListener(type: ChatEventType | string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  /** Dispatches a chat event. */
  dispatchEvent(event: ChatCustomEvent): boolean;
  /** Stops listening. */
  removeEventListener(type: ChatEventType | string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
/** The answer to a request that succeeded (e.g. a sent message's acknowledgement). */
export interface MessageSuccessEventData extends ChatEventData {
  /** Event id. */ id: string;
}

/** Data of MessageCreated. */
export interface MessageCreatedData {
  /** The brand. */ brand: {
    /** The brand id. */ id: BrandId; [field: string]: unknown;
  };
  /** The channel. */ channel: {
    /** The channel id. */ id: ChannelId; [field: string]: unknown;
  };
  /** The contact. */ case: Case;
  /** The thread. */ thread: ThreadView;
  /** The message. */ message: Message;
}
/** A message was created. */
export interface MessageCreatedEvent extends ChatEventData {
  /** MessageCreated. */ type: ChatEvent.MESSAGE_CREATED;
  /** Message, thread, contact. */ data: MessageCreatedData;
}
/** Data of MessageSent. */
export interface MessageSentData {
  /** The brand. */ brand: {
    /** The brand id. */ id: BrandId; [field: string]: unknown;
  };
  /** The thread. */ thread: ThreadView;
  /** The message. */ message: SentMessage;
}
/** A message was sent to the customer. */
export interface MessageSentEvent extends ChatEventData {
  /** MessageSent. */ type: ChatEvent.MESSAGE_SENT;
  /** Message and thread. */ data: MessageSentData;
}
/** An agent read a message. */
export interface MessageReadChangedEvent extends ChatEventData {
  /** MessageReadChanged. */ type: ChatEvent.MESSAGE_READ_CHANGED;
  /** The message and its contact. */ data: {
    /** The brand. */ brand: {
      /** The brand id. */ id: BrandId;
    };
    /** The contact. */ contact: Contact;
    /** The message, with its new readAt. */ message: Message;
  };
}

/** Data of typing events. */
export interface AgentTypingStartedData {
  /** The thread. */ thread: ThreadView;
  /** Who types (absent when hidden). */ user?: User;
  /** `outbound` for agents. */ direction?: 'inbound' | 'outbound';
  /** The brand. */ brand?: {
    /** The brand id. */ id: BrandId;
  };
  /** The channel. */ channel?: {
    /** The channel id. */ id: ChannelId;
  };
}
/** Data of AgentTypingEnded. */
export type AgentTypingEndedData = AgentTypingStartedData;
/** An agent started typing. */
export interface AgentTypingStartedEvent extends ChatEventData {
  /** AgentTypingStarted. */ type: ChatEvent.AGENT_TYPING_STARTED;
  /** Thread and agent. */ data: AgentTypingStartedData;
}
/** An agent stopped typing. */
export interface AgentTypingEndedEvent extends ChatEventData {
  /** AgentTypingEnded. */ type: ChatEvent.AGENT_TYPING_ENDED;
  /** Thread and agent. */ data: AgentTypingEndedData;
}
/** Someone other than an agent started or stopped typing. */
export interface SenderTypingEvent extends ChatEventData {
  /** SenderTypingStarted or SenderTypingEnded. */ type: ChatEvent.SENDER_TYPING_STARTED | ChatEvent.SENDER_TYPING_ENDED;
  /** Thread and sender. */ data: AgentTypingStartedData;
}

/** Data of AssignedAgentChanged. */
export interface AssignedAgentChangedData {
  /** The contact. */ case: Case;
  /** The new agent, or null. */ inboxAssignee: User | null;
  /** The previous agent, or null. */ previousInboxAssignee: User | null;
  /** Preferred agent. */ preferredUserForNextAssign?: User | null;
}
/** The contact's agent changed. */
export interface AssignedAgentChangedEvent extends ChatEventData {
  /** AssignedAgentChanged. */ type: ChatEvent.ASSIGNED_AGENT_CHANGED;
  /** Contact and agents. */ data: AssignedAgentChangedData;
}
/** Data of ContactCreated. */
export interface ContactCreatedData {
  /** The contact. */ case: Case;
  /** Its thread. */ thread?: ThreadView;
  /** The brand. */ brand?: {
    /** The brand id. */ id: BrandId;
  };
  /** The channel. */ channel?: {
    /** The channel id. */ id: ChannelId;
  };
}
/** A contact was created. */
export interface ContactCreatedChatEvent extends ChatEventData {
  /** ContactCreated. */ type: ChatEvent.CONTACT_CREATED;
  /** The contact. */ data: ContactCreatedData;
}
/** Data of ContactStatusChanged. */
export interface ContactStatusChangedData {
  /** The contact, with its new status. */ case: Case;
  /** The brand. */ brand?: {
    /** The brand id. */ id: BrandId;
  };
  /** The channel. */ channel?: {
    /** The channel id. */ id: ChannelId;
  };
}
/** A contact's status changed. */
export interface ContactStatusChangedChatEvent extends ChatEventData {
  /** ContactStatusChanged. */ type: ChatEvent.CONTACT_STATUS_CHANGED;
  /** The contact. */ data: ContactStatusChangedData;
}
/** Data of ContactRecipientsChanged. */
export interface ContactRecipientsChangedData {
  /** The contact. */ contact: Contact;
  /** The brand. */ brand?: {
    /** The brand id. */ id: BrandId;
  };
  /** The channel. */ channel?: {
    /** The channel id. */ id: ChannelId;
  };
}
/** A contact's recipients changed. */
export interface ContactRecipientsChangedChatEvent extends ChatEventData {
  /** ContactRecipientsChanged. */ type: ChatEvent.CONTACT_RECIPIENTS_CHANGED;
  /** The contact. */ data: ContactRecipientsChangedData;
}
/** A contact moved to another routing queue. */
export interface ContactToRoutingQueueAssignmentChangedChatEvent extends ChatEventData {
  /** ContactToRoutingQueueAssignmentChanged. */ type: ChatEvent.CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED;
  /** The contact and its queues. */
  data: {
    /** The contact. */ case: Case;
    /** The queue it is in now. */ routingQueue: {
      /** Queue id. */ id: string;
      /** Queue name. */ name: string;
    } | null;
    /** The queue it was in. */ previousRoutingQueue?: {
      /** Queue id. */ id: string;
      /** Queue name. */ name: string;
    } | null;
  };
}

/** Data of SetPositionInQueue. */
export interface SetPositionInQueueData {
  /** The waiting contact. */ consumerContact: {
    /** The contact number. */ id: ContactNumber;
  };
  /** 1 = next. */ positionInQueue: number;
  /** The queue. */ routingQueue?: {
    /** Queue id. */ id?: string;
  };
  /** Some agent of the queue is online. */ isAnyAgentOnlineForQueue?: boolean;
  /** Some agent is available (older servers). */ isAgentAvailable?: boolean;
}
/** The customer's place in the live-chat queue. */
export interface SetPositionInQueueChatEvent extends ChatEventData {
  /** SetPositionInQueue. */ type: ChatEvent.SET_POSITION_IN_QUEUE;
  /** Position. */ data: SetPositionInQueueData;
}

/** A recovered thread's state, as the server sends it. */
export interface ThreadRecoveredPostbackData {
  /** The current contact (null when none). */ contact: Contact | null;
  /** The thread. */ thread: {
    /** Server thread id. */ id: string;
    /** The thread as the page names it. */ idOnExternalPlatform: ThreadIdOnExternalPlatform;
    /** Its name (setName). */ threadName: string;
  };
  /** The latest messages, newest first. */ messages: Array<Message>;
  /** Token for loadMoreMessages. */ messagesScrollToken: string;
  /** Assigned agent. */ inboxAssignee: User | null;
  /** Owner. */ ownerAssignee: User | null;
  /** The customer and their fields. */ customer: CustomerView | null;
  /** Earlier events of the contact. */ contactHistory: Array<unknown>;
}
/** What thread.recover() resolves with. */
export interface ThreadRecoveredData extends Omit<ThreadRecoveredPostbackData, 'contactHistory'> {
  /** Earlier events of the contact. */ contactHistory: Array<ChatEventData>;
}
/** The ThreadRecovered / LivechatRecovered event: what recoverThreadData resolves with. */
export interface ThreadRecoveredChatEvent extends ChatEventData {
  /** ThreadRecovered or LivechatRecovered. */ type?: ChatEvent.THREAD_RECOVERED | ChatEvent.LIVECHAT_RECOVERED;
  /** The thread's state. */ data: ThreadRecoveredData;
}
/** Older messages (loadMoreMessages). */
export interface MoreMessagesLoadedEvent extends ChatEventData {
  /** The page of messages and the token for the next. */
  data: {
    /** The older messages. */ messages: Array<Message>;
    /** Where the next page starts (empty at the start of the thread). */ scrollToken: string;
    /** Earlier events of the contact. */ contactHistory?: Array<unknown>;
  };
}
/** Data of ThreadMetadataLoaded. */
export interface ThreadMetadataLoadedPostbackData {
  /** The latest message. */ lastMessage: Message;
  /** Owner. */ ownerAssignee: User | null;
}
/** A thread's metadata (getMetadata). */
export interface LoadThreadMetadataChatEvent extends ChatEventData {
  /** ThreadMetadataLoaded. */ type: ChatEvent.THREAD_METADATA_LOADED;
  /** Last message and owner. */ data: ThreadMetadataLoadedPostbackData;
}
/** A thread was archived. */
export interface ThreadArchivedEvent extends ChatEventData {
  /** ThreadArchived. */ type: ChatEvent.THREAD_ARCHIVED;
}
/** Data of ThreadListFetched. */
export interface ThreadListFetchedPostbackData {
  /** The customer's threads. */ threads: Array<ThreadView>;
}
/** The access token was renewed. */
export interface TokenRefreshedSuccessResponse {
  /** TokenRefreshed. */ type: ChatEvent.TOKEN_REFRESHED;
  /** The new token. */ data: {
    /** The renewed access token. */ accessToken: AccessToken;
  };
}

/** Data of a successful authorization. */
export interface ConsumerAuthorizationSuccessPayloadData {
  /** The access token (when authorization is enabled). */ accessToken?: AccessToken;
  /** Who the customer is. */ consumerIdentity: CustomerIdentity;
  /** Basic channel state. */
  channel?: {
    /** Availability now. */ availability: {
      /** `online` or `offline`. */ status: ChannelAvailability;
    };
    /** What kind of channel it is. */ settings: {
      /** Live chat rather than messaging. */ isLivechat: boolean;
      /** A customer may have several threads. */ hasMultipleThreadsPerCustomer: boolean;
      /** Messages need an access token. */ isAuthorizationEnabled: boolean;
    };
  };
  /** Contact custom fields. */ contact?: {
    /** The fields, as `[{ ident, value }]`. */ customFields: Array<CustomField>;
  };
  /** Customer custom fields. */ customer?: {
    /** The fields, as `[{ ident, value }]`. */ customFields: Array<CustomField>;
  };
}
/** ConsumerAuthorized data with its status. */
export interface AuthorizeConsumerEventSuccessResponseData extends ConsumerAuthorizationSuccessPayloadData {
  /** success. */ status: 'success';
}
/** A successful ConsumerAuthorized event. */
export interface AuthorizeConsumerEventSuccessResponse extends ChatEventData {
  /** ConsumerAuthorized. */ type: ChatEvent.CONSUMER_AUTHORIZED;
  /** Identity and token. */ data: AuthorizeConsumerEventSuccessResponseData;
}
/** What authorize() resolves with when an existing token was reused. */
export interface CustomerReconnectSuccessPayloadData {
  /** Always true. */ reconnected: true;
}

/** A piece of a streamed message. */
export interface StreamedMessageDelta {
  /** The new text. */ content: string;
}
/** Data of the STREAMED_MESSAGE_* events. */
export interface StreamedMessageEventData {
  /** The message's id. */ messageId: string;
  /** Its thread. */ threadId: string;
  /** The STREAMED message as it was created. */ originalMessage: Message;
  /** All text so far. */ fullContent: string;
  /** What this event added (Delta, Completed). */ delta?: StreamedMessageDelta;
}
/** One of the STREAMED_MESSAGE_* events. */
export interface StreamedMessageEvent extends ChatEventData {
  /** Which step. */
  type: ChatEvent.STREAMED_MESSAGE_STARTED | ChatEvent.STREAMED_MESSAGE_DELTA | ChatEvent.STREAMED_MESSAGE_FAILED | ChatEvent.STREAMED_MESSAGE_COMPLETED;
  /** The text so far. */ data: StreamedMessageEventData;
}

/** A server push event in its wire form (before normalisation). */
export interface PushUpdateEvent {
  /** Event id. */ eventId: string;
  /** Server event name. */ eventType: string;
  /** Object kind. */ eventObject: string;
  /** Creation time. */ createdAt: string;
  /** Creation time with milliseconds. */ createdAtWithMilliseconds: string;
  /** Who caused it. */ context?: ChatEventData['context'];
  /** Payload. */ data: unknown;
}

/**
 * The detail type of each event name, for typed listeners:
 * `onChatEvent(ChatEvent.MESSAGE_CREATED, (e) => e.detail.data.message)`.
 * Names without an entry carry a plain ChatEventData.
 */
export interface ChatEventMap {
  /** The detail of `MessageCreated`. */ MessageCreated: MessageCreatedEvent;
  /** The detail of `MessageSent`. */ MessageSent: MessageSentEvent;
  /** The detail of `MessageReadChanged`. */ MessageReadChanged: MessageReadChangedEvent;
  /** The detail of `AgentTypingStarted`. */ AgentTypingStarted: AgentTypingStartedEvent;
  /** The detail of `AgentTypingEnded`. */ AgentTypingEnded: AgentTypingEndedEvent;
  /** The detail of `SenderTypingStarted`. */ SenderTypingStarted: SenderTypingEvent;
  /** The detail of `SenderTypingEnded`. */ SenderTypingEnded: SenderTypingEvent;
  /** The detail of `AssignedAgentChanged`. */ AssignedAgentChanged: AssignedAgentChangedEvent;
  /** The detail of `ContactCreated`. */ ContactCreated: ContactCreatedChatEvent;
  /** The detail of `ContactStatusChanged`. */ ContactStatusChanged: ContactStatusChangedChatEvent;
  /** The detail of `ContactRecipientsChanged`. */ ContactRecipientsChanged: ContactRecipientsChangedChatEvent;
  /** The detail of `ContactToRoutingQueueAssignmentChanged`. */ ContactToRoutingQueueAssignmentChanged: ContactToRoutingQueueAssignmentChangedChatEvent;
  /** The detail of `SetPositionInQueue`. */ SetPositionInQueue: SetPositionInQueueChatEvent;
  /** The detail of `ThreadRecovered`. */ ThreadRecovered: ThreadRecoveredChatEvent;
  /** The detail of `LivechatRecovered`. */ LivechatRecovered: ThreadRecoveredChatEvent;
  /** The detail of `MoreMessagesLoaded`. */ MoreMessagesLoaded: MoreMessagesLoadedEvent;
  /** The detail of `ThreadMetadataLoaded`. */ ThreadMetadataLoaded: LoadThreadMetadataChatEvent;
  /** The detail of `ThreadArchived`. */ ThreadArchived: ThreadArchivedEvent;
  /** The detail of `StreamedMessageStarted`. */ StreamedMessageStarted: StreamedMessageEvent;
  /** The detail of `StreamedMessageDelta`. */ StreamedMessageDelta: StreamedMessageEvent;
  /** The detail of `StreamedMessageFailed`. */ StreamedMessageFailed: StreamedMessageEvent;
  /** The detail of `StreamedMessageCompleted`. */ StreamedMessageCompleted: StreamedMessageEvent;
}
/** The `detail` type a listener for `K` receives. */
export type ChatEventDetail<K extends ChatEventType> = K extends keyof ChatEventMap ? ChatEventMap[K] : ChatEventData;

// ===========================================================================
// Errors

/**
 * Ours: what kind of failure an SDK error is, in `error.code`, for
 * branching without parsing messages. Every error the SDK raises has one.
 * - `invalid-argument`: a bad argument or option (checked before anything is sent)
 * - `timeout`: no answer within `requestTimeout`
 * - `canceled`: aborted (AbortablePromise.abort, or an AbortSignal)
 * - `closed`: not connected, or the connection was given up
 * - `protocol`: the server answered something unusable
 * - `server`: the server answered with an error (details in `data`)
 * - `unauthorized`: authorization was refused
 * - `internal`: a bug in the SDK (reported, and the SDK keeps working)
 */
export type ChatErrorCode =
  | 'invalid-argument'
  | 'timeout'
  | 'canceled'
  | 'closed'
  | 'protocol'
  | 'server'
  | 'unauthorized'
  | 'internal';

/** The error object of a server's error answer. */
export interface ServerErrorData {
  /** The server's code. */ errorCode: string;
  /** The server's reason. */ errorMessage: string;
  /** For support. */ transactionId: string;
}

/**
 * Base class of the SDK's errors (all but the connection, storage, version
 * and IP-block errors). `message` reads `[ChatSDKError]: …`.
 *
 * @example
 * try { await thread.sendTextMessage(text) } catch (e) {
 *   if (e instanceof ChatSDKError && e.code === 'timeout') retryLater()
 * }
 */
export declare class ChatSDKError extends Error {
  /** The class name, e.g. `ChatSDKError`. */
  name: string;
  /** Details: `{ response }` with the server's answer where there is one. */
  data: unknown;
  /** Extra details when wrapping another error. */
  additionalInfo?: unknown;
  /** Ours: the kind of failure (set on every error the SDK raises). */
  code?: ChatErrorCode;
  /** @param error a message, or an error to wrap; @param data details. */
  constructor(error: unknown, data?: unknown);
}
/** A message could not be sent; `data.response` is the server's answer. */
export declare class SendMessageFailedError extends ChatSDKError {
  /** The server's answer, when it sent one. */
  data: {
    /** The server's answer. */ response: unknown;
  } | undefined;
  /** @param message what failed; @param data the server's answer. */
  constructor(message: string, data?: { response: unknown });
}
/** A thread could not be recovered, or does not exist. */
export declare class ThreadRecoverFailedError extends ChatSDKError {
  /** The server's answer, when it sent one. */
  data: {
    /** The server's answer. */ response: ChatEventData;
  } | undefined;
  /** @param message what failed; @param data the server's answer. */
  constructor(message: string, data?: { response: ChatEventData });
}
/**
 * An attachment was refused, before any upload (the channel's fileRestrictions)
 * or by the server; `data.response` tells the allowed size and types.
 */
export declare class UploadAttachmentError extends ChatSDKError {
  /** The allowed size and types, and (ours) which file was refused and why. */
  data: UploadAttachmentErrorData | undefined;
  /** @param message what failed; @param data the server's answer. */
  constructor(message: string, data?: UploadAttachmentErrorData);
}
/** The data of an UploadAttachmentError. */
export interface UploadAttachmentErrorData {
  /** The channel's restrictions, in the upload route's shape. */
  response: UploadFailResponse;
  /** Ours: the index of the refused file in the call. */ fileIndex?: number;
  /** Ours: its name. */ fileName?: string;
  /** Ours: the refused File itself. */ file?: File;
  /** Ours: why — attachments off, too large, a type not allowed, or the server said no. */ reason?: 'disabled' | 'size' | 'type' | 'server';
}
/** Why an upload was refused. */
export interface UploadFailResponse {
  /** Largest size allowed, e.g. `40MB`. */ allowedFileSize: string;
  /** Types allowed. */ allowedFileTypes: Array<{
    /** What it is, for people. */ description: string;
    /** A MIME type or pattern, e.g. `image/*`. */ mimeType: string;
  }>;
}
/** Authorization or a token renewal failed; the message ends with the server's reason. */
export declare class AuthorizationError extends ChatSDKError {
  /** The server's error object. */
  data: ServerErrorData | undefined;
  /** @param message what failed; @param data the server's error, whose reason is appended. */
  constructor(message: string, data?: Partial<ServerErrorData> | null);
}
/** A group chat invitation could not be created. */
export declare class CreateInvitationFailedError extends ChatSDKError {
  /** The server's answer. */
  data: ChatEventData;
  /** @param message what failed; @param data the server's answer. */
  constructor(message: string, data: ChatEventData);
}
/** Joining a group chat failed. */
export declare class JoinGroupChatFailedError extends ChatSDKError {
  /** The server's answer, when it sent one. */
  data: {
    /** The server's answer. */ response: ChatEventData;
  } | undefined;
  /** @param message what failed; @param data the server's answer. */
  constructor(message: string, data?: { response: ChatEventData });
}
/** An email invitation to a group chat could not be sent. */
export declare class SendEmailInvitationFailedError extends ChatSDKError {
  /** The server's answer, when it sent one. */
  data: {
    /** The server's answer. */ response: unknown;
  } | undefined;
  /** @param message what failed; @param data the server's answer. */
  constructor(message: string, data?: { response: unknown });
}
/** The call was aborted; its `code` is `canceled`. */
export declare class AbortError extends ChatSDKError {
  /** @param message the abort reason (default `Aborted`). */
  constructor(message?: string);
}
/** The brand blocks the client's IP address. */
export declare class IpAddressBlockedError extends Error {
  /** `ipAddressBlocked`. */
  name: string;
  /** Ours: the kind of failure when the SDK raised it. */
  code?: ChatErrorCode;
}
/** The server no longer accepts this SDK version. */
export declare class SdkVersionNotSupported extends Error {
  /** `SdkVersionNotSupported`. */
  name: string;
  /** Asks to update the SDK. */
  message: string;
  /** Ours: the kind of failure when the SDK raised it. */
  code?: ChatErrorCode;
}
/** The storage given to CacheStorage cannot be used. */
export declare class CacheStorageError extends Error {
  /** Ours: present when the SDK classified it. */
  code?: ChatErrorCode;
  /** @param message what is wrong. */
  constructor(message: string);
}
/** The socket failed or closed; `message` says why. */
export declare class WebSocketClientError extends Error {
  /** `WebSocketClientError`. */
  name: string;
  /** Ours: the kind of failure when the SDK raised it. */
  code?: ChatErrorCode;
  /** @param message what happened; @param reason the close reason, appended in parentheses. */
  constructor(message: string, reason?: string);
}
/** The connection died (no heartbeat) and could not be restored. */
export declare class WebSocketConnectionError extends Error {
  /** `WebSocketConnectionError`. */
  name: string;
  /** Ours: the kind of failure when the SDK raised it. */
  code?: ChatErrorCode;
  /** @param message what happened; @param reason appended in parentheses. */
  constructor(message: string, reason?: string);
}
/** True for a ChatSDKError that carries `data`. */
export declare function isChatSDKError(error: unknown): error is ChatSDKError;

// ===========================================================================
// AbortablePromise

/** Something that can be aborted. */
export interface Abortable {
  /** Aborts; the promise rejects with AbortError. */
  abort: (reason?: string) => void;
  /** The reason given to abort(), once aborted. */
  readonly abortReason?: string;
}
/** The executor of an AbortablePromise: a Promise executor plus the signal abort() fires. */
export type AbortableExecutorFunction<T> = (
  resolve: (value: T | PromiseLike<T>) => void,
  reject: (reason?: unknown) => void,
  abortSignal: AbortSignal,
) => void;
/**
 * A Promise that can be aborted: `abort()` rejects it with AbortError (code
 * `canceled`) and, for SDK calls, cancels the request.
 *
 * @example
 * const p = sdk.recoverThreadData(id)
 * setTimeout(() => p.abort('too slow'), 5000)
 */
export declare class AbortablePromise<T> extends Promise<T> implements Abortable {
  /** Aborts: rejects with AbortError(reason) and fires the executor's signal. */
  abort: (reason?: string) => void;
  /** @param executor as a Promise's, with an AbortSignal as third argument. */
  constructor(executor: AbortableExecutorFunction<T>);
  /** The reason given to abort(), once aborted. */
  get abortReason(): string | undefined;
  /** Wraps a Promise (an AbortablePromise is returned as is); abort() then only rejects the wrapper. */
  static from: <P>(promise: Promise<P>) => AbortablePromise<P>;
}

// ===========================================================================
// Storage

/** Synchronous string storage, e.g. `window.localStorage`. */
export interface IStorage {
  /** The value at key, or null. */
  getItem(key: string): string | null;
  /** Stores value at key. */
  setItem(key: string, value: string): void;
  /** Removes key. */
  removeItem(key: string): void;
}
/** A cache of JSON values that expire. */
export interface ICacheStorage {
  /** The value at key, or null when absent or expired. */
  getItem<T = unknown>(key: string): T | null;
  /** Removes key. */
  removeItem(key: string): void;
  /** Stores data at key for ttl milliseconds. */
  setItem(key: string, data: unknown, ttl: number): void;
}
/** What CacheStorage writes for each key. */
export interface CachedStorageItem {
  /** The value. */ data: unknown;
  /** Expiry, in ms since the epoch; null (ours) for an item stored without a ttl. */ expiresAt: number | null;
}
/**
 * An ICacheStorage on top of an IStorage: values as JSON, each with a time
 * to live.
 *
 * @example
 * new ChatSdk({ …, cacheStorage: new CacheStorage(localStorage, 'chat-') })
 */
export declare class CacheStorage implements ICacheStorage {
  /**
   * @param storage where to keep items (e.g. localStorage)
   * @param keyPrefix put before every key
   * @throws CacheStorageError when storage lacks getItem/setItem/removeItem
   */
  constructor(storage: IStorage, keyPrefix?: string);
  /** The value at key, or null when absent, unreadable or expired (expired items are removed). */
  getItem<T = unknown>(key: string): T | null;
  /** Removes key. */
  removeItem(key: string): void;
  /** Stores data (as JSON) at key for ttl milliseconds; without a ttl (ours) it stays until removed. */
  setItem(key: string, data: unknown, ttl?: number): void;
}

// ===========================================================================
// Options and callbacks

/** Receives errors the SDK does not throw (connection, token renewal, bad pushes). */
export type ErrorCallback = (error: Error) => void;
/** Receives every raw socket frame; `event.detail.data` is its text. */
export type RawEventCallback = (event: CustomEvent<{ data: string }>) => void;
/** Told of each secured-session token step. */
export type AuthorizationCallback = (status: 'success' | 'error', response: Partial<TransactionTokenResponse>) => void;

/** Options of both forms of ChatSDKOptions. */
export interface ChatSDKOptionsBase {
  /** Required: the brand id (a number; a numeric string is accepted at run time). */
  brandId: BrandId;
  /** Required: the channel id. */
  channelId: ChannelId;
  /** The customer id; generated (and kept in `storage`) when absent, or named by a secured session. */
  customerId?: CustomerIdentityIdOnExternalPlatform;
  /** The customer's full name (split into first and last name on the wire). */
  customerName?: string;
  /** The customer's avatar URL. */
  customerImage?: string;
  /** Required: a cache (e.g. `new CacheStorage(localStorage)`), or null for none. */
  cacheStorage: ICacheStorage | null;
  /**
   * Where ids, tokens and unsent messages persist across reloads (e.g. `localStorage`), or null
   * for memory only. Optional, so that options written for the reference 2.2.0 (which has no
   * `storage`) compile; when absent, the storage inside `cacheStorage` is used, else memory only.
   */
  storage?: IStorage | null;
  /** Live chat (LivechatThread) rather than messaging; learned from the channel when absent. */
  isLivechat?: boolean;
  /** Put the access token on messages. */
  isAuthorizationEnabled?: boolean;
  /** Identify the customer through the authorize service (SecureSessions). */
  securedSession?: SecureSessionsType;
  /** Whether the browser allows third-party cookies (SECURED_COOKIES). */
  isThirdPartyCookiesSupported?: boolean;
  /** An authorization code for the first connection. */
  authorizationCode?: string;
  /** A fallback identity token (SECURED_COOKIES). */
  identityToken?: string;
  /** The visitor id; generated when absent. */
  visitorId?: VisitorId;
  /** The visit id; generated when absent. */
  visitId?: VisitId;
  /** The chat window id. */
  destinationId?: string;
  /** The locale of channel info translations; default `navigator.language`. */
  language?: string;
  /** Your application's name (X-Caller-Service-Id). */
  appName?: string;
  /** Your application's version. */
  appVersion?: string | number;
  /** Extra headers and socket query pairs. */
  networkRequestMetadata?: NetworkRequestMetadata;
  /** Where errors go instead of being thrown (construction errors too). */
  onError?: ErrorCallback;
  /** Receives every raw socket frame. */
  onRawEvent?: RawEventCallback;
  /** Told of secured-session token steps. */
  onAuthorization?: AuthorizationCallback;
  /** Ours: bound on every request, in ms (default 20000); a timeout rejects with code `timeout`. */
  requestTimeout?: number;
  /** Ours: earliest renewal of an access token, in ms (default 20000). */
  tokenRefreshMinDelay?: number;
  /** Ours: heartbeat period, in ms (default 15000). */
  heartbeatInterval?: number;
  /** Ours: silence after which the socket is declared dead, in ms (default 45000). */
  heartbeatTimeout?: number;
  /** Ours: first reconnection wait, in ms, before jitter (default 1000). */
  reconnectMinDelay?: number;
  /** Ours: cap of the reconnection backoff, in ms (default 30000). */
  reconnectMaxDelay?: number;
  /** Ours: reconnection attempts before giving up (default 20). */
  maxReconnectAttempts?: number;
  /** Ours: requests allowed per 5 s (default 100; more wait); negative for no limit. */
  requestRateLimit?: number;
  /**
   * Ours: where `cxone-chat.wasm` is served (absolute, or relative to the page). Honoured until
   * the wasm starts loading, as `configure({ wasmUrl })` is; a different URL after that is an
   * error (code `invalid-argument`). Default: beside the SDK's module or script.
   */
  wasmUrl?: string | URL;
}
/** Options for a CXone region. */
export interface ChatSDKOptionsDefinedEnvironment extends ChatSDKOptionsBase {
  /** The region (default NA1). */
  environment?: Exclude<EnvironmentName, EnvironmentName.custom>;
  /** Only with `custom`. */
  customEnvironment?: undefined;
}
/** Options for endpoints of your own. */
export interface ChatSDKOptionsCustomEnvironment extends ChatSDKOptionsBase {
  /** `custom`. */
  environment: EnvironmentName.custom;
  /** The endpoints. */
  customEnvironment: EnvironmentEndpoints;
}
/** What `new ChatSdk(options)` takes. */
export type ChatSDKOptions = ChatSDKOptionsDefinedEnvironment | ChatSDKOptionsCustomEnvironment;

// ===========================================================================
// Classes

/** The customer: id, name, avatar and customer custom fields. */
export declare class Customer {
  /** The customer id (set once connected). */
  id: CustomerIdentityIdOnExternalPlatform | null;
  /** Full name. */
  name: string | null;
  /** Avatar URL. */
  image: string | null;
  /** Pages get the SDK's customer from sdk.getCustomer(). */
  constructor(id?: CustomerIdentityIdOnExternalPlatform | null, name?: string | null, image?: string | null);
  /** The id, generating a uuid first when there is none. */
  getIdOrCreateNewOne(): CustomerIdentityIdOnExternalPlatform;
  /** Forgets id, name, image and fields. */
  destroy(): void;
  /** The id. */
  getId(): CustomerIdentityIdOnExternalPlatform | null;
  /** Sets the id. */
  setId(customerIdentityIdOnExternalPlatform: CustomerIdentityIdOnExternalPlatform): void;
  /** The name. */
  getName(): string | null;
  /** Sets the name. */
  setName(name: string): void;
  /** The avatar URL. */
  getImage(): string | null;
  /** Sets the avatar URL. */
  setImage(image: string): void;
  /** Kept for the reference's API; the SDK tracks this itself. */
  setExists(exists: boolean): void;
  /** Kept for the reference's API; the SDK wires the connection itself. */
  setWebsocketClient(websocketClient: WebSocketClient): void;
  /** Sets one customer custom field and sends it (once connected; undefined before). */
  setCustomField(name: string, value: string | null): Promise<ChatEventData | undefined> | undefined;
  /** Sets customer custom fields and sends them (once connected; undefined before). */
  setCustomFields(customFields: CustomFieldsObject): Promise<ChatEventData | undefined> | undefined;
  /** The fields as `{ ident: value }`. */
  getCustomFields(): CustomFieldsObject;
  /** Sets fields from `[{ ident, value }]` without sending them. */
  setCustomFieldsFromArray(customFields: Array<CustomField>): void;
  /** The fields as `[{ ident, value }]`. */
  getCustomFieldsArray(): Array<CustomField>;
  /** Sends the current fields (once connected; undefined before). */
  sendCustomFields(): Promise<ChatEventData | undefined> | undefined;
}

/** The `detail` of each connection event. */
export interface WebSocketClientEventMap {
  /** null. */ open: null;
  /** The error that closed the socket, or null. */ close: Error | null;
  /** The error that ended reconnection, or null. */ error: Error | null;
  /** The frame's text. */ message: {
    /** The frame's text. */ data: string;
  };
  /** null. */ reconnecting: null;
  /** null. */ authorizationFailed: null;
}
/** The connection, from sdk.getWebsocketClient() once connected. */
export declare class WebSocketClient {
  /** Only the SDK creates it. */
  private constructor();
  /** Opens the connection (the SDK does it in connect()). */
  connect(): Promise<void>;
  /** Closes the connection for good. */
  disconnect(): void;
  /** Reconnects now instead of waiting out the backoff. */
  reconnect(): void;
  /** Listens to a connection event. */
  on<K extends WebSocketClientEvent>(eventType: K, handlerCallback: (event: CustomEvent<WebSocketClientEventMap[K]>) => void): void;
  /** Stops listening (pass the same function given to on). */
  off<K extends WebSocketClientEvent>(eventType: K, handlerCallback: (event: CustomEvent<WebSocketClientEventMap[K]>) => void): void;
}

/** Options of the send methods. */
export interface SendMessageOptions {
  /** The message id (a uuid); generated when absent. Resends keep it, so the server stores the message once. */
  messageId?: MessageId;
  /** Kept for the reference's API; the SDK reads the browser's fingerprint itself. */
  browserFingerprint?: BrowserFingerprint;
}
/** One step of an upload (ours): `loaded` of `total` bytes of `file` have gone out. */
export interface AttachmentProgress {
  /** The File (one of those given to sendAttachments). */ file: File;
  /** Bytes of the file sent so far; never goes back. */ loaded: number;
  /** The file's size; the last event of a successful upload has loaded === total. */ total: number;
}
/**
 * Options of sendAttachments.
 * @example
 * const ac = new AbortController();
 * await thread.sendAttachments(input.files, {
 *   signal: ac.signal,
 *   onProgress: ({ file, loaded, total }) => { bars.get(file).value = loaded / total; },
 * });
 */
export interface SendAttachmentsOptions extends SendMessageOptions {
  /** Ours: cancels the uploads under way; no message is sent and the promise rejects with AbortError (code `canceled`). */
  signal?: AbortSignal;
  /** Ours: called per file as its bytes go out (XMLHttpRequest upload progress). */
  onProgress?: (progress: AttachmentProgress) => void;
}
/** Options of sendTextMessage and sendPostbackMessage. */
export interface SendTextMessageOptions extends SendMessageOptions {
  /** Ours: gives up the send; the promise rejects with AbortError (code `canceled`). */
  signal?: AbortSignal;
}
/** A message for sendMessage: only `messageContent` is required; the SDK fills the rest. */
export interface SendMessageEventData {
  /** The content: a type and its payload. */
  messageContent: {
    /** The kind, e.g. `TEXT`. */ type: MessageType;
    /** What it carries. */ payload: {
      /** The text. */ text?: string | null;
      /** A postback value. */ postback?: string | null;
      /** Rich elements. */ elements?: unknown[] | null;
    };
    /** The postback this message answers. */ postback?: string | null;
  };
  /** The message id (generated when absent). */
  idOnExternalPlatform?: MessageId;
  /** The thread (this thread when absent). */
  thread?: {
    /** The thread as the page names it. */ idOnExternalPlatform: string;
    /** Its name. */ threadName?: string;
  };
  /** Customer custom fields (merged with the customer's). */
  consumer?: {
    /** The fields, as `[{ ident, value }]`. */ customFields: Array<CustomField>;
  };
  /** Contact custom fields (merged with the thread's). */
  consumerContact?: {
    /** The fields, as `[{ ident, value }]`. */ customFields: Array<CustomField>;
  };
  /** Files already uploaded. */
  attachments?: Array<AttachmentUpload>;
  /** The browser's fingerprint (filled in when absent or empty). */
  browserFingerprint?: BrowserFingerprint | Record<string, never>;
  /** The access token (filled in when authorization is enabled). */
  accessToken?: {
    /** The token. */ token: string;
  };
}
/** A message for sendOutboundMessage. */
export interface SendOutboundEventData extends Omit<SendMessageEventData, 'consumer'> {}

/** One conversation. Get it from sdk.getThread(id). */
export declare class Thread {
  /** The thread's id, as given to getThread. */
  idOnExternalPlatform: ThreadIdOnExternalPlatform;
  /** Only the SDK creates threads: use sdk.getThread(id). */
  protected constructor();
  /**
   * Listens to this thread's events; returns a function that removes the listener.
   * @example
   * thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (e) => show(e.detail.data.message))
   */
  onThreadEvent<K extends ChatEventType>(type: K, handler: (event: ChatCustomEvent<ChatEventDetail<K>>) => void): RemoveListenerFunction;
  /** Fetches the thread's state and latest messages; abort() cancels. @throws ThreadRecoverFailedError */
  recover(): AbortablePromise<ThreadRecoveredData>;
  /** Sends a message built by hand. @throws SendMessageFailedError */
  sendMessage(messageData: SendMessageEventData): Promise<MessageSuccessEventData>;
  /** Sends text; resolves with the server's acknowledgement. @throws SendMessageFailedError */
  sendTextMessage(messageText: string, options?: SendTextMessageOptions): Promise<MessageSuccessEventData>;
  /** Sends a button's postback with its text. @throws SendMessageFailedError */
  sendPostbackMessage(postback: string, messageText: string, options?: SendTextMessageOptions): Promise<MessageSuccessEventData>;
  /** Sends a message on the brand's behalf. @throws SendMessageFailedError */
  sendOutboundMessage(messageData: SendOutboundEventData): Promise<MessageSuccessEventData>;
  /** Loads the next page of older messages; null once there are none. */
  loadMoreMessages(): Promise<MoreMessagesLoadedEvent | null>;
  /** Marks the thread's messages as seen by the customer. */
  lastMessageSeen(): Promise<ChatEventData>;
  /**
   * Uploads files (or takes uploaded ones) and sends them as one message, in the order given. Each file is
   * checked first against the channel's fileRestrictions (read once per session): a refused file uploads
   * nothing. At most 3 upload at once; one failure rejects the call and sends nothing.
   * @throws UploadAttachmentError, AbortError
   */
  sendAttachments(files: FileList | Array<File> | Array<AttachmentUpload>, options?: SendAttachmentsOptions): Promise<MessageSuccessEventData>;
  /** Call on each keystroke: sends typing-started once, then typing-ended after `timeout` ms (default 1000) without keystrokes. */
  keystroke(timeout?: number, onSendCallback?: () => void): void;
  /** Sends typing-ended now. */
  stopTyping(): void;
  /** Call on each keystroke to send a preview of the text after `timeout` ms (default 1250) of calm. */
  keystrokeForPreview(currentText: string, timeout?: number): void;
  /** Stops previews; sends the pending one unless `shouldSendPreview` is false. */
  stopTypingForPreview(shouldSendPreview?: boolean): void;
  /** The last message and owner. */
  getMetadata(): Promise<LoadThreadMetadataChatEvent>;
  /** Sends the thread's contact custom fields (only the idents given, if any). */
  sendCustomFields(selectedFieldIdents?: Array<string>): Promise<ChatEventData>;
  /** Sets contact custom fields and sends them. */
  setCustomFields(customFields: CustomFieldsObject): Promise<void>;
  /** Forgets one contact custom field (locally). */
  removeCustomField(ident: string): void;
  /** Sets one contact custom field and sends it. */
  setCustomField(ident: string, value: string | null): Promise<void>;
  /** Archives the thread. */
  archive(): Promise<true>;
  /** Renames the thread. */
  setName(name: string): Promise<true>;
  /** Sends a preview of the text being typed. */
  sendMessagePreview(text: string): Promise<void>;
  /** Emails the conversation of a contact. */
  sendTranscript(contactNumber: ContactNumber | number, email: string): Promise<ChatEventData>;
}

/** A live-chat thread: `sdk.getThread(id)` returns one on live-chat channels. */
export declare class LivechatThread extends Thread {
  /** Fetches the live chat's state and latest messages; abort() cancels. @throws ThreadRecoverFailedError */
  recover(): AbortablePromise<ThreadRecoveredData>;
  /** Opens the chat with a first message (default `Begin conversation`). */
  startChat(initialMessageText?: string): Promise<MessageSuccessEventData | void>;
  /** Ends the chat (closes its contact). */
  endChat(): Promise<void>;
}

/**
 * The SDK: one customer's chat session on one channel. The default export.
 *
 * @example
 * const sdk = new ChatSdk({ brandId: 1086, channelId: 'chat_…', customerId, environment: EnvironmentName.EU1, cacheStorage: null, storage: localStorage })
 * await sdk.connect()
 * const thread = sdk.getThread(threadId)
 * thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (e) => show(e.detail.data.message))
 * await thread.sendTextMessage('Hello')
 */
export declare class ChatSdk {
  /** Told of secured-session token steps (from the options; may be replaced). */
  onAuthorization?: AuthorizationCallback;
  /** Where errors go instead of being thrown (from the options; may be replaced). */
  onError?: ErrorCallback;
  /** Receives raw frames (from the options). */
  onRawEvent?: RawEventCallback;
  /** Live chat or messaging; known after connect() when not given. */
  isLivechat: boolean | undefined;
  /** The channel id, readable at once. */
  channelId: ChannelId;
  /**
   * Synchronous: checks the options and starts loading the wasm in the
   * background (unless `configure({ load: 'connect' })`); the first async call waits for it.
   * @throws ChatSDKError (code `invalid-argument`) for a missing brand id or channel id, an unknown
   * environment or secured session mode, or `custom` without `customEnvironment`; with `onError`
   * the error goes there instead
   */
  constructor(options: ChatSDKOptions);
  /**
   * Ours: starts fetching and compiling the wasm now (e.g. when the visitor hovers the chat
   * button, with `configure({ load: 'connect' })`); resolves once the runtime is ready.
   * @throws ChatSDKError (code `closed`, rejected) when the wasm cannot be fetched or compiled:
   * the message names the URL, the HTTP status, the content type and the first bytes received
   */
  static preload(): Promise<void>;
  /**
   * Opens the connection; resolves once it is usable: true when this call
   * opened it, false when it was already open.
   * @param authorizationCode a code for THIRD_PARTY secured sessions
   */
  connect(authorizationCode?: string): Promise<boolean>;
  /** Resolves once connect() has succeeded. */
  ready(): Promise<void>;
  /** The channel's settings. */
  getChannelInfo(): Promise<ChannelInfo>;
  /** Whether agents are available. */
  getChannelAvailability(): Promise<ChannelAvailabilityResponse>;
  /** The channel's persistent menu. */
  getPersistentMenuItems(): Promise<Array<PersistentMenuItem>>;
  /**
   * The older authorization flow (the reference deprecates it for secured sessions).
   * @throws AuthorizationError
   */
  authorize(authorizationCode?: string, visitorId?: VisitorId, browserFingerprint?: BrowserFingerprint): Promise<ConsumerAuthorizationSuccessPayloadData | CustomerReconnectSuccessPayloadData>;
  /** A token for fetching `url` (deprecated by the reference: the SDK fetches large content itself). */
  generateAuthorizationToken(threadIdOnExternalPlatform: ThreadIdOnExternalPlatform, url: string): Promise<AuthorizationToken>;
  /** Listens to events of every thread; returns a function that removes the listener. */
  onChatEvent<K extends ChatEventType>(type: K, handler: (event: ChatCustomEvent<ChatEventDetail<K>>) => void): RemoveListenerFunction;
  /** The customer. */
  getCustomer(): Customer;
  /**
   * The thread with this id (the same object each time); a LivechatThread on
   * live-chat channels. Synchronous; call after connect().
   * @throws ChatSDKError for an empty id or before connect()
   */
  getThread(id: ThreadIdOnExternalPlatform): Thread | LivechatThread;
  /** The customer's threads (messaging channels with several threads). */
  getThreadList(): Promise<Array<ThreadView> | null>;
  /** The connection, or null before connect(). */
  getWebsocketClient(): WebSocketClient | null;
  /** Leaves a message for when agents are back. @throws SendMessageFailedError */
  sendOfflineMessage(offlineMessageData: OfflineMessageData): Promise<MessageSuccessEventData>;
  /** Recovers a thread (the latest when no id is given); abort() cancels. @throws ThreadRecoverFailedError */
  recoverThreadData(threadIdOnExternalPlatform?: ThreadIdOnExternalPlatform): AbortablePromise<ThreadRecoveredChatEvent>;
  /** Recovers a live chat (the open one when no id is given); abort() cancels. @throws ThreadRecoverFailedError */
  recoverLivechatThreadData(threadIdOnExternalPlatform?: ThreadIdOnExternalPlatform): AbortablePromise<ThreadRecoveredChatEvent>;
  /**
   * Ends this session and opens a new one: closes the socket, forgets threads,
   * tokens and the customer, then connects as the given customer, visitor and
   * visit (new ids where not given). Errors go to `onError` when it is set.
   */
  resetSession(customerId?: CustomerIdentityIdOnExternalPlatform, customerName?: string, customerImage?: string, visitorId?: VisitorId, visitId?: VisitId): Promise<void>;
}
export default ChatSdk;

// ===========================================================================
// Functions

/** A raw chat event: its server name and data. */
export interface EventPayloadData<D = unknown> {
  /** The server event name, e.g. `SendMessage`. */ eventType: string;
  /** Its data. */ data: D;
  /** Ignored: the SDK fills in the customer. */ consumerIdentity?: CustomerIdentity;
  /** Ignored: the SDK fills in the chat window. */ destination?: {
    /** Chat window id. */ id: string;
  };
  /** Ignored: the SDK fills in the visit. */ visit?: {
    /** Visit id. */ id: VisitId;
  };
  /** Ignored: the SDK fills in the visitor. */ visitor?: {
    /** Visitor id. */ id: VisitorId;
  };
}
/**
 * Sends any chat event over the SDK's connection and resolves with its answer.
 * @throws ChatSDKError (code `closed`) when `webSocketClient` is not the SDK's connection
 */
export declare function sendChatEvent<D>(payloadData: EventPayloadData<D>, webSocketClient: WebSocketClient | null): Promise<ChatEventData>;
/** True when every item is an already uploaded `{ url, friendlyName }` rather than a File. */
export declare function isAttachmentUpload(files: FileList | Array<File> | Array<AttachmentUpload>): files is Array<AttachmentUpload>;
/** Splits a full name at its first space: `[first word, the rest]`. */
export declare function splitName(name: string): [string, string];

/** Ours: how and when the wasm loads; see {@link configure}. */
export interface LoadOptions {
  /**
   * Where `cxone-chat.wasm` is served (absolute, or relative to the page). Default: beside the
   * SDK's module (`new URL('./cxone-chat.wasm', import.meta.url)`), or beside the script tag.
   */
  wasmUrl?: string | URL;
  /**
   * `'import'` (default): fetch and compile the wasm right after the module that imports the SDK
   * has run. `'connect'`: fetch nothing until the first `connect()` (or any call that needs the
   * runtime) or {@link ChatSdk.preload}, so a page whose visitor never chats pays nothing.
   */
  load?: 'import' | 'connect';
}
/**
 * Ours: sets where the wasm is and when it loads. Call it in the module that imports the SDK,
 * before any `await` (the default mode starts loading once that module has run); it is
 * honoured until the load starts (or after a failed load).
 * @throws ChatSDKError (code `invalid-argument`) for an unknown `load`, or a `wasmUrl` other than
 * the one a load already in progress or done uses
 * @example
 * import ChatSdk, { configure } from 'cxone-chat-wasm'
 * configure({ wasmUrl: '/static/cxone-chat.wasm', load: 'connect' })
 */
export declare function configure(options: LoadOptions): void;
/** A new random id (a uuid v4). */
export declare function generateId(): string;

/** True for a MessageCreated event (detail). */
export declare function isMessageCreatedEvent(event: unknown): event is MessageCreatedEvent;
/** True for a MessageSent event. */
export declare function isMessageSentEvent(event: unknown): event is MessageSentEvent;
/** True for a MessageReadChanged event. */
export declare function isMessageReadChangedEvent(event: unknown): event is MessageReadChangedEvent;
/** True for an AgentTypingStarted event. */
export declare function isAgentTypingStartedEvent(event: unknown): event is AgentTypingStartedEvent;
/** True for an AgentTypingEnded event. */
export declare function isAgentTypingEndedEvent(event: unknown): event is AgentTypingEndedEvent;
/** True for an AssignedAgentChanged event. */
export declare function isAssignedAgentChangedEvent(event: unknown): event is AssignedAgentChangedEvent;
/** True for a ContactCreated event. */
export declare function isContactCreatedEvent(event: unknown): event is ContactCreatedChatEvent;
/** True for a ContactStatusChanged event. */
export declare function isContactStatusChangedEvent(event: unknown): event is ContactStatusChangedChatEvent;
/** True for a ContactRecipientsChanged event. */
export declare function isContactRecipientsChangedEvent(event: unknown): event is ContactRecipientsChangedChatEvent;
/** True for a ContactToRoutingQueueAssignmentChanged event. */
export declare function isContactToRoutingQueueAssignmentChangedEvent(event: unknown): event is ContactToRoutingQueueAssignmentChangedChatEvent;
/** True for a SetPositionInQueue event; takes the detail or the CustomEvent itself. */
export declare function isSetPositionInQueueEvent(event: unknown): event is SetPositionInQueueChatEvent | CustomEvent<SetPositionInQueueChatEvent>;
/** True for a MoreMessagesLoaded event with messages. */
export declare function isMoreMessagesLoadedEvent(event: unknown): event is MoreMessagesLoadedEvent;
/** True for a ThreadMetadataLoaded event with a last message. */
export declare function isLoadMetadataSuccessPayload(event: unknown): event is LoadThreadMetadataChatEvent;
/** True for a ThreadArchived event. */
export declare function isThreadArchivedSuccessPayload(event: unknown): event is ThreadArchivedEvent;
/** True for ThreadListFetched data (`{ threads }`). */
export declare function isThreadListFetchedPostbackData(data: unknown): data is ThreadListFetchedPostbackData;
/** True for a TokenRefreshed event carrying a token. */
export declare function isTokenRefreshedSuccessResponse(event: unknown): event is TokenRefreshedSuccessResponse;
/** True for a ConsumerAuthorized event without error. */
export declare function isAuthSuccessEvent(event: unknown): event is AuthorizeConsumerEventSuccessResponse;
/** True for authorization data that reused a token (no new identity). */
export declare function isCustomerReconnectSuccessPayloadData(data: unknown): data is CustomerReconnectSuccessPayloadData;
/** True for a ThreadRecovered or LivechatRecovered event without error. */
export declare function isRecoverSuccessEvent(event: unknown): event is ThreadRecoveredChatEvent;
/** True for a message object. */
export declare function isMessage(value: unknown): value is Message;
/** True for the data of a STREAMED_MESSAGE_* event. */
export declare function isStreamedMessageEventData(data: unknown): data is StreamedMessageEventData;

// ===========================================================================
// Free helpers (the reference's functions outside ChatSdk)

/** The browser's language (`navigator.language`). */
export declare function getBrowserLanguage(): string;
/** The browser's time zone, e.g. `Europe/Prague`. */
export declare function getBrowserLocation(): string;
/** `mobile` and `tablet` are kept; anything else becomes `desktop`. */
export declare function getDeviceType(deviceType?: string): 'desktop' | 'mobile' | 'tablet';
/** A language tag made canonical (`en_us` → `en-US`); `en-US` when it cannot be. */
export declare function getValidLanguage(language: string): string;
/** What the SDK tells the server about the browser, with the given parts overridden. */
export declare function getBrowserFingerprint(options?: BrowserFingerprintOptions): BrowserFingerprint;
/** Who wrote a message: the customer's full name (inbound) or the agent's first name and surname. */
export declare function getAuthor(message: Message): string;
/** Custom fields (a Map or `{ ident: value }`) as `[{ ident, value }]`. */
export declare function getCustomFieldsArray(fields: Map<string, string | null> | CustomFieldsObject): Array<CustomField>;
/** `[{ ident, value }]` as `{ ident: value }`. */
export declare function getCustomFieldsFromArray(fields: Array<CustomField>): CustomFieldsObject;
/** The ReconnectConsumer event for sendChatEvent. */
export declare function createReconnectPayloadData(accessToken: AccessToken, visitorId: VisitorId): EventPayloadData<{
  /** The token to reconnect with. */ accessToken: {
    /** The token. */ token: string;
  };
}>;
/** True once the page has begun to unload (after registerWindowUnload()). */
export declare function isWindowClosing(): boolean;
/** Starts watching for the page unloading (see isWindowClosing). */
export declare function registerWindowUnload(): void;

/**
 * Uploads one file through the most recently connected ChatSdk (brandId and
 * channelId are taken from it); resolves `{ url, friendlyName }`.
 * @throws ChatSDKError (code `closed`) when no ChatSdk has connected; UploadAttachmentError when refused
 */
export declare function createAttachmentPayload(file: File, brandId: BrandId, channelId: ChannelId, abortSignal?: AbortSignal): Promise<AttachmentUpload>;
/** Uploads every file (see createAttachmentPayload). */
export declare function createTemporaryAttachmentsUpload(files: FileList | Array<File>, brandId: BrandId, channelId: ChannelId, abortSignal?: AbortSignal): Promise<Array<AttachmentUpload>>;
/** The sendMessage data of an attachment message; files are uploaded first unless already uploaded. */
export declare function createAttachmentUploadMessageData(
  files: FileList | Array<File> | Array<AttachmentUpload>,
  threadIdOnExternalPlatform: ThreadIdOnExternalPlatform,
  options?: SendMessageOptions,
): Promise<SendMessageEventData>;
/** Channel info without a ChatSdk instance (a REST call). */
export declare function getChannelInfo(brandId: BrandId, channelId: ChannelId, language?: string, options?: ChannelInfoOptions): Promise<ChannelInfo>;
/** Channel availability without a ChatSdk instance (a REST call). */
export declare function getChannelAvailability(brandId: BrandId, channelId: ChannelId, options?: ChannelAvailabilityOptions): Promise<ChannelAvailabilityResponse>;

// ===========================================================================
// Group chat

/** The answer to creating an invitation. */
export interface GroupChatInvitationCreatedEvent extends ChatEventData {
  /** InvitationToGroupChatCreated. */ type: ChatEvent.GROUP_CHAT_INVITE_CREATED;
  /** The invitation code to share. */ data: {
    /** The invitation. */ invitation: {
      /** Its code. */ code: string;
    };
  };
}
/** The CreateInvitationToGroupChat event for a contact. */
export declare function createCreateInvitationToGroupChatPayloadData(contactId: ContactNumber): EventPayloadData<{
  /** The contact. */ contact: {
    /** Contact number. */ id: ContactNumber;
  };
}>;
/** The SendEmailInvitationToGroupChat event. */
export declare function createSendEmailInvitationToGroupChatPayloadData(
  contactId: ContactNumber,
  invitationCode: string,
  email: string,
): EventPayloadData<{
  /** The contact. */ contact: {
    /** Contact number. */ id: ContactNumber;
  };
  /** The invitation. */ invitation: {
    /** Its code. */ code: string;
  };
  /** Who gets it. */ recipients: Array<{
    /** An email address. */ idOnExternalPlatform: string;
  }>;
}>;
/** The JoinGroupChat event for an invitation code. */
export declare function createJoinGroupChatPayloadData(code: string): EventPayloadData<{
  /** The invitation. */ invitation: {
    /** Its code. */ code: string;
  };
}>;
/** The LeaveGroupChat event for a contact. */
export declare function createLeaveGroupChatPayloadData(contactId: ContactNumber): EventPayloadData<{
  /** The contact. */ contact: {
    /** Contact number. */ id: ContactNumber;
  };
}>;
/** Creates an invitation. @throws CreateInvitationFailedError */
export declare function sendCreateInvitationToGroupChatEvent(payloadData: EventPayloadData, webSocketClient: WebSocketClient | null): Promise<GroupChatInvitationCreatedEvent>;
/** Emails an invitation. @throws SendEmailInvitationFailedError */
export declare function sendEmailInvitationToGroupChatEvent(payloadData: EventPayloadData, webSocketClient: WebSocketClient | null): Promise<ChatEventData>;
/** Joins a group chat. @throws JoinGroupChatFailedError */
export declare function sendJoinGroupChatEvent(payloadData: EventPayloadData, webSocketClient: WebSocketClient | null): Promise<ChatEventData>;
/** Leaves a group chat; resolves whatever the server answers. */
export declare function sendLeaveGroupChatEvent(payloadData: EventPayloadData, webSocketClient: WebSocketClient | null): Promise<ChatEventData>;
/** True for a JoinGroupChatFailedError that carries `data`. */
export declare function isJoinGroupChatFailedError(error: unknown): error is JoinGroupChatFailedError & {
  /** The server's answer. */ data: {
    /** The answer. */ response: ChatEventData;
  };
};
