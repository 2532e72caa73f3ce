// cxone-chat-wasm/store: the message list of one thread, as a chat window
// shows it. Framework-agnostic: feed it what the SDK gives (events, the
// result of recover() and loadMoreMessages(), your own sends) and read
// `entries` back, or subscribe to be told when they change. It knows
// nothing of the DOM and needs no SDK instance, so it is tested in Node.

/** Status ranks: a message never moves back down this list (except failed → pending on retry). */
const RANK = { failed: 0, pending: 1, sent: 2, delivered: 3, read: 4 };

/** Events whose data carries a `message` the store merges. */
const MESSAGE_EVENTS = new Set([
  'MessageCreated', 'MessageSent', 'MessageUpdated', 'MessageAddedIntoCase',
  'MessageReadChanged', 'MessageSeenChanged', 'MessageDeliveryStatusChanged',
]);

/**
 * A message's time in milliseconds since the epoch (createdAtWithMilliseconds,
 * else createdAt); NaN when it has none.
 * @param {any} message
 */
export function messageTime(message) {
  const t = Date.parse(message?.createdAtWithMilliseconds || message?.createdAt || '');
  return t;
}

/**
 * The status a wire message shows by itself: read when the agent has read it
 * (isRead or userStatistics.readAt), delivered when `delivered` is not empty,
 * otherwise sent. Only the customer's own (inbound) messages have one.
 * @param {any} message
 */
export function wireStatus(message) {
  if (message?.isRead || message?.userStatistics?.readAt || message?.userStatistics?.seenAt) return 'read';
  if (Array.isArray(message?.delivered) && message.delivered.length > 0) return 'delivered';
  return 'sent';
}

/**
 * MessageStore keeps the messages of one thread in display order and merges
 * every copy of a message into one entry.
 *
 * - **One entry per message.** A message is keyed by `idOnExternalPlatform`
 *   (the id the page gives when it sends, `options.messageId`), falling back
 *   to `id`. The acknowledgement of a send, the MessageCreated push of the
 *   same message, the copy in a recovered page and later status changes all
 *   land on the same entry.
 * - **States.** A message the page sends starts `pending` (addPending); it
 *   becomes `sent` when the server's copy arrives, `delivered` and `read`
 *   as MessageDeliveryStatusChanged / MessageReadChanged say (never back
 *   down), or `failed` (markFailed) until retried (retry → pending).
 * - **Order.** Confirmed messages sort by the server's time (ties in arrival
 *   order); pending and failed ones stay after them, in the order they were
 *   sent, so a message does not jump while it waits.
 * - **Paging.** `hasMore` says whether older messages remain (from the scroll
 *   token of recover() / loadMoreMessages()).
 * - **Streams.** A streamed (GenAI) reply is an entry that grows with each
 *   delta (`streaming: true` until completed or failed).
 * - **System lines** (agent assigned, status changed, queue position) are
 *   entries of kind `system`, placed by their time like messages.
 *
 * Entries are immutable objects: one that changes is replaced, so a renderer
 * can compare by identity.
 *
 * @example
 * import { MessageStore } from 'cxone-chat-wasm/store';
 * const store = new MessageStore();
 * store.subscribe(({ entries }) => render(entries));
 * thread.onThreadEvent('MessageCreated', (e) => store.handleEvent(e.detail));
 * const recovered = await thread.recover();
 * store.addHistory(recovered.messages, { hasMore: Boolean(recovered.messagesScrollToken) });
 * const messageId = crypto.randomUUID();
 * store.addPending({ messageId, text: 'hi' });
 * thread.sendTextMessage('hi', { messageId }).then((ack) => store.handleEvent(ack), (err) => store.markFailed(messageId, err));
 */
export class MessageStore {
  /** @type {Map<string, any>} */
  #byKey = new Map();
  /** @type {Map<string, string>} server id → key */
  #keyOfId = new Map();
  #seq = 0;
  #listeners = new Set();
  #sorted = null;
  /** True when older messages remain to be loaded (see addHistory). */
  hasMore = false;

