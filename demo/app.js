// The demo chat: wires the SDK to the page. Three modes (messenger, multi,
// live), picked by ?mode= or the header; settings in ?env=&brand=&channel=.
// The message list is a MessageStore (cxone-chat-wasm/store); rendering is
// in render.js.
import ChatSdk, { ChatEvent, EnvironmentName, WebSocketClientEvent } from '../dist/index.js';
import { MessageStore, messageText, authorName } from '../dist/store.js';
import { el, renderEntry, initials } from './render.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const saved = JSON.parse(localStorage.getItem('demo.settings') || '{}');
const MODES = ['messenger', 'multi', 'live'];

const mode = MODES.includes(params.get('mode')) ? params.get('mode') : (MODES.includes(saved.mode) ? saved.mode : 'messenger');
const env = params.get('env') || saved.env || 'sandbox';
const brandId = Number(params.get('brand') || saved.brand || 1086);
const channelId = params.get('channel') || (saved.channel && saved.channelMode === mode ? saved.channel : '') || (mode === 'live' ? 'chat_live' : 'chat_abc');
const customerName = params.get('name') ?? saved.name ?? 'Demo Visitor';
const scope = `${env}.${brandId}.${channelId}`;
const stored = (key, make) => localStorage.getItem(key) ?? (localStorage.setItem(key, make()), localStorage.getItem(key));
const customerId = params.get('customer') || stored(`demo.customer.${scope}`, () => crypto.randomUUID());
const threadKey = `demo.thread.${mode}.${scope}.${customerId}`;
if (params.get('thread')) localStorage.setItem(threadKey, params.get('thread')); // a deep link to one thread

/** For tests and the curious: the page's state. */
const app = { mode, env, brandId, channelId, customerId, store: new MessageStore(), ready: false };
window.demo = app;

// ---- header, modes, settings ----
document.body.dataset.mode = mode;
for (const m of MODES) {
  const a = $(`mode-${m}`);
  const q = new URLSearchParams(params);
  q.set('mode', m);
  if (!params.get('channel') || m === mode) q.delete('channel');
  if (params.get('channel') && m === mode) q.set('channel', params.get('channel'));
  a.href = `?${q}`;
  if (m === mode) a.setAttribute('aria-current', 'page');
}
$('settings-open').addEventListener('click', () => {
  $('set-mode').value = mode;
  $('set-env').value = env;
  $('set-brand').value = String(brandId);
  $('set-channel').value = params.get('channel') || (saved.channelMode === mode ? saved.channel ?? '' : '');
  $('set-name').value = customerName;
  $('settings').showModal();
});
$('set-reset').addEventListener('click', () => {
  localStorage.removeItem(`demo.customer.${scope}`);
  const q = new URLSearchParams(params);
  q.delete('customer');
  location.search = `?${q}`;
});
$('settings').addEventListener('close', () => {
  if ($('settings').returnValue !== 'apply') return;
  const next = {
    mode: $('set-mode').value, env: $('set-env').value, brand: $('set-brand').value.trim() || '1086',
    channel: $('set-channel').value.trim(), channelMode: $('set-mode').value, name: $('set-name').value.trim(),
  };
  localStorage.setItem('demo.settings', JSON.stringify(next));
  const q = new URLSearchParams({ mode: next.mode, env: next.env, brand: next.brand });
  if (next.channel) q.set('channel', next.channel);
  if (next.name) q.set('name', next.name);
  location.search = `?${q}`;
});

// ---- the SDK ----
const base = location.origin;
const options = {
  brandId, channelId, customerId, customerName,
  cacheStorage: null, storage: localStorage,
  onError: (e) => console.warn('chat:', e?.message ?? e),
};
// How long the SDK keeps reconnecting before the banner says offline:
// ?reconnects=<attempts> (SDK default 20, with backoff up to 30 s).
const reconnects = Number.parseInt(params.get('reconnects') ?? '', 10);
if (Number.isInteger(reconnects) && reconnects >= 0) options.maxReconnectAttempts = reconnects;
if (env === 'sandbox') {
  Object.assign(options, {
    environment: EnvironmentName.custom,
    customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
  });
} else {
  options.environment = EnvironmentName[env] ?? EnvironmentName.NA1;
}
const sdk = new ChatSdk(options);
app.sdk = sdk;

