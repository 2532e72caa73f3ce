// A small chat app written the way the reference SDK's sample app uses the
// SDK (our own code): each flow is one screen of such an app, driven the way
// its user would drive it, and resolves with what the screen would show.
//
// It imports the package by name ('cxone-chat-wasm'); the page resolves the
// name (an import map here, node_modules under a bundler). The sandbox to
// talk to is the page's origin, or ?sandbox=<url> when the page is served
// elsewhere (a Vite dev server). window.flows holds the flows once loaded;
// window.flowsReady says so.
import ChatSdk, {
  CacheStorage, ChatEvent, ContactStatus, EnvironmentName, LivechatThread, SecureSessions, ThreadRecoverFailedError,
  getAuthor, isContactStatusChangedEvent, isMessageCreatedEvent,
} from 'cxone-chat-wasm';

const sandbox = new URLSearchParams(location.search).get('sandbox') ?? location.origin;

// Keys the app keeps in localStorage, as an app does between visits.
const keys = {
  customer: (tag) => `app:${tag}:customerId`,
  thread: (tag, channel) => `app:${tag}:thread:${channel}`,
  name: (tag) => `app:${tag}:customerName`,
};

function options(channelId, extra) {
  return {
    brandId: 1086,
    channelId,
    environment: EnvironmentName.custom,
    customEnvironment: { name: 'sandbox', chat: sandbox, gateway: sandbox.replace(/^http/, 'ws') + '/gw', authorize: sandbox + '/auth' },
    appName: 'sample-style test app',
    onError: (error) => screen.errors.push(error.message),
    ...extra,
  };
}

// What the screens show: a status line and the message list.
const screen = {
  errors: [],
  status(text) { document.getElementById('status').textContent = text; },
  show(messages) {
    document.getElementById('messages').replaceChildren(...messages.map((m) => {
      const li = document.createElement('li');
      li.textContent = `${getAuthor(m) || (m.direction === 'inbound' ? 'me' : 'agent')}: ${m.messageContent?.payload?.text ?? ''}`;
      return li;
    }));
  },
};

