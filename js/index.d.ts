// Type declarations of cxone-chat-wasm. The public names, argument shapes
// and results follow the reference CXone Chat Web SDK, so that a page typed
// against it compiles against this package by changing its import.
// Written by hand; js/test/types checks them with `tsc --strict`.

// ---------------------------------------------------------------------------
// Ids and small shapes

export type BrandId = number;
export type ChannelId = string;
export type ThreadIdOnExternalPlatform = string;
export type CustomerIdentityIdOnExternalPlatform = string;
export type VisitorId = string;
export type VisitId = string;
export type AgentId = number;
export type UserId = number;
export type AttachmentId = string;
export type TransactionToken = string;

/** Every frame's envelope extras: what a request names. */
export interface CustomField {
  ident: string;
  value: string;
}
/** Custom fields as the page passes them: ident → value. */
export type CustomFieldsObject = Record<string, string>;

/** The three endpoints of an environment (a region, or `custom`). */
export interface EnvironmentEndpoints {
  name: string;
  /** REST base, e.g. https://channels-de-na1.niceincontact.com */
  chat: string;
  /** Gateway WebSocket URL, e.g. wss://chat-gw-de-na1.niceincontact.com */
  gateway: string;
  /** OAuth base; the SDK posts to its /oauth/token */
  authorize: string;
}

/** Extra headers on REST calls and extra pairs on the socket URL. */
export interface NetworkRequestMetadata {
  httpHeaders?: Record<string, string>;
  websocketQuery?: Record<string, string | number | boolean>;
}

// ---------------------------------------------------------------------------
// Enumerations (frozen objects at run time; each also names its value type)

export declare const ChatEvent: {
  readonly CASE_CREATED: 'CaseCreated';
  readonly CONTACT_CREATED: 'ContactCreated';
  readonly CASE_INBOX_ASSIGNEE_CHANGED: 'CaseInboxAssigneeChanged';
  readonly ASSIGNED_AGENT_CHANGED: 'AssignedAgentChanged';
  readonly CASE_STATUS_CHANGED: 'CaseStatusChanged';
  readonly CONTACT_STATUS_CHANGED: 'ContactStatusChanged';
  readonly CASE_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED: 'CaseToRoutingQueueAssignmentChanged';
  readonly CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED: 'ContactToRoutingQueueAssignmentChanged';
  readonly CONTACT_INBOX_PRE_ASSIGNEE_CHANGED: 'ConsumerContactInboxPreAssigneeChanged';
  readonly CONTACT_PREFERRED_USER_CHANGED: 'ContactPreferredUserChanged';
  readonly CONTACT_RECIPIENTS_CHANGED: 'ContactRecipientsChanged';
  readonly MESSAGE_ADDED_INTO_CASE: 'MessageAddedIntoCase';
  readonly MESSAGE_CREATED: 'MessageCreated';
  readonly MESSAGE_DELIVERY_STATUS_CHANGED: 'MessageDeliveryStatusChanged';
  readonly MESSAGE_SEEN_CHANGED: 'MessageSeenChanged';
  readonly MESSAGE_READ_CHANGED: 'MessageReadChanged';
  readonly MESSAGE_SENT: 'MessageSent';
  readonly MESSAGE_UPDATED: 'MessageUpdated';
  readonly PAGE_VIEW_CREATED: 'PageViewCreated';
  readonly SENDER_TYPING_STARTED: 'SenderTypingStarted';
  readonly SENDER_TYPING_ENDED: 'SenderTypingEnded';
  readonly USER_STATUS_CHANGED: 'UserStatusChanged';
  readonly FIRE_PROACTIVE: 'FireProactiveAction';
  readonly EVENT_IN_S3: 'EventInS3';
  readonly LIVECHAT_RECOVERED: 'LivechatRecovered';
  readonly MORE_MESSAGES_LOADED: 'MoreMessagesLoaded';
  readonly OFFLINE_MESSAGE_SENT: 'OfflineMessageSent';
  readonly THREAD_LIST_FETCHED: 'ThreadListFetched';
  readonly THREAD_RECOVERED: 'ThreadRecovered';
  readonly TRANSCRIPT_SENT: 'TranscriptSent';
  readonly CONSUMER_AUTHORIZED: 'ConsumerAuthorized';
  readonly THREAD_METADATA_LOADED: 'ThreadMetadataLoaded';
  readonly SET_POSITION_IN_QUEUE: 'SetPositionInQueue';
  readonly GROUP_CHAT_INVITE_CREATED: 'InvitationToGroupChatCreated';
  readonly GROUP_CHAT_INVITE_SENT: 'EmailInvitationToGroupChatSent';
  readonly GROUP_CHAT_JOINED: 'GroupChatJoined';
  readonly TOKEN_REFRESHED: 'TokenRefreshed';
  readonly AUTHORIZATION_TOKEN_GENERATED: 'AuthorizationTokenGenerated';
  readonly THREAD_ARCHIVED: 'ThreadArchived';
  readonly AGENT_TYPING_STARTED: 'AgentTypingStarted';
  readonly AGENT_TYPING_ENDED: 'AgentTypingEnded';
  readonly STREAMED_MESSAGE_STARTED: 'StreamedMessageStarted';
  readonly STREAMED_MESSAGE_DELTA: 'StreamedMessageDelta';
  readonly STREAMED_MESSAGE_FAILED: 'StreamedMessageFailed';
  readonly STREAMED_MESSAGE_COMPLETED: 'StreamedMessageCompleted';
};
/** An event type name: one of the ChatEvent values. */
export type ChatEvent = (typeof ChatEvent)[keyof typeof ChatEvent];
export type ChatEventType = ChatEvent;

