// A typed page written against the reference SDK 2.2.0's declarations (the
// npm registry's @nice-devone/nice-cxone-chat-web-sdk@2.2.0, dist/index.d.ts),
// the way its users write one: no `storage` option (2.2.0 has none), one
// untyped handler narrowed with the guards, results typed as 2.2.0 types them.
// Our own code. The only line that differs from the page written for the
// reference is the import below (was '@nice-devone/nice-cxone-chat-web-sdk');
// types.test.mjs checks that, and tsc --strict compiles the page.
import ChatSdk, {
  CacheStorage, ChatEvent, ChatSDKError, EnvironmentName, MessageType, SecureSessions, WebSocketClientEvent,
  isMessageCreatedEvent, isAgentTypingStartedEvent, isContactStatusChangedEvent, isRecoverSuccessEvent, LivechatThread,
} from 'cxone-chat-wasm';
import type {
  ChatEventData, ChatSDKOptions, EventListenerFunction, Message, MessageSuccessEventData,
  ThreadRecoveredChatEvent, ThreadView,
} from 'cxone-chat-wasm';

declare function render(text: string): void;

const options: ChatSDKOptions = {
  brandId: 1086,
  channelId: 'chat_abc',
  customerId: localStorage.getItem('customerId') ?? undefined,
  customerName: 'Ann Example',
  environment: EnvironmentName.EU1,
  cacheStorage: new CacheStorage(window.localStorage),
  securedSession: SecureSessions.ANONYMOUS,
  onError: (error: Error) => console.error(error),
};

function textOf(message: Message): string {
  const content = message.messageContent;
  return content.type === MessageType.TEXT ? content.payload.text ?? '' : '';
}

const onEvent: EventListenerFunction = (event) => {
  const detail: ChatEventData = event.detail;
  if (isMessageCreatedEvent(detail)) render(textOf(detail.data.message));
  if (isAgentTypingStartedEvent(detail)) render('typing…');
  if (isContactStatusChangedEvent(detail)) render(`status: ${detail.data.case.status}`);
};

export async function start(threadId: string): Promise<void> {
  const sdk = new ChatSdk(options);
  try {
    await sdk.connect();
  } catch (error) {
    if (error instanceof ChatSDKError) render(error.message);
    return;
  }
  sdk.getWebsocketClient()?.on(WebSocketClientEvent.CLOSE, () => render('offline'));
  sdk.onChatEvent(ChatEvent.MESSAGE_CREATED, onEvent);

  const threads: Array<ThreadView> | null = await sdk.getThreadList();
  const thread = sdk.getThread(threads?.[0]?.idOnExternalPlatform ?? threadId);
  thread.onThreadEvent(ChatEvent.AGENT_TYPING_STARTED, onEvent);
  thread.onThreadEvent(ChatEvent.CONTACT_STATUS_CHANGED, onEvent);

  const recovered: ThreadRecoveredChatEvent = await sdk.recoverThreadData(thread.idOnExternalPlatform);
  if (isRecoverSuccessEvent(recovered)) recovered.data.messages.forEach((m) => render(textOf(m)));
  const older = await thread.loadMoreMessages();
  older?.data.messages.forEach((m) => render(textOf(m)));

  if (thread instanceof LivechatThread) await thread.startChat('Hello');
  const sent: MessageSuccessEventData = await thread.sendTextMessage('Hello');
  render(sent.id);
  thread.keystroke();
  await thread.lastMessageSeen();
  await sdk.getCustomer().setCustomField('plan', 'gold');
}
