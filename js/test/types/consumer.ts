// A page written the way a reference-SDK user writes one, using every value
// export of the package. It is only type-checked (tsc --strict --noEmit),
// never run: types.test.mjs fails if any line stops compiling.
import ChatSdk, {
  AbortablePromise, AbortError, AuthorizationError, CacheStorage, CacheStorageError, CHAT_SDK_VERSION,
  ChannelAvailability, ChatEvent, ChatSdk as NamedChatSdk, ChatSDKError, ContactStatus, CreateInvitationFailedError,
  Customer, EnvironmentName, IpAddressBlockedError, JoinGroupChatFailedError, LivechatThread, MessageType,
  SdkVersionNotSupported, SecureSessions, SendEmailInvitationFailedError, SendMessageFailedError, Thread,
  ThreadRecoverFailedError, UploadAttachmentError, WebSocketClient, WebSocketClientError, WebSocketClientEvent,
  WebSocketConnectionError, generateId, isAgentTypingEndedEvent, isAgentTypingStartedEvent,
  isAssignedAgentChangedEvent, isAttachmentUpload, isAuthSuccessEvent, isChatSDKError, isContactCreatedEvent,
  isContactRecipientsChangedEvent, isContactStatusChangedEvent, isContactToRoutingQueueAssignmentChangedEvent,
  isCustomerReconnectSuccessPayloadData, isLoadMetadataSuccessPayload, isMessage, isMessageCreatedEvent,
  isMessageReadChangedEvent, isMessageSentEvent, isMoreMessagesLoadedEvent, isRecoverSuccessEvent,
  isSetPositionInQueueEvent, isStreamedMessageEventData, isThreadArchivedSuccessPayload,
  isThreadListFetchedPostbackData, isTokenRefreshedSuccessResponse, sendChatEvent, splitName,
  getBrowserLanguage, getBrowserLocation, getDeviceType, getValidLanguage, getBrowserFingerprint, getAuthor,
  getCustomFieldsArray, getCustomFieldsFromArray, createReconnectPayloadData, isWindowClosing, registerWindowUnload,
  createAttachmentPayload, createTemporaryAttachmentsUpload, createAttachmentUploadMessageData, getChannelInfo,
  getChannelAvailability, createCreateInvitationToGroupChatPayloadData, createSendEmailInvitationToGroupChatPayloadData,
  createJoinGroupChatPayloadData, createLeaveGroupChatPayloadData, sendCreateInvitationToGroupChatEvent,
  sendEmailInvitationToGroupChatEvent, sendJoinGroupChatEvent, sendLeaveGroupChatEvent, isJoinGroupChatFailedError,
} from 'cxone-chat-wasm';
import type {
  ChatEventData, ChatEventType, ChatErrorCode, ChatSDKOptions, ChannelInfo, EnvironmentEndpoints,
  EventListenerFunction, Message, MessageCreatedEvent, MessageSuccessEventData, RemoveListenerFunction,
  SecureSessionsType, StreamedMessageEventData, ThreadRecoveredChatEvent, ThreadRecoveredData, ThreadView,
  IStorage, ICacheStorage, AttachmentUpload, SetPositionInQueueChatEvent, IChatEventTarget,
} from 'cxone-chat-wasm';

declare function show(text: string): void;

// A page's own bus of chat events, typed as the reference types its own.
const bus: IChatEventTarget = new EventTarget();
bus.addEventListener(ChatEvent.MESSAGE_CREATED, (e) => console.log(e.type));

// The default export and the named ChatSdk are the same class.
const SameClass: typeof ChatSdk = NamedChatSdk;

