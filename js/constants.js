// Enumerations of the reference Chat Web SDK, with the same names and values
// (shared/protocol/API.md), so pages can keep comparing against them.

/** Event type names a page can listen for with onChatEvent / onThreadEvent. */
export const ChatEvent = Object.freeze({
  CASE_CREATED: 'CaseCreated',
  CONTACT_CREATED: 'ContactCreated',
  CASE_INBOX_ASSIGNEE_CHANGED: 'CaseInboxAssigneeChanged',
  ASSIGNED_AGENT_CHANGED: 'AssignedAgentChanged',
  CASE_STATUS_CHANGED: 'CaseStatusChanged',
  CONTACT_STATUS_CHANGED: 'ContactStatusChanged',
  CASE_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED: 'CaseToRoutingQueueAssignmentChanged',
  CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED: 'ContactToRoutingQueueAssignmentChanged',
  CONTACT_INBOX_PRE_ASSIGNEE_CHANGED: 'ConsumerContactInboxPreAssigneeChanged',
  CONTACT_PREFERRED_USER_CHANGED: 'ContactPreferredUserChanged',
  CONTACT_RECIPIENTS_CHANGED: 'ContactRecipientsChanged',
  MESSAGE_ADDED_INTO_CASE: 'MessageAddedIntoCase',
  MESSAGE_CREATED: 'MessageCreated',
  MESSAGE_DELIVERY_STATUS_CHANGED: 'MessageDeliveryStatusChanged',
  MESSAGE_SEEN_CHANGED: 'MessageSeenChanged',
  MESSAGE_READ_CHANGED: 'MessageReadChanged',
  MESSAGE_SENT: 'MessageSent',
  MESSAGE_UPDATED: 'MessageUpdated',
  PAGE_VIEW_CREATED: 'PageViewCreated',
  SENDER_TYPING_STARTED: 'SenderTypingStarted',
  SENDER_TYPING_ENDED: 'SenderTypingEnded',
  USER_STATUS_CHANGED: 'UserStatusChanged',
  FIRE_PROACTIVE: 'FireProactiveAction',
  EVENT_IN_S3: 'EventInS3',
  LIVECHAT_RECOVERED: 'LivechatRecovered',
  MORE_MESSAGES_LOADED: 'MoreMessagesLoaded',
  OFFLINE_MESSAGE_SENT: 'OfflineMessageSent',
  THREAD_LIST_FETCHED: 'ThreadListFetched',
  THREAD_RECOVERED: 'ThreadRecovered',
  TRANSCRIPT_SENT: 'TranscriptSent',
  CONSUMER_AUTHORIZED: 'ConsumerAuthorized',
  THREAD_METADATA_LOADED: 'ThreadMetadataLoaded',
  SET_POSITION_IN_QUEUE: 'SetPositionInQueue',
  GROUP_CHAT_INVITE_CREATED: 'InvitationToGroupChatCreated',
  GROUP_CHAT_INVITE_SENT: 'EmailInvitationToGroupChatSent',
  GROUP_CHAT_JOINED: 'GroupChatJoined',
  TOKEN_REFRESHED: 'TokenRefreshed',
  AUTHORIZATION_TOKEN_GENERATED: 'AuthorizationTokenGenerated',
  THREAD_ARCHIVED: 'ThreadArchived',
  AGENT_TYPING_STARTED: 'AgentTypingStarted',
  AGENT_TYPING_ENDED: 'AgentTypingEnded',
  STREAMED_MESSAGE_STARTED: 'StreamedMessageStarted',
  STREAMED_MESSAGE_DELTA: 'StreamedMessageDelta',
  STREAMED_MESSAGE_FAILED: 'StreamedMessageFailed',
  STREAMED_MESSAGE_COMPLETED: 'StreamedMessageCompleted',
});

/** CXone regions, and `custom` for a customEnvironment. */
export const EnvironmentName = Object.freeze({
  AE1: 'AE1', AU1: 'AU1', AU2: 'AU2', CA1: 'CA1', EU1: 'EU1', EU2: 'EU2', JO1: 'JO1',
  JP1: 'JP1', KR1: 'KR1', NA1: 'NA1', NA2: 'NA2', UK1: 'UK1', UK2: 'UK2', ZA1: 'ZA1',
  custom: 'custom',
});

/** messageContent.type values. */
export const MessageType = Object.freeze({
  TEXT: 'TEXT', FILE: 'FILE', FORM: 'FORM', PLUGIN: 'PLUGIN', POSTBACK: 'POSTBACK',
  QUICK_REPLIES: 'QUICK_REPLIES', RICH_LINK: 'RICH_LINK', LIST_PICKER: 'LIST_PICKER',
  ADAPTIVE_CARD: 'ADAPTIVE_CARD', TIME_PICKER: 'TIME_PICKER', STREAMED: 'STREAMED',
});

/** Contact (case) statuses. */
export const ContactStatus = Object.freeze({
  NEW: 'new', OPEN: 'open', PENDING: 'pending', ESCALATED: 'escalated',
  RESOLVED: 'resolved', CLOSED: 'closed', TRASHED: 'trashed',
});

/** Channel availability statuses. */
export const ChannelAvailability = Object.freeze({ ONLINE: 'online', OFFLINE: 'offline' });

/** Secured session modes (the `securedSession` option). */
export const SecureSessions = Object.freeze({
  ANONYMOUS: 'anonymous', SECURED_COOKIES: 'securedCookies', THIRD_PARTY: 'thirdParty',
});

/** Connection events of the WebSocket client. */
export const WebSocketClientEvent = Object.freeze({
  CLOSE: 'close', ERROR: 'error', MESSAGE: 'message', OPEN: 'open',
  AUTHORIZATION_FAILED: 'authorizationFailed', RECONNECTING: 'reconnecting',
});

/** The reference API level this SDK implements (also sent on the wire). */
export const CHAT_SDK_VERSION = '3.3.0';