// ---- connection banner ----
let bannerTimer;
function banner(kind, text, action) {
  clearTimeout(bannerTimer);
  const b = $('banner');
  if (!kind) { b.hidden = true; b.replaceChildren(); b.dataset.state = ''; return; }
  b.hidden = false;
  b.dataset.state = kind;
  b.replaceChildren(el('span', {}, text), action ?? '');
}
function watchConnection() {
  const ws = sdk.getWebsocketClient();
  if (!ws) return;
  let lost = false;
  ws.on(WebSocketClientEvent.CLOSE, () => { lost = true; banner('lost', 'Connection lost. Reconnecting… Messages you send now will go out when it is back.'); });
  ws.on(WebSocketClientEvent.RECONNECTING, () => { lost = true; banner('lost', 'Reconnecting… Messages you send now will go out when it is back.'); });
  ws.on(WebSocketClientEvent.OPEN, () => {
    if (!lost) return;
    lost = false;
    banner('back', 'Back online.');
    bannerTimer = setTimeout(() => banner(null), 2500);
  });
  // ERROR: the SDK gave up reconnecting (maxReconnectAttempts). Its session
  // is over, so ws.reconnect() (which only cuts a backoff short) would do
  // nothing: "Try again" connects anew and recovers what was missed.
  const offline = (why = '') => banner('offline', `You are offline.${why}`,
    el('button', { type: 'button', className: 'small', onclick: tryAgain }, 'Try again'));
  async function tryAgain() {
    banner('lost', 'Reconnecting…');
    try {
      await sdk.connect();
      if (current) await recover(current);
    } catch (e) {
      offline(` ${e?.message ?? e}`);
    }
  }
  ws.on(WebSocketClientEvent.ERROR, () => { lost = true; offline(); });
}

// ---- message list rendering ----
const list = $('messages');
const nodes = new Map(); // key → {entry, li, sig}
let current = null; // {thread, off: [unsubscribe], contactStatus}
const store = app.store;

function atBottom() { return list.scrollHeight - list.scrollTop - list.clientHeight < 48; }
function scrollToBottom() { list.scrollTop = list.scrollHeight; $('new-messages').hidden = true; }

function render({ entries, older }) {
  const wasBottom = atBottom();
  const prevHeight = list.scrollHeight;
  const prevTop = list.scrollTop;
  let lastInbound = -1;
  entries.forEach((e, i) => { if (e.direction === 'inbound') lastInbound = i; });
  const keep = new Set(entries.map((e) => e.key));
  for (const [k, n] of nodes) if (!keep.has(k)) { n.li.remove(); nodes.delete(k); }
  let prev = null;
  let added = false;
  entries.forEach((e, i) => {
    const grouped = prev && prev.kind !== 'system' && e.kind !== 'system' && prev.direction === e.direction &&
      authorName(prev.message) === authorName(e.message) && Math.abs(e.time - prev.time) < 5 * 60e3;
    const repliesOpen = i > lastInbound; // quick replies go once the customer has answered
    const sig = `${grouped ? 1 : 0}${repliesOpen ? 1 : 0}`;
    let n = nodes.get(e.key);
    if (!n || n.entry !== e || n.sig !== sig) {
      const li = renderEntry(e, { grouped, repliesOpen, onPostback: sendPostback, onRetry: retry, customerName });
      if (n) n.li.replaceWith(li);
      else if (!e.history) added = true;
      if (!n && !e.history && e.direction === 'outbound' && (e.kind !== 'stream' || !e.streaming)) announce(e);
      if (n && n.entry.kind === 'stream' && n.entry.streaming && !e.streaming) announce(e);
      n = { entry: e, li, sig };
      nodes.set(e.key, n);
    }
    const at = list.children[i] ?? null;
    if (at !== n.li) list.insertBefore(n.li, at);
    prev = e;
  });
  $('load-older').hidden = !store.hasMore;
  if (older) list.scrollTop = list.scrollHeight - prevHeight + prevTop;
  else if (wasBottom) scrollToBottom();
  else if (added) $('new-messages').hidden = false;
  if (document.visibilityState === 'visible' && added) seen();
}
store.subscribe(render);

