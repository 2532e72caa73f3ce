// Type guards of the reference SDK: each takes an event detail (or event)
// and tells its kind.
import { ChatEvent } from './constants.js';

const isObject = (v) => typeof v === 'object' && v !== null;
const typeIs = (type) => (event) => isObject(event) && event.type === type;

export const isMessageCreatedEvent = typeIs(ChatEvent.MESSAGE_CREATED);
export const isMessageSentEvent = typeIs(ChatEvent.MESSAGE_SENT);
export const isMessageReadChangedEvent = typeIs(ChatEvent.MESSAGE_READ_CHANGED);
export const isAgentTypingStartedEvent = typeIs(ChatEvent.AGENT_TYPING_STARTED);
export const isAgentTypingEndedEvent = typeIs(ChatEvent.AGENT_TYPING_ENDED);
export const isAssignedAgentChangedEvent = typeIs(ChatEvent.ASSIGNED_AGENT_CHANGED);
export const isContactCreatedEvent = typeIs(ChatEvent.CONTACT_CREATED);
export const isContactStatusChangedEvent = typeIs(ChatEvent.CONTACT_STATUS_CHANGED);
export const isContactRecipientsChangedEvent = typeIs(ChatEvent.CONTACT_RECIPIENTS_CHANGED);
export const isContactToRoutingQueueAssignmentChangedEvent = typeIs(ChatEvent.CONTACT_TO_ROUTING_QUEUE_ASSIGNMENT_CHANGED);
export const isSetPositionInQueueEvent = (event) => {
  const detail = event instanceof CustomEvent ? event.detail : event;
  return typeIs(ChatEvent.SET_POSITION_IN_QUEUE)(detail);
};
export const isMoreMessagesLoadedEvent = (event) => typeIs(ChatEvent.MORE_MESSAGES_LOADED)(event) && event.data?.messages !== undefined;
export const isLoadMetadataSuccessPayload = (event) => typeIs(ChatEvent.THREAD_METADATA_LOADED)(event) && event.data?.lastMessage !== undefined;
export const isThreadArchivedSuccessPayload = typeIs(ChatEvent.THREAD_ARCHIVED);
export const isThreadListFetchedPostbackData = (data) => isObject(data) && 'threads' in data;
export const isTokenRefreshedSuccessResponse = (event) => typeIs(ChatEvent.TOKEN_REFRESHED)(event) && isObject(event.data?.accessToken);
export const isAuthSuccessEvent = (event) => typeIs(ChatEvent.CONSUMER_AUTHORIZED)(event) && event.data?.status === 'success';
// What authorize() resolves with when the held token was reused.
export const isCustomerReconnectSuccessPayloadData = (data) => isObject(data) && data.reconnected === true;
export const isRecoverSuccessEvent = (event) =>
  isObject(event) && (event.type === ChatEvent.THREAD_RECOVERED || event.type === ChatEvent.LIVECHAT_RECOVERED) &&
  isObject(event.data) && event.data.messages != null && event.data.thread != null && event.error == null;
export const isMessage = (v) => isObject(v) && typeof v.id === 'string' && 'messageContent' in v && 'direction' in v;
export const isStreamedMessageEventData = (data) =>
  isObject(data) && data.originalMessage?.messageContent?.type === 'STREAMED' && typeof data.fullContent === 'string';
