// Mistakes the declarations must refuse. Each line under a @ts-expect-error
// must fail to compile: if the declarations become loose enough to accept
// one, the directive is unused and tsc (so types.test.mjs) fails.
import ChatSdk, {
  AbortablePromise, CacheStorage, ChatEvent, ChatSDKError, Customer, EnvironmentName, LivechatThread, Thread,
  WebSocketClient, WebSocketClientEvent, isMessageCreatedEvent, sendChatEvent, splitName, getChannelInfo,
  createJoinGroupChatPayloadData,
} from 'cxone-chat-wasm';
import type { AgentTypingStartedEvent, ChatErrorCode } from 'cxone-chat-wasm';

const ok = { brandId: 1, channelId: 'c', cacheStorage: null, storage: null } as const;
void new ChatSdk(ok); // the baseline compiles

// --- options
// @ts-expect-error brandId is required
void new ChatSdk({ channelId: 'c', cacheStorage: null, storage: null });
// @ts-expect-error channelId is required
void new ChatSdk({ brandId: 1, cacheStorage: null, storage: null });
// @ts-expect-error brandId is a number
void new ChatSdk({ ...ok, brandId: '1086' });
// @ts-expect-error cacheStorage is required (null for none); storage is optional, as 2.2.0 has none
void new ChatSdk({ brandId: 1, channelId: 'c' });
void new ChatSdk({ brandId: 1, channelId: 'c', cacheStorage: null }); // without storage: compiles
// @ts-expect-error the constructor takes options
void new ChatSdk();
// @ts-expect-error not a region
void new ChatSdk({ ...ok, environment: 'XX9' });
// @ts-expect-error custom needs customEnvironment
void new ChatSdk({ ...ok, environment: EnvironmentName.custom });
// @ts-expect-error customEnvironment needs every endpoint
void new ChatSdk({ ...ok, environment: EnvironmentName.custom, customEnvironment: { name: 'x', chat: 'http://x' } });
// @ts-expect-error not a secured session mode
void new ChatSdk({ ...ok, securedSession: 'sometimes' });
// @ts-expect-error requestTimeout is in milliseconds, a number
void new ChatSdk({ ...ok, requestTimeout: '20s' });
// @ts-expect-error isLivechat is a boolean
void new ChatSdk({ ...ok, isLivechat: 'yes' });
// @ts-expect-error onError takes a function
void new ChatSdk({ ...ok, onError: 'console.error' });
// @ts-expect-error a misspelt option
void new ChatSdk({ ...ok, requestTimeOut: 1000 });

declare const sdk: ChatSdk;
declare const thread: Thread;
declare const ws: WebSocketClient;

// --- listeners
// @ts-expect-error not an event name
sdk.onChatEvent('MessageCreatd', () => undefined);
// @ts-expect-error a MessageCreated listener does not receive typing events
thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (e: CustomEvent<AgentTypingStartedEvent>) => void e);
// @ts-expect-error a listener receives a CustomEvent, not a string
thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (text: string) => void text);
// @ts-expect-error the detail has no such field
thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (e) => e.detail.data.mesage);
// @ts-expect-error the removal function takes no listener
sdk.onChatEvent(ChatEvent.MESSAGE_CREATED, () => undefined)(() => undefined);
// @ts-expect-error not a connection event
ws.on('opened', () => undefined);
// @ts-expect-error a message event's detail is { data }, not an error
ws.on(WebSocketClientEvent.MESSAGE, (e: CustomEvent<Error>) => void e);