function announce(e) {
  const text = e.kind === 'stream' ? e.text : messageText(e.message);
  $('announce').textContent = `${authorName(e.message)}: ${text || 'sent an attachment'}`;
}

list.addEventListener('scroll', () => {
  if (atBottom()) $('new-messages').hidden = true;
  if (list.scrollTop < 80) loadOlder();
});
$('new-messages').addEventListener('click', () => { scrollToBottom(); list.focus(); });
$('load-older').addEventListener('click', () => loadOlder());

let loadingOlder = false;
async function loadOlder() {
  if (!current || !store.hasMore || loadingOlder) return;
  loadingOlder = true;
  const thread = current.thread;
  try {
    const r = await thread.loadMoreMessages();
    if (current?.thread !== thread) return;
    const page = r?.data?.messages ?? [];
    store.addHistory(page, { hasMore: Boolean(r?.data?.scrollToken) && page.length > 0, older: true });
  } catch (e) {
    console.warn('loadMoreMessages', e);
  } finally {
    loadingOlder = false;
  }
}

let seenTimer;
function seen() {
  clearTimeout(seenTimer);
  const thread = current?.thread;
  seenTimer = setTimeout(() => { thread?.lastMessageSeen().catch(() => {}); }, 300);
}

// ---- sending ----
function send(draft) {
  const thread = current?.thread;
  if (!thread) return;
  const { messageId, text, postback } = draft;
  const p = postback ? thread.sendPostbackMessage(postback, text, { messageId }) : thread.sendTextMessage(text, { messageId });
  p.then((ack) => { if (ack?.data?.message) store.handleEvent({ type: 'MessageCreated', data: ack.data }); })
    .catch((err) => store.markFailed(messageId, err));
}
function sendText(text) {
  const messageId = crypto.randomUUID();
  store.addPending({ messageId, text });
  if (mode === 'live' && current && !current.started) return startLive(text, messageId);
  send({ messageId, text });
}
function sendPostback(postback, text) {
  const messageId = crypto.randomUUID();
  store.addPending({ messageId, text, postback });
  send({ messageId, text, postback });
}
function retry(key) {
  const draft = store.retry(key);
  if (draft) send(draft);
}
app.sendText = sendText;

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('text').value;
  if (!text.trim() || !current) return;
  $('text').value = '';
  try { current.thread.stopTyping(); } catch { /* not connected yet */ }
  sendText(text);
  scrollToBottom();
});
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $('composer').requestSubmit();
  }
});
$('text').addEventListener('input', () => {
  try { if ($('text').value) current?.thread.keystroke(); } catch { /* not connected yet */ }
});

// ---- attachments ----
$('file').addEventListener('change', () => {
  const files = [...$('file').files];
  $('file').value = '';
  if (files.length) upload(files);
});
const zone = $('chat');
zone.addEventListener('dragover', (e) => {
  if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
  e.preventDefault();
  zone.classList.add('dragging');
});
zone.addEventListener('dragleave', (e) => { if (e.target === zone || !zone.contains(e.relatedTarget)) zone.classList.remove('dragging'); });
zone.addEventListener('drop', (e) => {
  zone.classList.remove('dragging');
  const files = [...(e.dataTransfer?.files ?? [])];
  if (!files.length) return;
  e.preventDefault();
  upload(files);
});