export declare const EnvironmentName: {
  readonly AE1: 'AE1'; readonly AU1: 'AU1'; readonly AU2: 'AU2'; readonly CA1: 'CA1';
  readonly EU1: 'EU1'; readonly EU2: 'EU2'; readonly JO1: 'JO1'; readonly JP1: 'JP1';
  readonly KR1: 'KR1'; readonly NA1: 'NA1'; readonly NA2: 'NA2'; readonly UK1: 'UK1';
  readonly UK2: 'UK2'; readonly ZA1: 'ZA1'; readonly custom: 'custom';
};
export type EnvironmentName = (typeof EnvironmentName)[keyof typeof EnvironmentName];

export declare const MessageType: {
  readonly TEXT: 'TEXT'; readonly FILE: 'FILE'; readonly FORM: 'FORM'; readonly PLUGIN: 'PLUGIN';
  readonly POSTBACK: 'POSTBACK'; readonly QUICK_REPLIES: 'QUICK_REPLIES'; readonly RICH_LINK: 'RICH_LINK';
  readonly LIST_PICKER: 'LIST_PICKER'; readonly ADAPTIVE_CARD: 'ADAPTIVE_CARD';
  readonly TIME_PICKER: 'TIME_PICKER'; readonly STREAMED: 'STREAMED';
};
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export declare const ContactStatus: {
  readonly NEW: 'new'; readonly OPEN: 'open'; readonly PENDING: 'pending'; readonly ESCALATED: 'escalated';
  readonly RESOLVED: 'resolved'; readonly CLOSED: 'closed'; readonly TRASHED: 'trashed';
};
export type ContactStatus = (typeof ContactStatus)[keyof typeof ContactStatus];

export declare const ChannelAvailability: { readonly ONLINE: 'online'; readonly OFFLINE: 'offline' };
export type ChannelAvailability = (typeof ChannelAvailability)[keyof typeof ChannelAvailability];

export declare const SecureSessions: {
  readonly ANONYMOUS: 'anonymous'; readonly SECURED_COOKIES: 'securedCookies'; readonly THIRD_PARTY: 'thirdParty';
};
export type SecureSessions = (typeof SecureSessions)[keyof typeof SecureSessions];
export type SecureSessionsType = SecureSessions | null;

export declare const WebSocketClientEvent: {
  readonly CLOSE: 'close'; readonly ERROR: 'error'; readonly MESSAGE: 'message'; readonly OPEN: 'open';
  readonly AUTHORIZATION_FAILED: 'authorizationFailed'; readonly RECONNECTING: 'reconnecting';
};
export type WebSocketClientEvent = (typeof WebSocketClientEvent)[keyof typeof WebSocketClientEvent];

/** The reference API level implemented (also sent on the wire as sdkVersion). */
export declare const CHAT_SDK_VERSION: string;

// ---------------------------------------------------------------------------
// Storage

/** Synchronous key/value storage, e.g. window.localStorage. */
export interface IStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface CachedStorageItem<T = unknown> {
  data: T;
  expiresAt: number | null;
}

export interface ICacheStorage {
  getItem<T = unknown>(key: string): T | null;
  setItem<T = unknown>(key: string, data: T, ttl?: number): void;
  removeItem(key: string): void;
}

/** A cache on top of an IStorage: values as JSON with an optional time to live (ms). */
export declare class CacheStorage implements ICacheStorage {
  constructor(storage: IStorage, keyPrefix?: string);
  getItem<T = unknown>(key: string): T | null;
  setItem<T = unknown>(key: string, data: T, ttl?: number): void;
  removeItem(key: string): void;
}

// ---------------------------------------------------------------------------
// Messages and the objects around them

export interface User {
  id: UserId;
  firstName: string;
  surname: string;
  nickname?: string | null;
  imageUrl: string;
  isBotUser?: boolean;
  [key: string]: unknown;
}
export type Agent = User;

export interface CustomerIdentity {
  idOnExternalPlatform: CustomerIdentityIdOnExternalPlatform;
  firstName?: string;
  lastName?: string;
  image?: string;
}