// Enumerations: members have literal types, the names are also types, and
// each member is a type too (as with the reference's TS enums).
const created: 'MessageCreated' = ChatEvent.MESSAGE_CREATED;
const anyEvent: ChatEvent = ChatEvent.AGENT_TYPING_STARTED;
const eventType: ChatEventType = anyEvent;
const region: EnvironmentName = EnvironmentName.EU1;
const custom: EnvironmentName.custom = EnvironmentName.custom;
const text: MessageType.TEXT = MessageType.TEXT;
const closed: ContactStatus = ContactStatus.CLOSED;
const online: ChannelAvailability = ChannelAvailability.ONLINE;
const session: SecureSessionsType = SecureSessions.ANONYMOUS;
const wsOpen: WebSocketClientEvent.OPEN = WebSocketClientEvent.OPEN;
const version: string = CHAT_SDK_VERSION;
void [created, eventType, region, text, closed, online, wsOpen, version];

const endpoints: EnvironmentEndpoints = {
  name: 'sandbox', chat: 'http://127.0.0.1:8080', gateway: 'ws://127.0.0.1:8080/gw', authorize: 'http://127.0.0.1:8080/auth',
};
const storage: IStorage = window.localStorage;
const cache: ICacheStorage = new CacheStorage(storage, 'chat-');

const options: ChatSDKOptions = {
  brandId: 1086,
  channelId: 'chat_abc',
  customerId: localStorage.getItem('customerId') ?? generateId(),
  customerName: 'Ann Example',
  environment: custom,
  customEnvironment: endpoints,
  cacheStorage: cache,
  storage,
  securedSession: session,
  networkRequestMetadata: { httpHeaders: { 'X-Trace': '1' }, websocketQuery: { debug: true } },
  onError: (error) => console.error(error.message),
  onRawEvent: (event) => console.debug(event.detail.data.length),
  onAuthorization: (status, response) => console.log(status, response.accessToken),
  // Ours:
  requestTimeout: 10_000,
  tokenRefreshMinDelay: 20_000,
  heartbeatInterval: 15_000,
  heartbeatTimeout: 45_000,
  reconnectMinDelay: 1000,
  reconnectMaxDelay: 30_000,
  maxReconnectAttempts: 20,
  requestRateLimit: 100,
};

