// Each line below is a mistake the declarations must catch: if one of them
// compiles, its @ts-expect-error is unused and tsc fails.
import ChatSdk, { ChatEvent, EnvironmentName, Thread, CacheStorage } from 'cxone-chat-wasm';

// @ts-expect-error brandId is required
void new ChatSdk({ channelId: 'c', environment: EnvironmentName.NA1, cacheStorage: null, storage: null });
// @ts-expect-error brandId is a number
void new ChatSdk({ brandId: '1086', channelId: 'c', cacheStorage: null, storage: null });
// @ts-expect-error custom needs customEnvironment
void new ChatSdk({ brandId: 1, channelId: 'c', environment: EnvironmentName.custom, cacheStorage: null, storage: null });
// @ts-expect-error not an environment
void new ChatSdk({ brandId: 1, channelId: 'c', environment: 'XX9', cacheStorage: null, storage: null });
// @ts-expect-error not a secured session kind
void new ChatSdk({ brandId: 1, channelId: 'c', securedSession: 'sometimes', cacheStorage: null, storage: null });
// @ts-expect-error storage and cacheStorage are required (null for none)
void new ChatSdk({ brandId: 1, channelId: 'c' });

declare const sdk: ChatSdk;
declare const thread: Thread;
// @ts-expect-error not an event name
sdk.onChatEvent('MessageCreatd', () => undefined);
// @ts-expect-error getThread takes an id
sdk.getThread();
// @ts-expect-error sendTextMessage takes text
void thread.sendTextMessage(42);
// @ts-expect-error there is no such method
void thread.sendMessageText('hi');
// @ts-expect-error getThread is synchronous: it returns a thread, not a promise
void sdk.getThread('t').then;
// @ts-expect-error ChatEvent values are read-only
ChatEvent.MESSAGE_CREATED = 'x';
// @ts-expect-error CacheStorage wraps an IStorage
void new CacheStorage(42);
// @ts-expect-error connect resolves a boolean
const n: number = await sdk.connect();
void n;