export interface Attachment {
  id?: AttachmentId;
  friendlyName: string;
  url: string;
  previewUrl?: string;
  mimeType?: string;
  [key: string]: unknown;
}

export interface MessageTextContent {
  type: 'TEXT';
  payload: { text: string; postback?: string };
  postback?: string;
  fallbackText?: string;
}

export interface QuickRepliesMessagePayload {
  text: { content: string };
  actions: Array<{ type: 'REPLY_BUTTON'; text: string; postback?: string; icon?: { fileName: string; url: string; mimeType: string } }>;
}
export interface QuickRepliesMessageContent {
  type: 'QUICK_REPLIES';
  payload: QuickRepliesMessagePayload;
  fallbackText?: string;
}

export interface ListPickerMessagePayload {
  title: { content: string };
  text: { content: string };
  actions: Array<{ type: 'REPLY_BUTTON'; text: string; description?: string; postback?: string; icon?: { fileName: string; url: string; mimeType: string } }>;
}
export interface ListPickerMessageContent {
  type: 'LIST_PICKER';
  payload: ListPickerMessagePayload;
  fallbackText?: string;
}

export interface RichLinkMessagePayload {
  media: { fileName: string; url: string; mimeType: string };
  title: { content: string };
  url: string;
}
export interface RichLinkMessageContent {
  type: 'RICH_LINK';
  payload: RichLinkMessagePayload;
  fallbackText?: string;
}

export interface StreamedPayload {
  protocol: 'sse';
  sourceUrl: string;
}
export interface StreamedMessageContent {
  type: 'STREAMED';
  payload: StreamedPayload;
  fallbackText?: string;
}

/** Any other content (FILE, FORM, PLUGIN, ADAPTIVE_CARD, TIME_PICKER, POSTBACK…). */
export interface MessageContentBase {
  type: MessageType;
  payload: Record<string, unknown>;
  fallbackText?: string;
  postback?: string;
}

export type MessageContent =
  | MessageTextContent
  | QuickRepliesMessageContent
  | ListPickerMessageContent
  | RichLinkMessageContent
  | StreamedMessageContent
  | MessageContentBase;
export type MessagePayload = MessageContent['payload'];

export interface Message {
  id: string;
  idOnExternalPlatform: string;
  threadId: string;
  threadIdOnExternalPlatform: ThreadIdOnExternalPlatform;
  postId?: string;
  contactNumber?: string;
  createdAt: string;
  createdAtWithMilliseconds?: string;
  /** inbound = from the customer, outbound = to the customer */
  direction: 'inbound' | 'outbound';
  messageContent: MessageContent;
  attachments: Array<Attachment>;
  authorUser: User | null;
  authorEndUserIdentity: Record<string, unknown> | null;
  user?: User | null;
  isMadeByUser?: boolean;
  isRead?: boolean;
  delivered?: Array<unknown>;
  seen?: Array<unknown>;
  userStatistics?: { seenAt: string | null; readAt: string | null };
  customerStatistics?: { seenAt: string | null };
  hasAdditionalMessageContent?: boolean;
  isAiGenerated?: boolean;
  [key: string]: unknown;
}

/** A contact (case): one conversation episode of a thread. */
export interface Contact {
  id: string;
  threadId: string;
  threadIdOnExternalPlatform?: ThreadIdOnExternalPlatform;
  status: ContactStatus;
  statusUpdatedAt?: string;
  createdAt?: string;
  inboxAssignee?: number | null;
  inboxAssigneeUser: User | null;
  inboxPreAssigneeUser?: User | null;
  ownerAssigneeUser?: User | null;
  customFields?: Array<CustomField>;
  [key: string]: unknown;
}
export type Case = Contact;

export interface ThreadView {
  id: string;
  idOnExternalPlatform: ThreadIdOnExternalPlatform;
  threadName: string;
  canAddMoreMessages: boolean;
  channelId: ChannelId;
  [key: string]: unknown;
}

export interface ChannelInfo {
  name: string;
  isLiveChat: boolean;
  availability: { status: ChannelAvailability };
  settings: {
    hasMultipleThreadsPerEndUser: boolean;
    isGroupChatAllowed?: boolean;
    liveChatAllowTranscript?: boolean;
    enableChatTypingPreview?: boolean;
    fileRestrictions: {
      allowedFileSize: string;
      allowedFileTypes: Array<{ mimeType: string; description: string }>;
      isAttachmentsEnabled: boolean;
    };
    features?: Record<string, boolean>;
    [key: string]: unknown;
  };
  isAuthorizationEnabled: boolean;
  isSecuredCookieEnabled?: boolean;
  translations?: Record<string, string>;
  [key: string]: unknown;
}
export interface ChannelAvailabilityResponse {
  status: ChannelAvailability;
}
export interface ChannelInfoOptions {
  appName?: string;
  appVersion?: string | number;
}
export interface ChannelAvailabilityOptions {
  appName?: string;
}