/**
 * Sends files as one message, showing each file's progress. Uses
 * sendAttachments(files, {signal, onProgress, messageId}); an SDK that does
 * not report progress leaves the bars indeterminate, and one that ignores
 * the signal still sends (the row then says so).
 */
function upload(files) {
  const thread = current?.thread;
  if (!thread) return;
  const messageId = crypto.randomUUID();
  const controller = new AbortController();
  const bars = new Map();
  const row = el('li', { className: 'upload', dataset: { messageId } });
  for (const f of files) {
    const bar = el('progress', { max: '1', 'aria-label': `Uploading ${f.name}` });
    bars.set(f, bar);
    row.append(el('div', { className: 'upload-file' }, el('span', { className: 'fname' }, f.name), bar));
  }
  const cancel = el('button', { type: 'button', className: 'small', onclick: () => controller.abort() }, 'Cancel');
  row.append(cancel);
  $('uploads').append(row);
  store.addPending({ messageId, text: '', attachments: files.map((f) => ({ friendlyName: f.name, mimeType: f.type })) });
  const onProgress = ({ file, loaded, total }) => {
    const bar = bars.get(file) ?? [...bars.values()][0];
    if (bar && total > 0) {
      bar.max = total;
      bar.value = loaded;
      bar.dataset.loaded = String(loaded);
      bar.dataset.total = String(total);
    }
  };
  thread.sendAttachments(files, { signal: controller.signal, onProgress, messageId })
    .then((ack) => {
      row.remove();
      if (ack?.data?.message) store.handleEvent({ type: 'MessageCreated', data: ack.data });
    })
    .catch((err) => {
      if (controller.signal.aborted || err?.name === 'AbortError' || err?.code === 'canceled') {
        row.remove();
        store.remove(messageId);
      } else {
        row.replaceChildren(el('span', { className: 'error' }, `Upload failed: ${err?.message ?? err}`),
          el('button', { type: 'button', className: 'small', onclick: () => row.remove() }, 'Dismiss'));
        store.markFailed(messageId, err);
      }
    });
}

// ---- thread events ----
function agentLabel(agent) {
  if (!agent) return '';
  return String(agent.nickname || [agent.firstName, agent.surname].filter(Boolean).join(' ') || 'An agent');
}
function setAgent(agent, waitingText = 'Say hello to start') {
  const name = agentLabel(agent);
  $('agent-status').textContent = name ? `${name} is here to help` : waitingText;
  $('agent-avatar').textContent = name ? initials(name) : '?';
}