  /** The entries in display order (a new array after each change). */
  get entries() {
    if (!this.#sorted) this.#sorted = [...this.#byKey.values()].sort(compare);
    return this.#sorted;
  }

  /** The entry with this key (idOnExternalPlatform, id, or a system line's id), or undefined. */
  get(key) {
    return this.#byKey.get(key) ?? this.#byKey.get(this.#keyOfId.get(key));
  }

  /**
   * Calls listener({entries, changed, older}) after every change; `changed`
   * lists the keys that changed, `older` is true when the change added older
   * history (a renderer keeps the scroll position then). Returns unsubscribe.
   * @param {(change: {entries: any[], changed: string[], older: boolean}) => void} listener
   */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(changed, older = false) {
    if (changed.length === 0) return;
    this.#sorted = null;
    const entries = this.entries;
    for (const l of [...this.#listeners]) {
      try {
        l({ entries, changed, older });
      } catch (error) {
        // One failing listener must not stop the others or the caller (an
        // SDK event handler): report it the way an uncaught error would be.
        queueMicrotask(() => { throw error; });
      }
    }
  }

  #put(entry) {
    this.#byKey.set(entry.key, entry);
    if (entry.id) this.#keyOfId.set(entry.id, entry.key);
  }

  /**
   * Merges one wire message (a Message object of the SDK). Returns its key,
   * or undefined when the object is not a message.
   * @param {any} message
   * @param {'event'|'history'} [from]
   */
  #merge(message, from = 'event') {
    if (!message || typeof message !== 'object' || (!message.id && !message.idOnExternalPlatform)) return undefined;
    const key = (message.idOnExternalPlatform && String(message.idOnExternalPlatform)) || String(message.id);
    const old = this.#byKey.get(key) ?? (message.id ? this.#byKey.get(this.#keyOfId.get(String(message.id))) : undefined);
    const time = messageTime(message);
    const own = message.direction === 'inbound';
    let status = own ? wireStatus(message) : undefined;
    if (own && old?.status && RANK[old.status] > RANK[status]) status = old.status;
    const entry = {
      kind: old?.kind === 'stream' ? 'stream' : 'message',
      key: old?.key ?? key,
      id: message.id ? String(message.id) : old?.id,
      direction: message.direction ?? old?.direction,
      status,
      error: undefined,
      time: Number.isNaN(time) ? (old?.time ?? Date.now()) : time,
      confirmed: true,
      seq: old?.seq ?? ++this.#seq,
      message: { ...(old?.message ?? {}), ...message },
      text: old?.kind === 'stream' ? old.text : undefined,
      streaming: old?.kind === 'stream' ? old.streaming : false,
      history: old ? old.history : from === 'history',
    };
    this.#put(entry);
    return entry.key;
  }

  /**
   * Takes any chat event detail ({type, data}) or the acknowledgement of a
   * send: message events are merged, the rest ignored. Returns the changed
   * key or undefined.
   * @param {any} detail
   */
  handleEvent(detail) {
    if (!detail || typeof detail !== 'object') return undefined;
    // An acknowledgement may come without its type: it is the message created.
    const type = detail.type ?? (detail.data?.message ? 'MessageCreated' : undefined);
    if (!MESSAGE_EVENTS.has(type) || !detail.data?.message) return undefined;
    const key = this.#merge(detail.data.message);
    if (key && type === 'MessageDeliveryStatusChanged') this.#raise(key, 'delivered');
    if (key && (type === 'MessageReadChanged' || type === 'MessageSeenChanged')) {
      const e = this.#byKey.get(key);
      if (e.direction === 'inbound' && wireStatus(detail.data.message) === 'read') this.#raise(key, 'read');
    }
    if (key) this.#emit([key]);
    return key;
  }