export interface PersistentMenuItem {
  [key: string]: unknown;
}

export interface OfflineMessageData {
  name: string;
  email: string;
  message: string;
}

export interface BrowserFingerprint {
  browser: string | null;
  browserVersion: string | null;
  country: string;
  ip: string | null;
  language: string;
  location: string;
  os: string | null;
  osVersion: string | null;
  deviceType: string;
  applicationType: string;
}
export type BrowserFingerprintOptions = Partial<BrowserFingerprint>;

export interface AuthorizationToken {
  token: string;
}
export interface AccessToken {
  token: string;
  expiresIn: number;
}

export interface TransactionTokenResponse {
  accessToken: TransactionToken;
  expiresIn: number;
  customerIdentity?: CustomerIdentity;
  thirdParty?: { access_token: string; refresh_token: string; expires_in: number; token_type?: string };
  contact?: { customFields: Array<CustomField> };
  identityToken?: string;
}

export interface ConsumerAuthorizationSuccessPayloadData {
  status?: 'success';
  accessToken?: AccessToken;
  consumerIdentity: CustomerIdentity;
  contact?: { customFields: Array<CustomField> };
  customer?: { customFields: Array<CustomField> };
}
export interface CustomerReconnectSuccessPayloadData {
  reconnected: true;
}

// ---------------------------------------------------------------------------
// Events: what listeners receive in CustomEvent.detail

/** A normalised inbound event: the `detail` of every CustomEvent. */
export interface ChatEventData<TData = any, TType extends string = ChatEvent | string> {
  id: string;
  type: TType;
  createdAt: string;
  data: TData;
  context?: unknown;
  error?: { errorCode: string; errorMessage: string; transactionId?: string };
}
/** The DOM event a listener receives. */
export type ChatCustomEvent<TDetail = ChatEventData> = CustomEvent<TDetail>;
export type EventListenerFunction = (event: ChatCustomEvent) => void;
export type RemoveListenerFunction = () => void;

export interface MessageCreatedData {
  brand: { id: BrandId };
  channel: { id: ChannelId; [key: string]: unknown };
  case: Contact;
  thread: { id: string; idOnExternalPlatform: ThreadIdOnExternalPlatform; threadName?: string; [key: string]: unknown };
  message: Message;
  [key: string]: unknown;
}
export type MessageCreatedEvent = ChatEventData<MessageCreatedData, 'MessageCreated'>;
export type MessageSentData = MessageCreatedData;
export type MessageSentEvent = ChatEventData<MessageSentData, 'MessageSent'>;
export type MessageReadChangedEvent = ChatEventData<{ message: Message; [key: string]: unknown }, 'MessageReadChanged'>;
export type MessageSuccessEventData = ChatEventData<MessageCreatedData | Record<string, unknown>>;
export type SentMessage = MessageSuccessEventData;

export interface AgentTypingStartedData {
  thread: { idOnExternalPlatform: ThreadIdOnExternalPlatform; [key: string]: unknown };
  user?: User | null;
  [key: string]: unknown;
}
export type AgentTypingEndedData = AgentTypingStartedData;
export type AgentTypingStartedEvent = ChatEventData<AgentTypingStartedData, 'AgentTypingStarted'>;
export type AgentTypingEndedEvent = ChatEventData<AgentTypingEndedData, 'AgentTypingEnded'>;

export interface AssignedAgentChangedData {
  case: Contact;
  inboxAssignee: User | null;
  previousInboxAssignee: User | null;
  [key: string]: unknown;
}
export type AssignedAgentChangedEvent = ChatEventData<AssignedAgentChangedData, 'AssignedAgentChanged'>;

export interface ContactCreatedData {
  case: Contact;
  [key: string]: unknown;
}
export type ContactCreatedChatEvent = ChatEventData<ContactCreatedData, 'ContactCreated'>;
export type ContactStatusChangedData = ContactCreatedData;
export type ContactStatusChangedChatEvent = ChatEventData<ContactStatusChangedData, 'ContactStatusChanged'>;
export interface ContactRecipientsChangedData {
  case: Contact;
  [key: string]: unknown;
}
export type ContactRecipientsChangedChatEvent = ChatEventData<ContactRecipientsChangedData, 'ContactRecipientsChanged'>;
export type ContactToRoutingQueueAssignmentChangedChatEvent = ChatEventData<{ case: Contact; [key: string]: unknown }, 'ContactToRoutingQueueAssignmentChanged'>;

export interface SetPositionInQueueData {
  positionInQueue: number;
  isAgentAvailable?: boolean;
  consumerContact?: { id: string; [key: string]: unknown };
}
export type SetPositionInQueueChatEvent = ChatEventData<SetPositionInQueueData, 'SetPositionInQueue'>;