function openThread(thread, { livechat = false } = {}) {
  for (const off of current?.off ?? []) off();
  store.clear();
  nodes.clear();
  list.replaceChildren();
  $('typing').textContent = '';
  $('announce').textContent = '';
  const me = { thread, off: [], started: !livechat, contactStatus: '' };
  current = me;
  app.thread = thread;
  const on = (type, fn) => me.off.push(thread.onThreadEvent(type, (e) => { if (current === me) fn(e.detail); }));
  for (const type of [ChatEvent.MESSAGE_CREATED, ChatEvent.MESSAGE_SENT, ChatEvent.MESSAGE_UPDATED, ChatEvent.MESSAGE_READ_CHANGED,
    ChatEvent.MESSAGE_SEEN_CHANGED, ChatEvent.MESSAGE_DELIVERY_STATUS_CHANGED]) {
    on(type, (d) => store.handleEvent(d));
  }
  on(ChatEvent.MESSAGE_CREATED, (d) => {
    if (d.data?.message?.direction === 'outbound') $('typing').textContent = '';
    if (multi) multi.touched(thread.idOnExternalPlatform, d.data?.message);
  });
  on(ChatEvent.AGENT_TYPING_STARTED, () => { $('typing').textContent = `${agentLabel(current.agent) || 'The agent'} is typing…`; });
  on(ChatEvent.AGENT_TYPING_ENDED, () => { $('typing').textContent = ''; });
  on(ChatEvent.ASSIGNED_AGENT_CHANGED, (d) => {
    const agent = d.data?.inboxAssignee;
    me.agent = agent;
    if (agent) me.queue = undefined; // out of the queue: an agent has it
    setAgent(agent, 'Waiting for an agent');
    store.addSystem({ id: d.id ?? crypto.randomUUID(), text: agent ? `${agentLabel(agent)} joined the conversation` : 'The agent left the conversation', time: d.createdAt });
    // Here, not on the SDK's event: that one may come first, before me.agent
    // is set, and left "You are number 2 in the queue." under an assigned agent.
    if (livechat) liveState();
  });
  on(ChatEvent.CONTACT_STATUS_CHANGED, (d) => {
    const status = d.data?.case?.status;
    if (!status || status === me.contactStatus) return;
    me.contactStatus = status;
    store.addSystem({ id: d.id ?? crypto.randomUUID(), text: statusLine(status), time: d.createdAt });
    if (livechat) liveState();
  });
  // The queue position names the thread inside consumerContact: heard on the SDK.
  me.off.push(sdk.onChatEvent(ChatEvent.SET_POSITION_IN_QUEUE, (e) => {
    const d = e.detail;
    const of = d?.data?.consumerContact?.threadIdOnExternalPlatform;
    if (current !== me || (of && of !== thread.idOnExternalPlatform)) return;
    const pos = d.data?.positionInQueue;
    me.queue = pos;
    $('queue').textContent = d.data?.isAgentAvailable && pos <= 1 ? 'You are next: an agent will join shortly.' : `You are number ${pos} in the queue.`;
    store.addSystem({ id: `queue-${me.contactId ?? ''}-${pos}-${d.id ?? ''}`, text: `Position in queue: ${pos}`, time: d.createdAt });
    if (livechat) liveState();
  }));
  const streamEvents = [ChatEvent.STREAMED_MESSAGE_STARTED, ChatEvent.STREAMED_MESSAGE_DELTA, ChatEvent.STREAMED_MESSAGE_COMPLETED, ChatEvent.STREAMED_MESSAGE_FAILED];
  for (const type of streamEvents) {
    me.off.push(sdk.onChatEvent(type, (e) => {
      if (current !== me || e.detail?.data?.threadId !== thread.idOnExternalPlatform) return;
      $('typing').textContent = '';
      store.handleStream(e.detail, e.type);
    }));
  }
  return me;
}

function statusLine(status) {
  return { new: 'Conversation started', open: 'Conversation opened', pending: 'Conversation is pending', escalated: 'Conversation escalated',
    resolved: 'Conversation resolved', closed: 'Conversation closed' }[status] ?? `Conversation status: ${status}`;
}

async function recover(me) {
  list.setAttribute('aria-busy', 'true');
  try {
    const r = await me.thread.recover();
    if (current !== me) return r;
    const contact = r?.contact;
    me.contactStatus = contact?.status ?? '';
    me.contactId = contact?.id;
    me.agent = r?.inboxAssignee;
    if (contact?.createdAt) store.addSystem({ id: `contact-${contact.id}`, text: statusLine('new'), time: contact.createdAt, history: true });
    store.addHistory(r?.messages ?? [], { hasMore: Boolean(r?.messagesScrollToken) });
    if (r?.inboxAssignee) store.addSystem({ id: `assignee-${contact?.id}`, text: `${agentLabel(r.inboxAssignee)} is handling this conversation`, time: contact?.statusUpdatedAt, history: true });
    if (contact?.status === 'closed') store.addSystem({ id: `closed-${contact.id}`, text: statusLine('closed'), time: contact.statusUpdatedAt, history: true });
    setAgent(r?.inboxAssignee, 'Waiting for an agent');
    scrollToBottom();
    return r;
  } catch {
    setAgent(null);
    return null;
  } finally {
    list.removeAttribute('aria-busy');
  }
}

