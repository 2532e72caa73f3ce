// A page typed the way a reference-SDK user types it; only the import name
// differs. It must compile under --strict. It is never run.
import ChatSdk, {
  AbortablePromise, AbortError, AuthorizationError, CacheStorage, CacheStorageError, CHAT_SDK_VERSION,
  ChannelAvailability, ChatEvent, ChatSDKError, ContactStatus, CreateInvitationFailedError, Customer,
  EnvironmentName, IpAddressBlockedError, JoinGroupChatFailedError, LivechatThread, MessageType,
  SdkVersionNotSupported, SecureSessions, SendEmailInvitationFailedError, SendMessageFailedError, Thread,
  ThreadRecoverFailedError, UploadAttachmentError, WebSocketClientError, WebSocketClientEvent,
  WebSocketConnectionError, generateId, isAgentTypingEndedEvent, isAgentTypingStartedEvent,
  isAssignedAgentChangedEvent, isAttachmentUpload, isAuthSuccessEvent, isChatSDKError, isContactCreatedEvent,
  isContactRecipientsChangedEvent, isContactStatusChangedEvent, isContactToRoutingQueueAssignmentChangedEvent,
  isCustomerReconnectSuccessPayloadData, isLoadMetadataSuccessPayload, isMessage, isMessageCreatedEvent,
  isMessageReadChangedEvent, isMessageSentEvent, isMoreMessagesLoadedEvent, isRecoverSuccessEvent,
  isSetPositionInQueueEvent, isStreamedMessageEventData, isThreadArchivedSuccessPayload,
  isThreadListFetchedPostbackData, isTokenRefreshedSuccessResponse, sendChatEvent, splitName, WebSocketClient,
  getBrowserLanguage, getBrowserLocation, getDeviceType, getValidLanguage, getBrowserFingerprint, getAuthor,
  getCustomFieldsArray, getCustomFieldsFromArray, createReconnectPayloadData, isWindowClosing, registerWindowUnload,
  createAttachmentPayload, createTemporaryAttachmentsUpload, createAttachmentUploadMessageData, getChannelInfo,
  getChannelAvailability, createCreateInvitationToGroupChatPayloadData, createSendEmailInvitationToGroupChatPayloadData,
  createJoinGroupChatPayloadData, createLeaveGroupChatPayloadData, sendCreateInvitationToGroupChatEvent,
  sendEmailInvitationToGroupChatEvent, sendJoinGroupChatEvent, sendLeaveGroupChatEvent, isJoinGroupChatFailedError,
} from 'cxone-chat-wasm';
import type {
  ChatSDKOptions, ChatEventData, Message, ThreadView, ChannelInfo, ThreadRecoveredChatEvent, ChatCustomEvent,
  EnvironmentEndpoints, IStorage, MessageCreatedEvent, StreamedMessageEventData, ChatErrorCode, CustomerIdentity,
} from 'cxone-chat-wasm';

const endpoints: EnvironmentEndpoints = { name: 'sandbox', chat: 'http://127.0.0.1', gateway: 'ws://127.0.0.1/gw', authorize: 'http://127.0.0.1/auth' };
const storage: IStorage = window.localStorage;

const options: ChatSDKOptions = {
  brandId: 1086,
  channelId: 'chat_abc',
  customerId: generateId(),
  customerName: 'Ann Example',
  environment: EnvironmentName.custom,
  customEnvironment: endpoints,
  cacheStorage: new CacheStorage(storage),
  storage,
  securedSession: SecureSessions.ANONYMOUS,
  isThirdPartyCookiesSupported: false,
  networkRequestMetadata: { httpHeaders: { 'X-Page': '1' }, websocketQuery: { campaign: 'autumn' } },
  onError: (e) => console.warn(e.message),
  onRawEvent: (e) => void e.detail.data.length,
  onAuthorization: (status, data) => void [status, data],
  requestTimeout: 15000,
};
const regional: ChatSDKOptions = { brandId: 1, channelId: 'c', environment: EnvironmentName.EU1, cacheStorage: null, storage: null };