export interface ThreadRecoveredData {
  contact: Contact | null;
  thread: { id: string; idOnExternalPlatform: ThreadIdOnExternalPlatform; threadName?: string; [key: string]: unknown };
  messages: Array<Message>;
  messagesScrollToken: string;
  inboxAssignee: User | null;
  ownerAssignee: User | null;
  customer?: { customFields?: Array<CustomField>; [key: string]: unknown } | null;
  contactHistory?: Array<unknown>;
}
export type ThreadRecoveredPostbackData = ThreadRecoveredData;
export type ThreadRecoveredChatEvent = ChatEventData<ThreadRecoveredData, 'ThreadRecovered' | 'LivechatRecovered'>;
export type MoreMessagesLoadedEvent = ChatEventData<{ messages: Array<Message>; scrollToken: string }, 'MoreMessagesLoaded'>;
export interface ThreadMetadataLoadedPostbackData {
  ownerAssignee: User | null;
  lastMessage: Message | null;
}
export type LoadThreadMetadataChatEvent = ChatEventData<ThreadMetadataLoadedPostbackData, 'ThreadMetadataLoaded'>;

export interface StreamedMessageDelta {
  content: string;
}
export interface StreamedMessageEventData {
  messageId: string;
  threadId: ThreadIdOnExternalPlatform;
  originalMessage: Message;
  fullContent: string;
  delta?: StreamedMessageDelta;
  [key: string]: unknown;
}

export interface PushUpdateEvent extends ChatEventData {}
export type ChatEventDataAny = ChatEventData;

// ---------------------------------------------------------------------------
// Errors. Each has `code` (ours): what kind of failure, for branching.

/** Our classification of a failure. */
export type ChatErrorCode =
  | 'invalid-argument' | 'timeout' | 'canceled' | 'closed' | 'protocol' | 'server' | 'unauthorized' | 'internal';

/** Base class: message `[ChatSDKError]: …`, details in `data`. */
export declare class ChatSDKError extends Error {
  name: string;
  data?: unknown;
  additionalInfo?: unknown;
  code?: ChatErrorCode;
  constructor(error: unknown, data?: unknown);
}
export declare class SendMessageFailedError extends ChatSDKError {
  constructor(message: string, data?: unknown);
}
export declare class ThreadRecoverFailedError extends ChatSDKError {
  constructor(message: string, data?: unknown);
}
export declare class UploadAttachmentError extends ChatSDKError {
  constructor(message: string, data?: unknown);
}
/** Authorization refused: the message ends with the server's reason in parentheses. */
export declare class AuthorizationError extends ChatSDKError {
  constructor(message: string, data?: { errorCode?: string; errorMessage?: string; transactionId?: string } | null);
}
export declare class CreateInvitationFailedError extends ChatSDKError {
  constructor(message: string, data?: unknown);
}
export declare class JoinGroupChatFailedError extends ChatSDKError {
  constructor(message: string, data?: unknown);
}
export declare class SendEmailInvitationFailedError extends ChatSDKError {
  constructor(message: string, data?: unknown);
}
/** An AbortablePromise was aborted. */
export declare class AbortError extends ChatSDKError {
  constructor(message?: string, data?: unknown);
}
export declare class IpAddressBlockedError extends Error {
  code?: ChatErrorCode;
  constructor(message: string);
}
export declare class SdkVersionNotSupported extends Error {
  code?: ChatErrorCode;
  constructor(message: string);
}
export declare class CacheStorageError extends Error {
  constructor(message: string);
}
export declare class WebSocketClientError extends Error {
  code?: ChatErrorCode;
  constructor(message: string, data?: unknown);
}
export declare class WebSocketConnectionError extends Error {
  code?: ChatErrorCode;
  constructor(message: string, reason?: unknown);
}
/** True for a ChatSDKError that carries data. */
export declare function isChatSDKError(error: unknown): error is ChatSDKError;

// ---------------------------------------------------------------------------
// Abortable results

export interface Abortable {
  abort(reason?: unknown): void;
}
/** A Promise whose work can be cancelled; it then rejects with AbortError. */
export declare class AbortablePromise<T> extends Promise<T> implements Abortable {
  constructor(
    executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void, signal: AbortSignal) => void,
  );
  abort(reason?: unknown): void;
  get abortReason(): unknown;
}

// ---------------------------------------------------------------------------
// Callbacks and options

export type ErrorCallback = (error: ChatSDKError | Error) => void;
export type RawEventCallback = (event: CustomEvent<{ data: string }>) => void;
export type AuthorizationCallback = (status: 'success' | 'error', data: TransactionTokenResponse | Record<string, never>) => void;