// ---- multi-thread ----
let multi = null;
function threadTitle(t) { return t.threadName || t.name || 'Conversation'; }
function setupMulti() {
  const threads = new Map(); // id → {id, name, last}
  $('threads').hidden = false;
  $('thread-bar').hidden = false;
  $('threads-toggle').hidden = false;
  const drawer = (open) => {
    document.body.classList.toggle('drawer-open', open);
    $('threads-toggle').setAttribute('aria-expanded', String(open));
  };
  $('threads-toggle').addEventListener('click', () => drawer(!document.body.classList.contains('drawer-open')));
  const draw = () => {
    const items = [...threads.values()].sort((a, b) => (b.lastTime ?? 0) - (a.lastTime ?? 0));
    $('thread-list').replaceChildren(...items.map((t) => el('li', {},
      el('button', {
        type: 'button', className: 'thread-item', 'aria-current': current?.thread.idOnExternalPlatform === t.id ? 'true' : undefined,
        dataset: { thread: t.id }, onclick: () => { open(t.id); drawer(false); },
      }, el('span', { className: 'thread-name' }, t.name || 'New conversation'),
      el('span', { className: 'thread-last' }, t.last || 'No messages yet')))));
  };
  const open = async (id) => {
    localStorage.setItem(threadKey, id);
    const thread = sdk.getThread(id);
    const me = openThread(thread);
    $('thread-name').value = threads.get(id)?.name ?? '';
    draw();
    await recover(me);
    enableComposer(true);
  };
  multi = {
    touched(id, message) {
      const t = threads.get(id) ?? { id, name: '' };
      t.last = `${message?.direction === 'inbound' ? 'You: ' : ''}${messageText(message) || (message?.attachments?.length ? 'Attachment' : '')}`;
      t.lastTime = Date.now();
      threads.set(id, t);
      draw();
    },
  };
  $('new-thread').addEventListener('click', () => {
    const id = crypto.randomUUID();
    threads.set(id, { id, name: '', last: '', lastTime: Date.now() });
    open(id);
    $('text').focus();
  });
  $('rename').addEventListener('click', async () => {
    const name = $('thread-name').value.trim();
    if (!current || !name) return;
    const id = current.thread.idOnExternalPlatform;
    try {
      await current.thread.setName(name);
      threads.set(id, { ...(threads.get(id) ?? { id }), name });
      draw();
    } catch (e) { banner('offline', `Rename failed: ${e.message}`); }
  });
  $('archive').addEventListener('click', async () => {
    if (!current) return;
    const id = current.thread.idOnExternalPlatform;
    try {
      await current.thread.archive();
      threads.delete(id);
      const next = [...threads.keys()][0];
      if (next) open(next); else $('new-thread').click();
    } catch (e) { banner('offline', `Archive failed: ${e.message}`); }
  });
  return (async () => {
    const fetched = await sdk.getThreadList().catch(() => []);
    for (const t of fetched ?? []) threads.set(t.idOnExternalPlatform, { id: t.idOnExternalPlatform, name: t.threadName ?? '', last: '' });
    draw();
    // The last message of each, for the list (metadata, in parallel).
    await Promise.all([...threads.values()].map(async (t) => {
      try {
        const md = await sdk.getThread(t.id).getMetadata();
        const lm = md?.data?.lastMessage;
        if (lm) {
          t.last = `${lm.direction === 'inbound' ? 'You: ' : ''}${messageText(lm) || 'Attachment'}`;
          t.lastTime = Date.parse(lm.createdAt) || 0;
        }
      } catch { /* shown without */ }
    }));
    draw();
    const want = localStorage.getItem(threadKey);
    if (want && threads.has(want)) await open(want);
    else if (threads.size) await open([...threads.values()].sort((a, b) => (b.lastTime ?? 0) - (a.lastTime ?? 0))[0].id);
    else $('new-thread').click();
  })();
}