  #raise(key, status) {
    const e = this.#byKey.get(key);
    if (e?.direction === 'inbound' && RANK[status] > RANK[e.status ?? 'pending']) this.#byKey.set(key, { ...e, status });
  }

  /**
   * Adds a page of history (recover()'s `messages`, or loadMoreMessages()'s
   * `data.messages`), in any order. `hasMore` is whether older ones remain
   * (a non-empty scroll token). `older: true` tells subscribers to keep their
   * scroll position.
   * @param {any[]} messages
   * @param {{hasMore?: boolean, older?: boolean}} [options]
   */
  addHistory(messages, options = {}) {
    const changed = [];
    for (const m of Array.isArray(messages) ? messages : []) {
      const k = this.#merge(m, 'history');
      if (k) changed.push(k);
    }
    if (options.hasMore !== undefined) this.hasMore = Boolean(options.hasMore);
    this.#emit(changed.length ? changed : ['#paging'], Boolean(options.older));
    return changed;
  }

  /**
   * Shows a message the page is about to send, as pending, before any
   * answer. Give the same messageId to the SDK call (options.messageId) so
   * that the server's copy replaces this entry.
   * @param {{messageId: string, text?: string, attachments?: {friendlyName: string, url?: string, mimeType?: string}[], postback?: string}} draft
   */
  addPending({ messageId, text = '', attachments = [], postback }) {
    if (!messageId) throw new TypeError('addPending needs a messageId');
    const old = this.#byKey.get(messageId);
    if (old?.confirmed) return messageId; // the answer came first
    const content = postback ? { type: 'TEXT', payload: { text, postback } } : { type: 'TEXT', payload: { text } };
    this.#put({
      kind: 'message', key: messageId, id: undefined, direction: 'inbound', status: 'pending', error: undefined,
      time: Date.now(), confirmed: false, seq: old?.seq ?? ++this.#seq, streaming: false, history: false,
      message: { idOnExternalPlatform: messageId, direction: 'inbound', messageContent: content, attachments },
    });
    this.#emit([messageId]);
    return messageId;
  }

  /**
   * Marks a pending message as failed (the send rejected); `error` is kept
   * on the entry. A message the server confirmed meanwhile stays sent.
   * @param {string} messageId
   * @param {unknown} [error]
   */
  markFailed(messageId, error) {
    const e = this.#byKey.get(messageId);
    if (!e || e.confirmed) return;
    this.#byKey.set(messageId, { ...e, status: 'failed', error });
    this.#emit([messageId]);
  }

  /**
   * Puts a failed message back to pending before the page sends it again
   * (with the same messageId, so a server that got the first try stores it
   * once). Returns its draft ({messageId, text, attachments, postback}) or
   * undefined.
   * @param {string} messageId
   */
  retry(messageId) {
    const e = this.#byKey.get(messageId);
    if (!e || e.status !== 'failed') return undefined;
    this.#byKey.set(messageId, { ...e, status: 'pending', error: undefined });
    this.#emit([messageId]);
    const p = e.message.messageContent?.payload ?? {};
    return { messageId, text: p.text ?? '', attachments: e.message.attachments ?? [], postback: p.postback };
  }

  /** Removes an entry (a canceled upload, say). */
  remove(key) {
    const e = this.get(key);
    if (!e) return;
    this.#byKey.delete(e.key);
    if (e.id) this.#keyOfId.delete(e.id);
    this.#emit([e.key]);
  }

  /**
   * Streamed replies: pass StreamedMessageStarted, …Delta, …Completed and
   * …Failed event details (data: {messageId, fullContent}) with the event's
   * name: the details carry no `type` of their own (as the reference's do
   * not), so pass `event.type` from the listener. The entry's `text` is the
   * content so far; `streaming` is false once it ended, and `failed` true if
   * it ended early.
   * @param {any} detail
   * @param {string} [type] the event name (default: detail.type)
   */
  handleStream(detail, type = detail?.type) {
    const d = detail?.data;
    if (!d?.messageId) return undefined;
    const key = String(d.messageId);
    const old = this.get(key);
    const ended = type === 'StreamedMessageCompleted' || type === 'StreamedMessageFailed';
    const original = d.originalMessage && typeof d.originalMessage === 'object' ? d.originalMessage : old?.message;
    const time = messageTime(original);
    const entry = {
      kind: 'stream', key: old?.key ?? key, id: key, direction: 'outbound', status: undefined, error: undefined,
      time: old?.time ?? (Number.isNaN(time) ? Date.now() : time), confirmed: true, seq: old?.seq ?? ++this.#seq,
      message: original ?? {}, text: typeof d.fullContent === 'string' ? d.fullContent : (old?.text ?? ''),
      streaming: !ended, failed: type === 'StreamedMessageFailed', history: false,
    };
    this.#put(entry);
    this.#emit([entry.key]);
    return entry.key;
  }

  /**
   * Adds a system line ({id, text, time}); the same id twice is one line.
   * `time` is ms since the epoch or an ISO string (default now).
   * @param {{id: string, text: string, time?: number|string, history?: boolean}} line
   */
  addSystem({ id, text, time, history = false }) {
    if (!id) throw new TypeError('addSystem needs an id');
    const key = 'system:' + id;
    const old = this.#byKey.get(key);
    const t = typeof time === 'string' ? Date.parse(time) : time;
    this.#put({
      kind: 'system', key, id: undefined, direction: 'system', status: undefined, error: undefined,
      time: old?.time ?? (Number.isFinite(t) ? t : Date.now()), confirmed: true, seq: old?.seq ?? ++this.#seq,
      message: undefined, text: String(text), streaming: false, history,
    });
    this.#emit([key]);
    return key;
  }

  /** Forgets every entry (another thread is opened). */
  clear() {
    const keys = [...this.#byKey.keys()];
    this.#byKey.clear();
    this.#keyOfId.clear();
    this.hasMore = false;
    this.#emit(keys.length ? keys : ['#clear']);
  }
}

function compare(a, b) {
  if (a.confirmed !== b.confirmed) return a.confirmed ? -1 : 1;
  if (a.confirmed && a.time !== b.time) return a.time - b.time;
  return a.seq - b.seq;
}

/**
 * The text a message shows: its payload text, else the rich content's own
 * text, else fallbackText. Never HTML.
 * @param {any} message
 */
export function messageText(message) {
  const c = message?.messageContent;
  const p = c?.payload;
  if (typeof p?.text === 'string' && p.text !== '') return p.text;
  if (typeof p?.text?.content === 'string') return p.text.content;
  if (typeof c?.fallbackText === 'string') return c.fallbackText;
  return '';
}

/**
 * An author's display name: an agent's first name and surname (nickname if
 * set), or a customer's full name.
 * @param {any} message
 */
export function authorName(message) {
  const u = message?.authorUser;
  if (u) return String(u.nickname || [u.firstName, u.surname].filter(Boolean).join(' ') || 'Agent');
  const c = message?.authorEndUserIdentity;
  if (c) return String(c.fullName || [c.firstName, c.lastName].filter(Boolean).join(' ') || 'You');
  return message?.direction === 'inbound' ? 'You' : 'Agent';
}