interface ChatSDKOptionsBase {
  brandId: BrandId;
  channelId: ChannelId;
  /** Required by the reference unless a secured session names the customer; generated and kept in storage when absent here. */
  customerId?: CustomerIdentityIdOnExternalPlatform;
  customerName?: string;
  customerImage?: string;
  /** null: no cache. */
  cacheStorage: ICacheStorage | null;
  /** Where customer/visitor ids, pending sends and tokens persist; null keeps them in memory. */
  storage: IStorage | null;
  isLivechat?: boolean;
  isAuthorizationEnabled?: boolean;
  securedSession?: SecureSessionsType;
  isThirdPartyCookiesSupported?: boolean;
  authorizationCode?: string;
  identityToken?: string;
  visitorId?: VisitorId;
  visitId?: VisitId;
  destinationId?: string;
  language?: string;
  appName?: string;
  appVersion?: string | number;
  networkRequestMetadata?: NetworkRequestMetadata;
  onError?: ErrorCallback;
  onRawEvent?: RawEventCallback;
  onAuthorization?: AuthorizationCallback;
  /** Ours: bound on every request, in ms (default 20000); a timeout rejects with code 'timeout'. */
  requestTimeout?: number;
  /** Ours: earliest token renewal, in ms (default 20000). */
  tokenRefreshMinDelay?: number;
}
interface ChatSDKOptionsRegion extends ChatSDKOptionsBase {
  environment?: Exclude<EnvironmentName, 'custom'>;
  customEnvironment?: undefined;
}
interface ChatSDKOptionsCustom extends ChatSDKOptionsBase {
  environment: 'custom';
  customEnvironment: EnvironmentEndpoints;
}
export type ChatSDKOptions = ChatSDKOptionsRegion | ChatSDKOptionsCustom;

// ---------------------------------------------------------------------------
// Classes

/** The person chatting. */
export declare class Customer {
  constructor(id?: CustomerIdentityIdOnExternalPlatform | null, name?: string | null, image?: string | null);
  getId(): CustomerIdentityIdOnExternalPlatform | null;
  setId(id: CustomerIdentityIdOnExternalPlatform): void;
  getIdOrCreateNewOne(): CustomerIdentityIdOnExternalPlatform;
  getName(): string | null | undefined;
  setName(name: string): void;
  getImage(): string | null | undefined;
  setImage(image: string): void;
  getCustomFields(): CustomFieldsObject;
  getCustomFieldsArray(): Array<CustomField>;
  setCustomFieldsFromArray(fields: Array<CustomField>): void;
  setCustomField(ident: string, value: string): Promise<void> | void;
  setCustomFields(fields: CustomFieldsObject): Promise<void> | void;
  sendCustomFields(): Promise<unknown> | undefined;
  setExists(): void;
  setWebsocketClient(client: unknown): void;
  destroy(): void;
}

/** The connection object: connection events and manual control. */
export declare class WebSocketClient {
  on(eventType: WebSocketClientEvent, handler: (event: Event) => void): void;
  off(eventType: WebSocketClientEvent, handler: (event: Event) => void): void;
  connect(): Promise<unknown>;
  disconnect(): void;
  reconnect(): void;
}

export interface SendMessageOptions {
  /** The message id (uuid); generated when absent. Sends are idempotent by it. */
  messageId?: string;
  browserFingerprint?: BrowserFingerprint;
}

/** One conversation. Obtain it from ChatSdk.getThread. */
export declare class Thread {
  readonly idOnExternalPlatform: ThreadIdOnExternalPlatform;
  /** Listens to this thread's events only; returns a function that removes the listener. */
  onThreadEvent(type: ChatEventType, handler: (event: ChatCustomEvent) => void): RemoveListenerFunction;
  recover(): AbortablePromise<ThreadRecoveredChatEvent>;
  sendMessage(messageData: Record<string, unknown>): Promise<MessageSuccessEventData>;
  sendTextMessage(messageText: string, options?: SendMessageOptions): Promise<MessageSuccessEventData>;
  sendPostbackMessage(postback: string, messageText: string, options?: SendMessageOptions): Promise<MessageSuccessEventData>;
  sendOutboundMessage(messageData: Record<string, unknown>): Promise<MessageSuccessEventData>;
  sendAttachments(files: FileList | Array<File>, options?: SendMessageOptions): Promise<MessageSuccessEventData>;
  /** Resolves null once there is nothing older. */
  loadMoreMessages(): Promise<MoreMessagesLoadedEvent | null>;
  lastMessageSeen(): Promise<ChatEventData>;
  getMetadata(): Promise<LoadThreadMetadataChatEvent>;
  archive(): Promise<ChatEventData>;
  setName(name: string): Promise<ChatEventData>;
  /** Starts typing (sent once per burst); typing ends after `timeout` ms without keystrokes. */
  keystroke(timeout?: number, onSendCallback?: () => void): void;
  stopTyping(): void;
  keystrokeForPreview(currentText: string, timeout?: number): void;
  stopTypingForPreview(shouldSendPreview?: boolean): void;
  sendMessagePreview(text: string): Promise<void>;
  sendTranscript(contactNumber: string | number, email: string): Promise<ChatEventData>;
  setCustomFields(customFields: CustomFieldsObject): Promise<void>;
  setCustomField(ident: string, value: string): Promise<void>;
  removeCustomField(ident: string): void;
  sendCustomFields(selectedFieldIdents?: Array<string>): Promise<unknown>;
}