// ---- live chat ----
function liveState() {
  const me = current;
  const closed = me.contactStatus === 'closed';
  const open = me.started && !closed;
  $('live-bar').hidden = false;
  $('live-start').hidden = open;
  $('live-start').textContent = closed ? 'Start a new chat' : 'Start chat';
  $('live-end').hidden = !open;
  document.body.classList.toggle('chat-ended', closed);
  if (closed) {
    $('queue').textContent = 'Chat ended.';
    $('typing').textContent = '';
    setAgent(null, 'Chat ended');
  } else if (!me.started) {
    $('queue').textContent = 'Start a chat to talk to an agent.';
  } else if (!me.agent && !me.queue) {
    $('queue').textContent = 'Waiting for an agent…';
  } else if (me.agent) {
    $('queue').textContent = '';
  }
  enableComposer(!closed);
}
async function startLive(text, messageId) {
  const me = current;
  me.started = true;
  liveState();
  try {
    const ack = await me.thread.startChat(text);
    if (ack?.data?.message) {
      store.remove(messageId);
      store.handleEvent({ type: 'MessageCreated', data: ack.data });
    } else {
      store.remove(messageId);
    }
  } catch (err) {
    me.started = false;
    store.markFailed(messageId, err);
    liveState();
  }
}
async function setupLive() {
  const id = stored(threadKey, () => crypto.randomUUID());
  const me = openThread(sdk.getThread(id), { livechat: true });
  const r = await recover(me);
  me.started = Boolean(r?.contact) && r.contact.status !== 'closed';
  $('live-start').onclick = async () => {
    if (current.contactStatus === 'closed') {
      localStorage.setItem(threadKey, crypto.randomUUID());
      await setupLive();
      return;
    }
    $('text').focus();
    sendText('Hello, I would like to chat.');
  };
  $('live-end').onclick = async () => {
    try { await current.thread.endChat(); } catch (e) { banner('offline', `Could not end the chat: ${e.message}`); }
  };
  liveState();
}

// ---- offline form ----
function showOfflineForm() {
  for (const id of ['composer', 'drop-zone', 'typing', 'uploads', 'live-bar', 'thread-bar', 'threads']) $(id).hidden = true;
  $('offline-form').hidden = false;
  $('agent-status').textContent = 'We are offline';
  $('offline-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $('offline-form').querySelector('button');
    button.disabled = true;
    $('offline-result').textContent = 'Sending…';
    try {
      await sdk.sendOfflineMessage({ name: $('off-name').value, email: $('off-email').value, message: $('off-message').value });
      $('offline-result').textContent = 'Thank you. Your message was sent; we will reply by e-mail.';
      $('off-message').value = '';
    } catch (err) {
      $('offline-result').textContent = `Not sent: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

function enableComposer(on) {
  $('text').disabled = !on;
  $('send').disabled = !on;
  $('file').disabled = !on;
}

// ---- start ----
try {
  const info = await sdk.getChannelInfo().catch(() => null);
  if (info?.name) $('title').textContent = info.name;
  const availability = await sdk.getChannelAvailability().catch(() => null);
  await sdk.connect();
  watchConnection();
  if (availability?.status === 'offline') {
    showOfflineForm();
  } else if (mode === 'multi') {
    await setupMulti();
  } else if (mode === 'live') {
    await setupLive();
  } else {
    const me = openThread(sdk.getThread(stored(threadKey, () => crypto.randomUUID())));
    await recover(me);
    enableComposer(true);
  }
  if (!$('text').disabled) $('text').focus();
  app.ready = true;
} catch (error) {
  $('agent-status').textContent = `Cannot connect: ${error?.message ?? error}`;
  banner('offline', `Cannot connect: ${error?.message ?? error}`);
  app.error = String(error?.message ?? error);
}