async function main(): Promise<void> {
  const sdk = new SameClass(options);
  const regional = new ChatSdk({ brandId: 1, channelId: 'c', environment: EnvironmentName.NA1, cacheStorage: null, storage: null });
  const defaulted = new ChatSdk({ brandId: 1, channelId: 'c', cacheStorage: null, storage: null, isLivechat: true });
  void [regional, defaulted];
  console.log(sdk.channelId, sdk.isLivechat);
  sdk.onError = (e) => console.warn(e);

  const opened: boolean = await sdk.connect();
  await sdk.ready();
  console.log(opened);

  const info: ChannelInfo = await sdk.getChannelInfo();
  if (info.settings.fileRestrictions.isAttachmentsEnabled) console.log(info.settings.fileRestrictions.allowedFileSize);
  const availability = await sdk.getChannelAvailability();
  if (availability.status === ChannelAvailability.OFFLINE) {
    const ack: MessageSuccessEventData = await sdk.sendOfflineMessage({ name: 'Ann', email: 'ann@example.com', message: 'Call me' });
    console.log(ack.id);
  }
  for (const item of await sdk.getPersistentMenuItems()) console.log(item.label, item.postback);

  // Customer.
  const customer: Customer = sdk.getCustomer();
  console.log(customer.getId(), customer.id, customer.getName(), customer.getImage(), customer.getIdOrCreateNewOne());
  await customer.setCustomField('email', 'ann@example.com');
  await customer.setCustomFields({ plan: 'gold' });
  const standalone = new Customer('c-1', 'Ann', null);
  standalone.setCustomFieldsFromArray([{ ident: 'plan', value: 'gold' }]);
  console.log(standalone.getCustomFields().plan, standalone.getCustomFieldsArray().length);

  // Threads: typed listeners by event name.
  const threads: Array<ThreadView> | null = await sdk.getThreadList();
  const thread = sdk.getThread(threads?.[0]?.idOnExternalPlatform ?? generateId());
  const off: RemoveListenerFunction = thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (event) => {
    const message: Message = event.detail.data.message;
    if (message.messageContent.type === MessageType.TEXT && 'text' in message.messageContent.payload) {
      show(message.messageContent.payload.text ?? '');
    }
    console.log(message.direction === 'outbound' ? message.authorUser?.firstName : message.authorEndUserIdentity?.firstName);
  });
  off();
  thread.onThreadEvent(ChatEvent.AGENT_TYPING_STARTED, (e) => console.log(e.detail.data.user?.nickname));
  thread.onThreadEvent(ChatEvent.CONTACT_STATUS_CHANGED, (e) => {
    if (e.detail.data.case.status === ContactStatus.CLOSED) console.log('closed');
  });
  thread.onThreadEvent(ChatEvent.STREAMED_MESSAGE_DELTA, (e) => show(e.detail.data.fullContent));
  sdk.onChatEvent(ChatEvent.SET_POSITION_IN_QUEUE, (e) => console.log(e.detail.data.positionInQueue));

  // Reference style: one untyped handler, narrowed with the guards.
  const handler: EventListenerFunction = (event) => {
    const detail: ChatEventData = event.detail;
    if (isMessageCreatedEvent(detail)) { const m: MessageCreatedEvent = detail; console.log(m.data.message.id); }
    if (isMessageSentEvent(detail)) console.log(detail.data.message.idOnExternalPlatform);
    if (isMessageReadChangedEvent(detail)) console.log(detail.data.message.readAt);
    if (isAgentTypingStartedEvent(detail) || isAgentTypingEndedEvent(detail)) console.log(detail.data.thread.idOnExternalPlatform);
    if (isAssignedAgentChangedEvent(detail)) console.log(detail.data.inboxAssignee?.firstName);
    if (isContactCreatedEvent(detail)) console.log(detail.data.case.id);
    if (isContactStatusChangedEvent(detail)) console.log(detail.data.case.status);
    if (isContactRecipientsChangedEvent(detail)) console.log(detail.data.contact.id);
    if (isContactToRoutingQueueAssignmentChangedEvent(detail)) console.log(detail.data.routingQueue?.name);
    if (isSetPositionInQueueEvent(detail)) { const q: SetPositionInQueueChatEvent = detail; console.log(q.data.positionInQueue); }
    if (isSetPositionInQueueEvent(event)) console.log(event.detail.data.positionInQueue);
    if (isMoreMessagesLoadedEvent(detail)) console.log(detail.data.messages.length, detail.data.scrollToken);
    if (isLoadMetadataSuccessPayload(detail)) console.log(detail.data.lastMessage.id);
    if (isThreadArchivedSuccessPayload(detail)) console.log(detail.type);
    if (isTokenRefreshedSuccessResponse(detail)) console.log(detail.data.accessToken.expiresIn);
    if (isAuthSuccessEvent(detail)) console.log(detail.data.consumerIdentity.idOnExternalPlatform);
    if (isRecoverSuccessEvent(detail)) console.log(detail.data.messagesScrollToken);
    if (isThreadListFetchedPostbackData(detail.data)) console.log(detail.data.threads.length);
    if (isStreamedMessageEventData(detail.data)) { const s: StreamedMessageEventData = detail.data; console.log(s.delta?.content); }
    if (isMessage(detail.data)) console.log(detail.data.messageContent.type);
  };
  const unsubscribe = sdk.onChatEvent(ChatEvent.MESSAGE_CREATED, handler);
  unsubscribe();
  sdk.onChatEvent(eventType, handler);

  // Live chat or messaging.
  if (thread instanceof LivechatThread) {
    await thread.startChat();
    await thread.endChat();
  } else if (thread instanceof Thread) {
    const recovered: ThreadRecoveredData = await thread.recover();
    console.log(recovered.messages.length, recovered.contact?.status);
  }

  // Sending.
  const ack = await thread.sendTextMessage('Hello', { messageId: generateId() });
  console.log(ack.id, ack.createdAt);
  const controller = new AbortController();
  await thread.sendTextMessage('Bye', { signal: controller.signal });
  await thread.sendPostbackMessage('yes', 'Yes please');
  await thread.sendMessage({ messageContent: { type: MessageType.TEXT, payload: { text: 'raw' } } });
  await thread.sendOutboundMessage({ messageContent: { type: MessageType.TEXT, payload: { text: 'out' } } });
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  if (input.files) await thread.sendAttachments(input.files);
  const ac = new AbortController();
  const bars = new Map<File, number>();
  const sentFiles = await thread.sendAttachments(Array.from(input.files ?? []), {
    signal: ac.signal,
    onProgress: ({ file, loaded, total }) => { bars.set(file, loaded / total); },
  });
  console.log(sentFiles.id, bars.size);
  const uploaded: Array<AttachmentUpload> = [{ url: 'https://x/y.png', friendlyName: 'y.png' }];
  if (isAttachmentUpload(uploaded)) await thread.sendAttachments(uploaded);
  thread.keystroke(1000, () => console.log('typing ended'));
  thread.stopTyping();
  thread.keystrokeForPreview('Hel');
  thread.stopTypingForPreview(false);
  await thread.sendMessagePreview('Hello');
  const more = await thread.loadMoreMessages();
  if (more !== null) console.log(more.data.messages.length);
  await thread.lastMessageSeen();
  const meta = await thread.getMetadata();
  console.log(meta.data.lastMessage.createdAt, meta.data.ownerAssignee?.surname);
  await thread.setCustomField('order', '42');
  await thread.setCustomFields({ order: '43' });
  thread.removeCustomField('order');
  await thread.sendCustomFields(['order']);
  const archived: true = await thread.archive();
  const renamed: true = await thread.setName('Order 42');
  await thread.sendTranscript('7001', 'ann@example.com');
  void [archived, renamed];

  // Recovery is abortable.
  const recovering: AbortablePromise<ThreadRecoveredChatEvent> = sdk.recoverThreadData();
  recovering.abort('not needed');
  console.log(recovering.abortReason);
  const livechat = await sdk.recoverLivechatThreadData(thread.idOnExternalPlatform);
  console.log(livechat.data.thread.threadName);
  const wrapped = AbortablePromise.from(Promise.resolve(1));
  const mine = new AbortablePromise<number>((resolve, _reject, signal) => {
    signal.addEventListener('abort', () => undefined);
    resolve(2);
  });
  console.log((await wrapped) + (await mine));

  // Authorization (older flow) and its guard.
  const auth = await sdk.authorize('code-123');
  if (isCustomerReconnectSuccessPayloadData(auth)) console.log(auth.reconnected);
  else console.log(auth.consumerIdentity.idOnExternalPlatform);
  const token = await sdk.generateAuthorizationToken(thread.idOnExternalPlatform, 'https://example.com/x');
  console.log(token.token);

  // The connection.
  const ws = sdk.getWebsocketClient();
  if (ws instanceof WebSocketClient) {
    const onClose = (e: CustomEvent<Error | null>) => console.log(e.detail?.message);
    ws.on(WebSocketClientEvent.CLOSE, onClose);
    ws.off(WebSocketClientEvent.CLOSE, onClose);
    ws.on(WebSocketClientEvent.MESSAGE, (e) => console.log(e.detail.data));
    ws.on(WebSocketClientEvent.RECONNECTING, () => console.log('reconnecting'));
    ws.reconnect();
  }
  const reply: ChatEventData = await sendChatEvent({ eventType: 'SendPageViews', data: { pageView: { url: location.href } } }, ws);
  console.log(reply.id);
  ws?.disconnect();

  // Helpers.
  const [first, last]: [string, string] = splitName('Ann Marie Example');
  console.log(first, last);
  registerWindowUnload();
  const fp = getBrowserFingerprint({ country: 'CZ' });
  console.log(fp.browser, getBrowserLanguage(), getBrowserLocation(), getDeviceType('mobile'), getValidLanguage('en_us'), isWindowClosing());
  const fields = getCustomFieldsArray({ plan: 'gold' });
  console.log(getCustomFieldsFromArray(fields).plan, getCustomFieldsArray(new Map([['a', '1']])).length);
  const lastMessage: Message = meta.data.lastMessage;
  console.log(getAuthor(lastMessage));
  await sendChatEvent(createReconnectPayloadData({ token: 't', expiresIn: 60 }, 'visitor-1'), ws);

  // Attachments and channel facts without the instance.
  const file = new File(['x'], 'x.txt', { type: 'text/plain' });
  const one: AttachmentUpload = await createAttachmentPayload(file, 1086, 'chat_abc', controller.signal);
  const many = await createTemporaryAttachmentsUpload([file], 1086, 'chat_abc');
  await thread.sendMessage(await createAttachmentUploadMessageData([one, ...many], thread.idOnExternalPlatform));
  const info2 = await getChannelInfo(1086, 'chat_abc', 'en-US', { environment: EnvironmentName.custom, customEnvironment: endpoints });
  const avail2 = await getChannelAvailability(1086, 'chat_abc', { environment: EnvironmentName.EU1 });
  console.log(info2.name, avail2.status);

  // Group chat.
  const invite = await sendCreateInvitationToGroupChatEvent(createCreateInvitationToGroupChatPayloadData('7001'), ws);
  const code: string = invite.data.invitation.code;
  await sendEmailInvitationToGroupChatEvent(createSendEmailInvitationToGroupChatPayloadData('7001', code, 'bob@example.com'), ws);
  try {
    await sendJoinGroupChatEvent(createJoinGroupChatPayloadData(code), ws);
  } catch (e) {
    if (isJoinGroupChatFailedError(e)) console.log(e.data.response.id);
  }
  await sendLeaveGroupChatEvent(createLeaveGroupChatPayloadData('7001'), ws);

  // A new customer on the same page.
  await sdk.resetSession(generateId(), 'Bob Builder');
}