/** A live-chat thread: one contact at a time, started and ended explicitly. */
export declare class LivechatThread extends Thread {
  startChat(initialMessageText?: string): Promise<MessageSuccessEventData>;
  endChat(): Promise<void>;
}

/** The SDK: one chat session of a customer on a channel. */
export declare class ChatSdk {
  onAuthorization?: AuthorizationCallback;
  onError?: ErrorCallback;
  onRawEvent?: RawEventCallback;
  isLivechat: boolean | undefined;
  channelId: ChannelId;
  /** Synchronous; usable at once (the wasm loads in the background). */
  constructor(options: ChatSDKOptions);
  /** Resolves true once the socket is open and usable, false when it already was. */
  connect(authorizationCode?: string): Promise<boolean>;
  ready(): Promise<void>;
  getChannelInfo(): Promise<ChannelInfo>;
  getChannelAvailability(): Promise<ChannelAvailabilityResponse>;
  getPersistentMenuItems(): Promise<Array<PersistentMenuItem>>;
  authorize(
    authorizationCode?: string,
    visitorId?: VisitorId,
    browserFingerprint?: BrowserFingerprint,
  ): Promise<ConsumerAuthorizationSuccessPayloadData | CustomerReconnectSuccessPayloadData>;
  generateAuthorizationToken(threadIdOnExternalPlatform: ThreadIdOnExternalPlatform, url: string): Promise<AuthorizationToken>;
  onChatEvent(type: ChatEventType, handler: (event: ChatCustomEvent) => void): RemoveListenerFunction;
  getCustomer(): Customer;
  /** Synchronous after connect(); a LivechatThread on live-chat channels. */
  getThread(id: ThreadIdOnExternalPlatform): Thread | LivechatThread;
  getThreadList(): Promise<Array<ThreadView> | null>;
  getWebsocketClient(): WebSocketClient | null;
  sendOfflineMessage(offlineMessageData: OfflineMessageData): Promise<MessageSuccessEventData>;
  recoverThreadData(threadIdOnExternalPlatform?: ThreadIdOnExternalPlatform): AbortablePromise<ThreadRecoveredChatEvent>;
  recoverLivechatThreadData(threadIdOnExternalPlatform?: ThreadIdOnExternalPlatform): AbortablePromise<ThreadRecoveredChatEvent>;
  /** Ends the session (socket, threads, tokens, customer) and connects anew for the given or a new customer. */
  resetSession(
    customerId?: CustomerIdentityIdOnExternalPlatform,
    customerName?: string,
    customerImage?: string,
    visitorId?: VisitorId,
    visitId?: VisitId,
  ): Promise<void>;
}
export default ChatSdk;

// ---------------------------------------------------------------------------
// Functions

/** Sends a raw chat event over the SDK's connection and resolves its reply. */
export declare function sendChatEvent(payloadData: { eventType: string; data?: unknown; [key: string]: unknown }, websocketClient: WebSocketClient | null): Promise<ChatEventData>;
/** True when the argument is a FileList or an array of Files (something sendAttachments takes). */
export declare function isAttachmentUpload(files: unknown): files is FileList | Array<File>;
/** Splits a full name at its first space: [first word, the rest]. */
export declare function splitName(name: string): [string, string];
/** A new random id (uuid v4). */
export declare function generateId(): string;

export declare function isMessageCreatedEvent(event: unknown): event is MessageCreatedEvent;
export declare function isMessageSentEvent(event: unknown): event is MessageSentEvent;
export declare function isMessageReadChangedEvent(event: unknown): event is MessageReadChangedEvent;
export declare function isAgentTypingStartedEvent(event: unknown): event is AgentTypingStartedEvent;
export declare function isAgentTypingEndedEvent(event: unknown): event is AgentTypingEndedEvent;
export declare function isAssignedAgentChangedEvent(event: unknown): event is AssignedAgentChangedEvent;
export declare function isContactCreatedEvent(event: unknown): event is ContactCreatedChatEvent;
export declare function isContactStatusChangedEvent(event: unknown): event is ContactStatusChangedChatEvent;
export declare function isContactRecipientsChangedEvent(event: unknown): event is ContactRecipientsChangedChatEvent;
export declare function isContactToRoutingQueueAssignmentChangedEvent(event: unknown): event is ContactToRoutingQueueAssignmentChangedChatEvent;
/** Takes the event or its detail. */
export declare function isSetPositionInQueueEvent(event: unknown): boolean;
export declare function isMoreMessagesLoadedEvent(event: unknown): event is MoreMessagesLoadedEvent;
export declare function isLoadMetadataSuccessPayload(event: unknown): event is LoadThreadMetadataChatEvent;
export declare function isThreadArchivedSuccessPayload(event: unknown): event is ChatEventData<unknown, 'ThreadArchived'>;
export declare function isThreadListFetchedPostbackData(data: unknown): data is { threads: Array<ThreadView> };
export declare function isTokenRefreshedSuccessResponse(event: unknown): event is ChatEventData<{ accessToken: AccessToken }, 'TokenRefreshed'>;
export declare function isAuthSuccessEvent(event: unknown): event is ChatEventData<ConsumerAuthorizationSuccessPayloadData, 'ConsumerAuthorized'>;
export declare function isCustomerReconnectSuccessPayloadData(data: unknown): boolean;
export declare function isRecoverSuccessEvent(event: unknown): event is ThreadRecoveredChatEvent;
export declare function isMessage(value: unknown): value is Message;
export declare function isStreamedMessageEventData(data: unknown): data is StreamedMessageEventData;

