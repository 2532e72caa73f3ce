// Every public name, listed once. index.js (ES module) and global.js
// (script tag) both export exactly this.
export {
  ChatSdk, ChatSdk as default, Thread, LivechatThread, Customer, CacheStorage, AbortablePromise, WebSocketClient, sendChatEvent,
  isAttachmentUpload, createAttachmentPayload, createTemporaryAttachmentsUpload, createAttachmentUploadMessageData,
  getChannelInfo, getChannelAvailability,
} from './sdk.js';
export {
  getBrowserLanguage, getBrowserLocation, getDeviceType, getValidLanguage, getBrowserFingerprint, getAuthor,
  getCustomFieldsArray, getCustomFieldsFromArray, createReconnectPayloadData, isWindowClosing, registerWindowUnload,
  createCreateInvitationToGroupChatPayloadData, createSendEmailInvitationToGroupChatPayloadData,
  createJoinGroupChatPayloadData, createLeaveGroupChatPayloadData, sendCreateInvitationToGroupChatEvent,
  sendEmailInvitationToGroupChatEvent, sendJoinGroupChatEvent, sendLeaveGroupChatEvent, isJoinGroupChatFailedError,
} from './extras.js';
export {
  ChatEvent, EnvironmentName, MessageType, ContactStatus, ChannelAvailability, SecureSessions,
  WebSocketClientEvent, CHAT_SDK_VERSION,
} from './constants.js';
export {
  ChatSDKError, SendMessageFailedError, ThreadRecoverFailedError, UploadAttachmentError, AuthorizationError,
  CreateInvitationFailedError, JoinGroupChatFailedError, SendEmailInvitationFailedError, AbortError,
  IpAddressBlockedError, SdkVersionNotSupported, CacheStorageError, WebSocketClientError,
  WebSocketConnectionError, isChatSDKError,
} from './errors.js';
export * from './guards.js';
export { splitName, generateId } from './helpers.js';
export { configure } from './loader.js';