// Errors: classes work with instanceof, and every SDK error has a code.
function report(error: unknown): ChatErrorCode | undefined {
  if (error instanceof AbortError) return error.code;
  if (error instanceof SendMessageFailedError) console.log(error.data?.response);
  if (error instanceof ThreadRecoverFailedError) console.log(error.data?.response.id);
  if (error instanceof UploadAttachmentError) console.log(error.data?.response.allowedFileSize);
  if (error instanceof AuthorizationError) console.log(error.data?.errorMessage);
  if (error instanceof CreateInvitationFailedError) console.log(error.data.id);
  if (error instanceof JoinGroupChatFailedError || error instanceof SendEmailInvitationFailedError) console.log(error.data);
  if (error instanceof IpAddressBlockedError || error instanceof SdkVersionNotSupported) return error.code;
  if (error instanceof WebSocketClientError || error instanceof WebSocketConnectionError) return error.code;
  if (error instanceof CacheStorageError) console.log(error.message);
  if (isChatSDKError(error)) console.log(error.data);
  if (error instanceof ChatSDKError) {
    switch (error.code) {
      case 'invalid-argument': case 'timeout': case 'canceled': case 'closed':
      case 'protocol': case 'server': case 'unauthorized': case 'internal': case undefined:
        return error.code;
    }
  }
  return undefined;
}

const errors: Array<Error> = [
  new ChatSDKError('x'), new ChatSDKError(new Error('wrapped'), { response: 1 }), new SendMessageFailedError('x', { response: {} }),
  new ThreadRecoverFailedError('x'), new UploadAttachmentError('x'), new AuthorizationError('x', { errorMessage: 'no' }),
  new CreateInvitationFailedError('x', { id: '1', createdAt: '', data: null }), new JoinGroupChatFailedError('x'),
  new SendEmailInvitationFailedError('x'), new AbortError(), new IpAddressBlockedError('blocked'),
  new SdkVersionNotSupported(), new CacheStorageError('x'), new WebSocketClientError('x', 'going away'),
  new WebSocketConnectionError('x'),
];
errors.forEach(report);
main().catch(report);