// Waits for a condition the screen waits for (a reply, an assignment).
async function until(check, what, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// A conversation on screen: messages by id, newest last.
function board(thread) {
  const byId = new Map();
  const add = (list) => { for (const m of list) byId.set(m.id, m); };
  const sorted = () => [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (e) => {
    if (isMessageCreatedEvent(e.detail)) { add([e.detail.data.message]); screen.show(sorted()); }
  });
  return { add: (list) => { add(list); screen.show(sorted()); }, sorted, texts: () => sorted().map((m) => m.messageContent.payload.text) };
}

// The customer id and thread id the app remembers, or new ones.
function remembered(tag, channel) {
  const customerId = localStorage.getItem(keys.customer(tag)) || crypto.randomUUID();
  const threadId = localStorage.getItem(keys.thread(tag, channel)) || crypto.randomUUID();
  return { customerId, threadId };
}

/**
 * Messenger: a remembered customer and thread; the customer's name from
 * the app's storage; recover the thread (a new one is not found), send a
 * message, wait for the agent's answer. Run twice, the second run is a
 * returning visitor: recover brings the earlier messages back.
 */
async function messenger({ tag = 'messenger', name = 'Ann Example', text = 'Hello from the app' } = {}) {
  const { customerId, threadId } = remembered(tag, 'chat_abc');
  const sdk = new ChatSdk(options('chat_abc', { customerId, securedSession: SecureSessions.ANONYMOUS, isLivechat: false, cacheStorage: null, storage: null }));
  await sdk.connect();
  localStorage.setItem(keys.customer(tag), sdk.getCustomer().getId());
  localStorage.setItem(keys.thread(tag, 'chat_abc'), threadId);
  const thread = sdk.getThread(threadId);
  const view = board(thread);
  localStorage.setItem(keys.name(tag), name);
  sdk.getCustomer().setName(localStorage.getItem(keys.name(tag)) ?? '');
  let recovered = 0;
  try {
    const r = await thread.recover();
    recovered = r.messages.length;
    view.add(r.messages.reverse());
  } catch (error) {
    // A new thread: nothing to recover yet.
    screen.errors.push(error instanceof ThreadRecoverFailedError ? 'recover: thread not found' : `recover: ${error.message}`);
  }
  const before = view.sorted().length;
  await thread.sendTextMessage(text);
  await until(() => view.sorted().slice(before).some((m) => m.direction === 'outbound'), 'the agent reply');
  screen.status('messenger ready');
  const mine = view.sorted().find((m) => m.direction === 'inbound' && m.messageContent.payload.text === text);
  return { customerId, threadId, recovered, texts: view.texts(), myAuthor: mine ? getAuthor(mine) : null, livechat: thread instanceof LivechatThread };
}

/**
 * Multithread messenger: connect() is called and not awaited, then the
 * thread list is asked for at once (the sample's thread list screen). Then
 * two threads are started and named, the list shows them, one is archived.
 */
async function multithread({ tag = 'multithread' } = {}) {
  const { customerId } = remembered(tag, 'chat_abc');
  localStorage.setItem(keys.customer(tag), customerId);
  const sdk = new ChatSdk(options('chat_abc', { customerId, securedSession: SecureSessions.ANONYMOUS, isLivechat: false, cacheStorage: null, storage: null }));
  sdk.connect();
  const initial = await sdk.getThreadList();
  const ids = [crypto.randomUUID(), crypto.randomUUID()];
  for (const [i, id] of ids.entries()) {
    const thread = sdk.getThread(id);
    await thread.sendTextMessage(`first message of thread ${i + 1}`);
    await thread.setName(`Topic ${i + 1}`);
  }
  const listed = await sdk.getThreadList();
  const metadata = await sdk.getThread(ids[0]).getMetadata();
  await sdk.getThread(ids[1]).archive();
  const after = await sdk.getThreadList();
  screen.status('thread list ready');
  const names = (list) => list.filter((t) => ids.includes(t.idOnExternalPlatform)).map((t) => t.threadName).sort();
  return { initial: initial.length, listed: names(listed), afterArchive: names(after), metadataType: metadata?.type ?? null };
}

/**
 * Older messages: a thread with more messages than one page; a fresh
 * session recovers the newest page, then "Load older messages" is pressed
 * until nothing more comes.
 */
async function loadOlder({ tag = 'older', count = 15 } = {}) {
  const { customerId, threadId } = remembered(tag, 'chat_abc');
  const first = new ChatSdk(options('chat_abc', { customerId, isLivechat: false, cacheStorage: null, storage: null }));
  await first.connect();
  const writer = first.getThread(threadId);
  const seen = board(writer);
  for (let i = 0; i < count; i++) await writer.sendTextMessage(`older ${i}`);
  await until(() => seen.sorted().filter((m) => m.direction === 'outbound').length >= count, 'every agent reply');
  first.getWebsocketClient().disconnect();

  const sdk = new ChatSdk(options('chat_abc', { customerId, isLivechat: false, cacheStorage: null, storage: null }));
  await sdk.connect();
  const thread = sdk.getThread(threadId);
  const view = board(thread);
  const r = await thread.recover();
  view.add(r.messages.reverse());
  const pages = [r.messages.length];
  for (let more = await thread.loadMoreMessages(); more !== null; more = await thread.loadMoreMessages()) {
    pages.push(more.data.messages.length);
    view.add(more.data.messages.reverse());
  }
  screen.status('history loaded');
  const texts = view.texts();
  return { pages, total: texts.length, distinct: new Set(view.sorted().map((m) => m.id)).size, oldest: texts[0], newest: texts.at(-1) };
}

/**
 * Live chat: the thread is not found (a new visitor sees "Start chat"),
 * the chat is started, an agent is assigned, a message goes both ways, the
 * customer ends the chat and the screen shows it closed.
 */
async function livechat({ tag = 'livechat' } = {}) {
  const { customerId, threadId } = remembered(tag, 'chat_live');
  localStorage.setItem(keys.customer(tag), customerId);
  const sdk = new ChatSdk(options('chat_live', { customerId, isLivechat: true, cacheStorage: null, storage: null }));
  await sdk.connect();
  const thread = sdk.getThread(threadId);
  if (!(thread instanceof LivechatThread)) throw new Error('Loaded thread is not a live chat thread');
  localStorage.setItem(keys.thread(tag, 'chat_live'), threadId);
  const view = board(thread);
  let agent = null;
  let status = 'new';
  sdk.onChatEvent(ChatEvent.ASSIGNED_AGENT_CHANGED, (e) => { agent = e.detail.data.inboxAssignee?.firstName ?? null; });
  thread.onThreadEvent(ChatEvent.CONTACT_STATUS_CHANGED, (e) => {
    if (isContactStatusChangedEvent(e.detail)) status = e.detail.data.case.status === ContactStatus.CLOSED ? 'closed' : 'open';
  });
  let startShown = false;
  try {
    await thread.recover();
  } catch {
    startShown = true;
  }
  await thread.startChat();
  await until(() => agent, 'an agent');
  const before = view.sorted().length;
  await thread.sendTextMessage('Is anyone there?');
  await until(() => view.sorted().slice(before).some((m) => m.direction === 'outbound'), 'the agent reply');
  await thread.endChat();
  await until(() => status === 'closed', 'the closed status');
  screen.status('live chat closed');
  return { startShown, agent, status, texts: view.texts() };
}

/**
 * Secured session with a cache, as the sample's secured-session screen:
 * the transaction token answer is cached behind the 'CHAT_SDK_CACHE_'
 * prefix, so a returning visitor connects without asking again.
 */
async function securedSession() {
  const isThirdPartyCookiesSupported = document.hasStorageAccess ? await document.hasStorageAccess() : true;
  const sdk = new ChatSdk(options('chat_live', {
    isLivechat: true,
    securedSession: SecureSessions.SECURED_COOKIES,
    cacheStorage: new CacheStorage(localStorage, 'CHAT_SDK_CACHE_'),
    storage: localStorage,
    isThirdPartyCookiesSupported,
  }));
  let authorized = 0;
  sdk.onAuthorization = (status) => { if (status === 'success') authorized++; };
  await sdk.connect();
  const threadId = localStorage.getItem(keys.thread('secured', 'chat_live')) ?? crypto.randomUUID();
  const thread = sdk.getThread(threadId);
  localStorage.setItem(keys.thread('secured', 'chat_live'), threadId);
  screen.status('secured session ready');
  return {
    customerId: sdk.getCustomer().getId(), authorized, livechat: thread instanceof LivechatThread,
    cached: Object.keys(localStorage).filter((k) => k.startsWith('CHAT_SDK_CACHE_')).sort(),
  };
}

window.flows = { messenger, multithread, loadOlder, livechat, securedSession, screen, keys };
window.flowsReady = true;
screen.status('ready');