// --- methods
// @ts-expect-error getThread takes an id
sdk.getThread();
// @ts-expect-error getThread is synchronous: it returns a thread, not a promise
void sdk.getThread('t').then;
// @ts-expect-error sendTextMessage takes text
void thread.sendTextMessage(42);
// @ts-expect-error there is no such method
void thread.sendMessageText('hi');
// @ts-expect-error resetSession takes ids, not an options object
void sdk.resetSession({ customerId: 'c' });
// @ts-expect-error the free getChannelInfo takes a numeric brand id
void getChannelInfo('1086', 'c');
// @ts-expect-error joining needs the invitation code
void createJoinGroupChatPayloadData();
declare const files: Array<File>;
// @ts-expect-error onProgress is a function of { file, loaded, total }
void thread.sendAttachments(files, { onProgress: 42 });
// @ts-expect-error signal is an AbortSignal, not the controller
void thread.sendAttachments(files, { signal: new AbortController() });
// @ts-expect-error startChat is only on live-chat threads
void thread.startChat();
// @ts-expect-error sendMessage needs messageContent
void thread.sendMessage({ idOnExternalPlatform: 'x' });
// @ts-expect-error the offline message needs an email
void sdk.sendOfflineMessage({ name: 'Ann', message: 'hi' });
// @ts-expect-error connect resolves a boolean
const n: number = await sdk.connect();
// @ts-expect-error recover resolves the thread data, not a string
const s: string = await thread.recover();
// @ts-expect-error sendChatEvent needs an eventType
void sendChatEvent({ data: {} }, ws);
// @ts-expect-error splitName returns a pair
const three: [string, string, string] = splitName('a b c');
void [n, s, three];

// --- classes
// @ts-expect-error threads come from sdk.getThread, not from new
void new Thread('t');
// @ts-expect-error the connection comes from sdk.getWebsocketClient
void new WebSocketClient();
// @ts-expect-error CacheStorage wraps a storage
void new CacheStorage(42);
// @ts-expect-error getItem takes a key
new CacheStorage(localStorage).getItem();
// @ts-expect-error a customer id is a string
void new Customer(7);
// @ts-expect-error AbortablePromise.abort takes a reason string
new AbortablePromise<void>((resolve) => resolve()).abort(42);
declare const maybeLive: Thread | LivechatThread;
// @ts-expect-error endChat needs narrowing to LivechatThread first
void maybeLive.endChat();

// --- constants, errors, guards
// @ts-expect-error ChatEvent values are read-only
ChatEvent.MESSAGE_CREATED = 'x';
// @ts-expect-error not a ChatEvent member
void ChatEvent.MESSAGE_RECEIVED;
// @ts-expect-error ChatEvent.MESSAGE_CREATED is exactly 'MessageCreated'
const wrong: 'MessageSent' = ChatEvent.MESSAGE_CREATED;
// @ts-expect-error error codes are a closed set
const code: ChatErrorCode = 'not-found';
declare const err: ChatSDKError;
// @ts-expect-error code may be absent on errors a page made itself
const sure: ChatErrorCode = err.code;
declare const detail: unknown;
if (isMessageCreatedEvent(detail)) {
  // @ts-expect-error a MessageCreated detail has no positionInQueue
  void detail.data.positionInQueue;
}
void [wrong, code, sure];

// --- issue 14.3
declare const someSdk: ChatSdk;
// @ts-expect-error getWebsocketClient() is null before connect(), as the reference types it: check or use ?.
someSdk.getWebsocketClient().on(WebSocketClientEvent.OPEN, () => {});
declare const anyContent: import('cxone-chat-wasm').MessageContent;
// @ts-expect-error rich kinds have other payloads: narrow on content.type before reading payload.text
void anyContent.payload.text;
if (anyContent.type === 'QUICK_REPLIES') {
  // @ts-expect-error quick replies carry { content } as their text
  const t: string | null | undefined = anyContent.payload.text;
  void t;
}
// @ts-expect-error the global build's ChatSdk takes the same options (brandId is required)
void new CXoneChatWasm.ChatSdk({ channelId: 'c', cacheStorage: null });
// @ts-expect-error cacheStorage is still required (as in the reference 2.2.0 and 3.x); null for none
void new ChatSdk({ brandId: 1, channelId: 'c' });