export async function page(): Promise<void> {
  const sdk = new ChatSdk(options);
  void new ChatSdk(regional);
  const channel: string = sdk.channelId;
  const created: boolean = await sdk.connect();
  await sdk.ready();
  const thread = sdk.getThread('thread-1');
  if (thread instanceof LivechatThread) {
    await thread.startChat('hello');
    await thread.endChat();
  }
  const t: Thread = thread;
  const remove = t.onThreadEvent(ChatEvent.MESSAGE_CREATED, (event: ChatCustomEvent) => {
    if (isMessageCreatedEvent(event.detail)) {
      const m: Message = event.detail.data.message;
      const text = m.messageContent.type === MessageType.TEXT ? m.messageContent.payload.text : '';
      console.log(channel, created, text, m.direction === 'outbound', m.authorUser?.firstName);
    }
  });
  remove();
  sdk.onChatEvent(ChatEvent.AGENT_TYPING_STARTED, (e) => {
    const d: ChatEventData = e.detail;
    if (isAgentTypingStartedEvent(d) || isAgentTypingEndedEvent(d)) console.log(d.data.thread.idOnExternalPlatform);
    if (isAssignedAgentChangedEvent(d)) console.log(d.data.inboxAssignee?.nickname);
    if (isContactCreatedEvent(d) || isContactStatusChangedEvent(d)) console.log(d.data.case.status === ContactStatus.CLOSED);
    if (isContactRecipientsChangedEvent(d) || isContactToRoutingQueueAssignmentChangedEvent(d)) console.log(d.data.case.id);
    if (isMessageSentEvent(d) || isMessageReadChangedEvent(d)) console.log(d.data.message.id);
    if (isMoreMessagesLoadedEvent(d)) console.log(d.data.scrollToken);
    if (isLoadMetadataSuccessPayload(d)) console.log(d.data.lastMessage?.id);
    if (isThreadArchivedSuccessPayload(d) || isTokenRefreshedSuccessResponse(d) || isAuthSuccessEvent(d)) console.log(d.type);
    if (isRecoverSuccessEvent(d)) console.log(d.data.messagesScrollToken);
    console.log(isSetPositionInQueueEvent(e), isCustomerReconnectSuccessPayloadData(d.data), isThreadListFetchedPostbackData(d.data));
    if (isStreamedMessageEventData(d.data)) { const s: StreamedMessageEventData = d.data; console.log(s.fullContent); }
    if (isMessage(d.data)) console.log(d.data.createdAt);
  });
  const ack = await t.sendTextMessage('hi', { messageId: generateId() });
  console.log(ack.id);
  await t.sendPostbackMessage('postback-1', 'Yes');
  const recovered: ThreadRecoveredChatEvent = await t.recover();
  console.log(recovered.data.messages.length);
  const abortable: AbortablePromise<ThreadRecoveredChatEvent> = sdk.recoverThreadData('thread-1');
  abortable.abort('not needed');
  await sdk.recoverLivechatThreadData().catch((e: unknown) => e instanceof AbortError);
  const more = await t.loadMoreMessages();
  if (more !== null) console.log(more.data.messages);
  await t.lastMessageSeen();
  await t.getMetadata();
  await t.setName('Order 42');
  await t.archive();
  t.keystroke(1000, () => console.log('typing ended'));
  t.stopTyping();
  t.keystrokeForPreview('dra');
  t.stopTypingForPreview(true);
  await t.sendMessagePreview('draft');
  await t.sendTranscript(12, 'ann@example.com');
  await t.setCustomFields({ color: 'blue' });
  await t.setCustomField('size', 'L');
  t.removeCustomField('size');
  await t.sendCustomFields(['color']);
  await t.sendMessage({ messageContent: { type: 'TEXT', payload: { text: 'x' } } });
  await t.sendOutboundMessage({ messageContent: { type: 'TEXT', payload: { text: 'y' } } });
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  if (input.files && isAttachmentUpload(input.files)) await t.sendAttachments(input.files);

  const list: Array<ThreadView> | null = await sdk.getThreadList();
  console.log(list?.map((v) => v.idOnExternalPlatform));
  const info: ChannelInfo = await sdk.getChannelInfo();
  console.log(info.settings.fileRestrictions.allowedFileSize, info.isLiveChat);
  const availability = await sdk.getChannelAvailability();
  console.log(availability.status === ChannelAvailability.ONLINE);
  console.log(await sdk.getPersistentMenuItems());
  await sdk.sendOfflineMessage({ name: 'Ann', email: 'ann@example.com', message: 'call me' });
  const auth = await sdk.authorize('code');
  if ('consumerIdentity' in auth) { const id: CustomerIdentity = auth.consumerIdentity; console.log(id.idOnExternalPlatform); }
  console.log((await sdk.generateAuthorizationToken('thread-1', '/chat/1.0/brand/1/messages/m')).token);

  const customer: Customer = sdk.getCustomer();
  console.log(customer.getId(), customer.getName(), customer.getCustomFieldsArray());
  await customer.setCustomFields({ tier: 'gold' });

  const ws = sdk.getWebsocketClient();
  ws?.on(WebSocketClientEvent.RECONNECTING, () => console.log('reconnecting'));
  ws?.off(WebSocketClientEvent.OPEN, () => undefined);
  const reply: ChatEventData = await sendChatEvent({ eventType: 'FetchThreadList', data: {} }, ws);
  console.log(reply.type, splitName('Ann Example')[1], CHAT_SDK_VERSION);

  try {
    await t.sendTextMessage('');
  } catch (error) {
    if (error instanceof SendMessageFailedError || error instanceof ThreadRecoverFailedError || error instanceof UploadAttachmentError) console.log(error.data);
    if (error instanceof AuthorizationError || error instanceof CreateInvitationFailedError) console.log(error.message);
    if (error instanceof JoinGroupChatFailedError || error instanceof SendEmailInvitationFailedError) console.log(error.name);
    if (error instanceof IpAddressBlockedError || error instanceof SdkVersionNotSupported || error instanceof CacheStorageError) console.log(error.message);
    if (error instanceof WebSocketClientError || error instanceof WebSocketConnectionError) console.log(error.message);
    if (error instanceof ChatSDKError) { const code: ChatErrorCode | undefined = error.code; console.log(code); }
    console.log(isChatSDKError(error));
  }
  const handler = (e: MessageCreatedEvent) => e.data.message;
  void handler;

  // Free helpers, group chat, attachments, REST without an instance.
  registerWindowUnload();
  const fp = getBrowserFingerprint({ country: 'CZ' });
  console.log(fp.browser, getBrowserLanguage(), getBrowserLocation(), getDeviceType('mobile'), getValidLanguage('en_us'), isWindowClosing());
  const fields = getCustomFieldsArray({ a: '1' });
  console.log(getCustomFieldsFromArray(fields).a, getAuthor(recovered.data.messages[0]));
  console.log(createReconnectPayloadData({ token: 't', expiresIn: 60 }, 'visitor').eventType);
  const wsc: WebSocketClient | null = sdk.getWebsocketClient();
  const invite = await sendCreateInvitationToGroupChatEvent(createCreateInvitationToGroupChatPayloadData('contact-1'), wsc);
  const code: string = invite.data.invitation.code;
  await sendEmailInvitationToGroupChatEvent(createSendEmailInvitationToGroupChatPayloadData('contact-1', code, 'bob@example.com'), wsc);
  try {
    await sendJoinGroupChatEvent(createJoinGroupChatPayloadData(code), wsc);
  } catch (e) {
    if (isJoinGroupChatFailedError(e)) console.log(e.data);
  }
  await sendLeaveGroupChatEvent(createLeaveGroupChatPayloadData('contact-1'), wsc);
  const file = new File(['x'], 'x.txt', { type: 'text/plain' });
  const upload = await createAttachmentPayload(file, 1086, 'chat_abc');
  const uploads = await createTemporaryAttachmentsUpload([file], 1086, 'chat_abc');
  console.log(upload.url, uploads.length, await createAttachmentUploadMessageData(uploads, 'thread-1'));
  const info2 = await getChannelInfo(1086, 'chat_abc', 'en-US', { environment: EnvironmentName.custom, customEnvironment: endpoints });
  const avail2 = await getChannelAvailability(1086, 'chat_abc', { environment: EnvironmentName.EU1 });
  console.log(info2.name, avail2.status);
  await sdk.resetSession('new-customer', 'Bob Builder');
}