// Free helpers

export declare function getBrowserLanguage(): string;
export declare function getBrowserLocation(): string;
export declare function getDeviceType(deviceType?: string): 'desktop' | 'mobile' | 'tablet';
export declare function getValidLanguage(language: string): string;
export declare function getBrowserFingerprint(options?: { country?: string | null; ip?: string | null; language?: string; location?: string | null }): BrowserFingerprint;
/** The customer's full name for an inbound message, the agent's name for an outbound one. */
export declare function getAuthor(message: Message): string;
export declare function getCustomFieldsArray(fields: Map<string, string> | CustomFieldsObject): Array<CustomField>;
export declare function getCustomFieldsFromArray(fields: Array<CustomField>): CustomFieldsObject;
export declare function createReconnectPayloadData(accessToken: AccessToken, visitorId: VisitorId): EventPayloadData;
export declare function isWindowClosing(): boolean;
export declare function registerWindowUnload(): void;

/** What sendChatEvent takes: an event type and its data. */
export interface EventPayloadData<TData = Record<string, unknown>> {
  eventType: string;
  data: TData;
  [key: string]: unknown;
}

export interface AttachmentUpload {
  url: string;
  friendlyName: string;
}
/** Uploads through the most recently connected ChatSdk. */
export declare function createAttachmentPayload(file: File, brandId: BrandId, channelId: ChannelId, abortSignal?: AbortSignal): Promise<AttachmentUpload>;
export declare function createTemporaryAttachmentsUpload(files: FileList | Array<File>, brandId: BrandId, channelId: ChannelId, abortSignal?: AbortSignal): Promise<Array<AttachmentUpload>>;
export declare function createAttachmentUploadMessageData(
  files: FileList | Array<File> | Array<AttachmentUpload>,
  threadIdOnExternalPlatform: ThreadIdOnExternalPlatform,
  options?: SendMessageOptions,
): Promise<Record<string, unknown>>;

export interface RestOptions {
  environment?: EnvironmentName;
  customEnvironment?: EnvironmentEndpoints;
  httpHeaders?: Record<string, string>;
  appName?: string;
  appVersion?: string | number;
}
export declare function getChannelInfo(brandId: BrandId, channelId: ChannelId, language?: string, options?: RestOptions): Promise<ChannelInfo>;
export declare function getChannelAvailability(brandId: BrandId, channelId: ChannelId, options?: RestOptions): Promise<ChannelAvailabilityResponse>;

// Group chat

export declare function createCreateInvitationToGroupChatPayloadData(contactId: string): EventPayloadData<{ contact: { id: string } }>;
export declare function createSendEmailInvitationToGroupChatPayloadData(contactId: string, invitationCode: string, email: string): EventPayloadData;
export declare function createJoinGroupChatPayloadData(code: string): EventPayloadData<{ invitation: { code: string } }>;
export declare function createLeaveGroupChatPayloadData(contactId: string): EventPayloadData<{ contact: { id: string } }>;
/** Resolves InvitationToGroupChatCreated (data.invitation.code); rejects with CreateInvitationFailedError. */
export declare function sendCreateInvitationToGroupChatEvent(payloadData: EventPayloadData, websocketClient: WebSocketClient | null): Promise<ChatEventData<{ invitation: { code: string } }>>;
export declare function sendEmailInvitationToGroupChatEvent(payloadData: EventPayloadData, websocketClient: WebSocketClient | null): Promise<ChatEventData>;
/** Resolves GroupChatJoined; rejects with JoinGroupChatFailedError. */
export declare function sendJoinGroupChatEvent(payloadData: EventPayloadData, websocketClient: WebSocketClient | null): Promise<ChatEventData>;
export declare function sendLeaveGroupChatEvent(payloadData: EventPayloadData, websocketClient: WebSocketClient | null): Promise<ChatEventData>;
export declare function isJoinGroupChatFailedError(error: unknown): error is JoinGroupChatFailedError;
