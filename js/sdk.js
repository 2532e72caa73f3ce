// The public classes: ChatSdk, Thread, LivechatThread, Customer, CacheStorage,
// AbortablePromise. They keep the reference SDK's names, signatures and
// timing; the chat logic runs in Go (wasm), reached through the binding.
import { loadRuntime, loaded, chooseUrl, wantRuntime } from './loader.js';
import { AbortError, CacheStorageError, ChatSDKError, fromWire, sdkError } from './errors.js';
import { EnvironmentName, SecureSessions } from './constants.js';
import * as A from './args.js';
import { openEarly, earlyStats } from './socket.js';
import { textAt } from './memtext.js';
import { socketURL, customerKey, visitorKey, brandOf } from './predial.js';

let nextCallId = 0;

// Synchronous thread calls that wait for a connect() under way (#callSync).
const deferrable = new Set(['thread.keystroke', 'thread.stopTyping', 'thread.keystrokeForPreview', 'thread.stopTypingForPreview', 'thread.removeCustomField']);
// How many dispatched events keep their parsed value for the call they answer
// (wasm/bridge.go recentEvents).
const RECENT_EVENTS = 8;

/** A Promise with abort(): aborting rejects it with AbortError and cancels the request. */
export class AbortablePromise extends Promise {
  #abortReason;
  constructor(executor) {
    const controller = new AbortController();
    super((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(new AbortError(this.#abortReason)));
      executor?.(resolve, reject, controller.signal);
    });
    this.abort = (reason) => {
      this.#abortReason = reason ?? 'Aborted';
      controller.abort();
    };
  }
  get abortReason() { return this.#abortReason; }
  static from = (promise) => (promise instanceof AbortablePromise ? promise : new AbortablePromise((resolve, reject) => { promise.then(resolve, reject); }));
}

/** A storage wrapper that stores JSON values with an expiry (ms). */
export class CacheStorage {
  #storage;
  #prefix;
  constructor(storage, keyPrefix) {
    if (!storage || !storage.getItem || !storage.setItem || !storage.removeItem) {
      throw new CacheStorageError('CacheStorage: Storage is required');
    }
    this.#storage = storage;
    this.#prefix = keyPrefix ?? '';
  }
  getItem(key) {
    const raw = this.#storage.getItem(this.#prefix + key);
    if (!raw) return null;
    let item;
    try { item = JSON.parse(raw); } catch { return null; }
    if (item?.data === undefined || (item.expiresAt !== null && !(item.expiresAt >= Date.now()))) {
      this.#storage.removeItem(this.#prefix + key);
      return null;
    }
    return item.data;
  }
  removeItem(key) { this.#storage.removeItem(this.#prefix + key); }
  /** ttl in ms; without one (unlike the reference, where it expires at once) the item stays until removed. */
  setItem(key, data, ttl) {
    const expiresAt = ttl === undefined || ttl === null ? null : Date.now() + Number(ttl);
    this.#storage.setItem(this.#prefix + key, JSON.stringify({ data, expiresAt }));
  }
}

/**
 * The customer: id, name, image and customer custom fields. The customer of
 * a ChatSdk (sdk.getCustomer()) is the one later frames name: setId, setName
 * and setImage reach the wire as consumerIdentity (idOnExternalPlatform,
 * firstName/lastName split as splitName does, image), as with the reference.
 */
export class Customer {
  id = null;
  name = null;
  image = null;
  #fields = new Map();
  #onChange;
  constructor(id, name, image) {
    this.id = id ? String(id) : null;
    this.name = name || null;
    this.image = image || null;
  }
  getId() { return this.id ?? null; }
  setId(id) { this.id = id.toString(); this.#onChange?.(); }
  getIdOrCreateNewOne() { if (!this.id) { this.id = crypto.randomUUID(); this.#onChange?.(); } return this.id; }
  getName() { return this.name; }
  setName(name) { this.name = name; this.#onChange?.(); }
  getImage() { return this.image ?? null; }
  setImage(image) { this.image = image; this.#onChange?.(); }
  /** @internal the ChatSdk hears of identity changes so */
  _onChange(fn) { this.#onChange = fn; }
  setExists() {}
  setWebsocketClient() {}
  destroy() { this.id = null; this.name = null; this.image = null; this.#fields.clear(); }
  getCustomFields() { return Object.fromEntries(this.#fields); }
  getCustomFieldsArray() { return [...this.#fields].map(([ident, value]) => ({ ident, value })); }
  setCustomFieldsFromArray(fields) { for (const { ident, value } of fields ?? []) this.#fields.set(ident, value); }
  setCustomField(ident, value) { return this.setCustomFields({ [ident]: value }); }
  setCustomFields(fields) {
    for (const [k, v] of Object.entries(fields ?? {})) this.#fields.set(k, v);
    return this.#link?.call('customer.setCustomFields', { fields: Object.entries(fields ?? {}).map(([ident, value]) => ({ ident, value: String(value) })) });
  }
  sendCustomFields() { return this.#link?.call('customer.setCustomFields', { fields: this.getCustomFieldsArray() }); }
  #link;
  /** @internal */
  _attach(link) { this.#link = link; }
}

/** One conversation. Get it with sdk.getThread(id). */
export class Thread {
  idOnExternalPlatform;
  #link;
  #events = new EventTarget();

  /** @internal pages get threads from ChatSdk.getThread */
  constructor(idOnExternalPlatform, link) {
    this.idOnExternalPlatform = idOnExternalPlatform;
    this.#link = link;
  }

  /** @internal */
  _dispatch(type, detail) { this.#events.dispatchEvent(new CustomEvent(type, { detail })); }

  #call(method, args = {}, signal) { return this.#link.call(`thread.${method}`, { thread: this.idOnExternalPlatform, ...args }, signal); }

  onThreadEvent(type, handler) {
    this.#events.addEventListener(type, handler);
    return () => this.#events.removeEventListener(type, handler);
  }
  recover() { return this.#link.abortable(`thread.recover`, { thread: this.idOnExternalPlatform }); }
  /** options.signal (an AbortSignal, ours) gives up waiting: the promise rejects with AbortError. */
  sendTextMessage(messageText, options = {}) {
    return this.#call('sendTextMessage', { text: messageText, messageId: options.messageId }, options.signal);
  }
  sendPostbackMessage(postback, messageText, options = {}) {
    return this.#call('sendPostbackMessage', { postback, text: messageText, messageId: options.messageId }, options.signal);
  }
  loadMoreMessages() { return this.#call('loadMoreMessages'); }
  lastMessageSeen() { return this.#call('lastMessageSeen'); }
  getMetadata() { return this.#call('getMetadata'); }
  archive() { return this.#call('archive'); }
  setName(name) { return this.#call('setName', { name }); }
  keystroke(timeout = 1000, onSendCallback) {
    this.#onTypingEnd = onSendCallback;
    this.#link.callSync('thread.keystroke', { thread: this.idOnExternalPlatform, timeout });
  }
  stopTyping() { this.#link.callSync('thread.stopTyping', { thread: this.idOnExternalPlatform }); }
  #onTypingEnd;
  /** @internal */
  _typingEnded() { const cb = this.#onTypingEnd; this.#onTypingEnd = undefined; if (typeof cb === 'function') cb(); }

  sendMessage(messageData) { return this.#call('sendMessage', { data: messageData }); }
  sendOutboundMessage(messageData) { return this.#call('sendOutboundMessage', { data: messageData }); }
  /**
   * Uploads files (checked first against the channel's fileRestrictions) and
   * sends them as one message, in order. options: messageId, signal (aborts
   * the uploads; nothing is sent), onProgress({file, loaded, total}).
   */
  async sendAttachments(files, options = {}) {
    if (files === undefined || files === null || typeof files.length !== 'number' || files.length === 0) {
      throw sdkError('FileList must be provided to sendAttachment method');
    }
    if (isAttachmentUpload(files)) return this.#call('sendAttachments', { files: Array.from(files), messageId: options.messageId }, options.signal);
    const list = Array.from(files);
    return withFile(list, this.#link.call(`thread.sendAttachments`, { thread: this.idOnExternalPlatform, messageId: options.messageId },
      options.signal, uploadArg(list, options.onProgress)));
  }
  keystrokeForPreview(currentText, timeout = 1250) {
    this.#link.callSync('thread.keystrokeForPreview', { thread: this.idOnExternalPlatform, text: currentText, timeout });
  }
  stopTypingForPreview(shouldSendPreview = true) {
    this.#link.callSync('thread.stopTypingForPreview', { thread: this.idOnExternalPlatform, send: shouldSendPreview !== false });
  }
  sendMessagePreview(text) { return this.#call('sendMessagePreview', { text }); }
  sendTranscript(contactNumber, email) { return this.#call('sendTranscript', { contactNumber: String(contactNumber), email }); }
  /** Resolves undefined, whether the fields were sent or kept for the thread's first message (as the reference). */
  async setCustomFields(customFields) { await this.#call('setCustomFields', { fields: toFieldArray(customFields) }); }
  setCustomField(ident, value) { return this.setCustomFields({ [ident]: value }); }
  removeCustomField(ident) { this.#link.callSync('thread.removeCustomField', { thread: this.idOnExternalPlatform, name: ident }); }
  sendCustomFields(selectedFieldIdents) { return this.#call('sendCustomFields', { idents: selectedFieldIdents ?? null }); }
}

/** Custom fields object {ident: value} → [{ident, value}] (values as strings). */
function toFieldArray(fields) {
  if (fields === null || typeof fields !== 'object') throw sdkError('customFields must be an object of ident: value');
  return Object.entries(fields).map(([ident, value]) => ({ ident, value: String(value) }));
}

/** True when every item is an already uploaded {url, friendlyName}. */
export function isAttachmentUpload(files) {
  return Array.from(files).every((f) => f && typeof f === 'object' && 'url' in f && 'friendlyName' in f);
}

// uploadArg is what the core reads the files from: the File objects
// themselves (the browser uploads them; their bytes never enter Go) and
// the progress callback, which a throwing page handler cannot break.
function uploadArg(list, onProgress) {
  return {
    files: list,
    onProgress: typeof onProgress === 'function' ? (i, loaded, total) => {
      try { onProgress({ file: list[i], loaded, total }); } catch (e) { queueMicrotask(() => { throw e; }); }
    } : undefined,
  };
}

// withFile puts the File object that failed in the error's data (an
// UploadAttachmentError, or the ChatSDKError of a failed upload).
async function withFile(list, promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ChatSDKError && typeof e.data?.fileIndex === 'number') e.data.file = list[e.data.fileIndex];
    throw e;
  }
}

/**
 * The connection, as the reference's getWebsocketClient() exposes it: on/off
 * for WebSocketClientEvent names (open, close, error, reconnecting,
 * authorizationFailed, message), plus disconnect and reconnect.
 */
export class WebSocketClient {
  #events = new EventTarget();
  #link;
  constructor(link) { this.#link = link; }
  on(eventType, handler) { this.#events.addEventListener(eventType, handler); }
  off(eventType, handler) { this.#events.removeEventListener(eventType, handler); }
  /** @internal */
  _dispatch(type, detail) { this.#events.dispatchEvent(new CustomEvent(type, { detail })); }
  disconnect() { this.#link.disconnect(); }
  /** @internal used by sendChatEvent */
  _send(eventType, data) { return this.#link.call('sendChatEvent', { eventType, data }); }
  reconnect() { this.#link.callSync('reconnectNow'); }
  connect() { return this.#link.call('connect'); }
}

/** A live-chat thread (channels with live chat). */
export class LivechatThread extends Thread {
  #link;
  constructor(idOnExternalPlatform, link) { super(idOnExternalPlatform, link); this.#link = link; }
  /** Opens the live chat with a first message ("Begin conversation" by default). */
  startChat(initialMessageText = 'Begin conversation') {
    return this.#link.call('thread.startChat', { thread: this.idOnExternalPlatform, text: initialMessageText });
  }
  /** Ends the live chat (closes its contact). */
  async endChat() { await this.#link.call('thread.endChat', { thread: this.idOnExternalPlatform }); }
}

const regions = new Set(Object.values(EnvironmentName));

/** Sends any chat event ({eventType, data}) over a client from getWebsocketClient(). */
async function sendChatEventImpl(payloadData, websocketClient) {
  if (!(websocketClient instanceof WebSocketClient)) throw sdkError('WebSocketClient is not initialized', 'closed');
  return websocketClient._send(payloadData?.eventType, payloadData?.data ?? {});
}

/** The SDK entry point: one chat session of a customer on a channel. */
// The most recently connected SDK: the reference keeps its settings in
// globals, and its free attachment helpers upload through them.
let current;

function abortError(signal) {
  const err = new AbortError(String(signal.reason ?? 'Aborted'));
  err.code = 'canceled';
  return err;
}

export class ChatSdk {
  onAuthorization;
  onError;
  onRawEvent;
  isLivechat;
  channelId = '';

  #options;
  #handle;
  #creating;
  #connected = false;
  #emitter = new EventTarget();
  #threads = new Map();
  #customer;
  #ready;
  #resolveReady;

  constructor(options) {
    if (options === undefined) throw sdkError('No options was provided for initialization of ChatSdk');
    this.#options = options;
    this.onAuthorization = options.onAuthorization;
    this.onError = options.onError;
    this.onRawEvent = options.onRawEvent;
    this.#customer = this.#newCustomer(options.customerId, options.customerName, options.customerImage);
    this.#ready = new Promise((resolve) => { this.#resolveReady = resolve; });
    // Thrown whatever onError is, as the reference's constructor does.
    if (options.customerId !== undefined && options.securedSession != null) {
      if (options.securedSession === SecureSessions.ANONYMOUS) {
        if (options.customerId === '' || options.customerId === null) {
          throw sdkError('The CustomerId cannot be empty string when "anonymous" secured sessions are enabled', 'invalid-argument');
        }
      } else if (Object.values(SecureSessions).includes(options.securedSession)) {
        throw sdkError('The CustomerId cannot be set when secured sessions are enabled', 'invalid-argument');
      }
    }
    for (const [name, store] of [['storage', options.storage], ['cacheStorage', options.cacheStorage]]) {
      if (!store) continue;
      for (const m of ['getItem', 'setItem', 'removeItem']) {
        if (typeof store[m] !== 'function') throw sdkError(`Expected a callable function, got ${store[m]} (${name}.${m})`, 'invalid-argument');
      }
    }
    try {
      // The checks the reference makes at construction, made here so they
      // stay synchronous while the wasm is still loading.
      if (Number.isNaN(Number(options.brandId)) || options.brandId === undefined || options.brandId === null) throw sdkError('Missing BrandID');
      if (options.channelId === undefined) throw sdkError('Missing ChannelId');
      this.channelId = options.channelId;
      this.isLivechat = options.isLivechat;
      if (options.securedSession != null && !Object.values(SecureSessions).includes(options.securedSession)) {
        throw sdkError(`Expected a SecureSessions value, got ${options.securedSession}`);
      }
      const env = options.environment ?? EnvironmentName.NA1;
      if (!regions.has(env)) throw sdkError(`Unknown environment: ${env}`);
      if (env === EnvironmentName.custom && (options.customEnvironment == null || Object.keys(options.customEnvironment).length === 0)) {
        throw sdkError('customEnvironment must be provided when environment is set to "custom"');
      }
      if (options.wasmUrl != null) chooseUrl(options.wasmUrl);
    } catch (error) {
      this.#report(error);
    }
    wantRuntime(); // starts the load unless configure({ load: 'connect' }); a failure surfaces at the first call
  }

  /** Starts fetching and compiling the wasm now; resolves once the runtime is ready. */
  static preload() {
    return loadRuntime().then(() => undefined);
  }

  #report(error) {
    const err = error instanceof ChatSDKError ? error : new ChatSDKError(error);
    if (typeof this.onError === 'function') {
      this.onError(err);
      return;
    }
    throw err;
  }

  // Creates the Go client on first use (after the runtime has loaded).
  async #client() {
    const binding = await loadRuntime();
    if (this.#handle !== undefined) return binding;
    this.#creating ??= (async () => {
      const o = this.#options;
      const wire = { ...o, language: o.language ?? navigator.language, rawEvents: typeof this.onRawEvent === 'function' };
      delete wire.storage; delete wire.cacheStorage; delete wire.wasmUrl;
      // The customer as the page has it now (setName before connect counts).
      const cu = this.#customer;
      wire.customerId = cu.id ?? undefined;
      wire.customerName = cu.name ?? undefined;
      wire.customerImage = cu.image ?? undefined;
      // The visitor id an early socket's URL carries (#openEarly).
      if (wire.visitorId == null && this.#earlyVisitor) wire.visitorId = this.#earlyVisitor;
      if (wire.customerId === undefined && this.#earlyCustomer) wire.firstCustomerId = this.#earlyCustomer;
      // storage keeps the visitor id, the identity token and unsent
      // messages; cacheStorage the transaction token answer (its own key
      // prefix and expiry), as with the reference. null/absent: memory only.
      const res = JSON.parse(await withTabs(o.storage ?? null, (storage) => binding.create(JSON.stringify(wire), this.#fromGo(binding.mem), storage, o.cacheStorage ?? null)));
      if (res.error) throw fromWire(res.error);
      this.#handle = res.ok.handle;
      if (this.#customer.id == null) this.#customer.id = res.ok.customerId || null;
    })();
    try {
      await this.#creating;
    } catch (error) {
      this.#creating = undefined;
      throw error;
    }
    return binding;
  }

  // How Go hands reports over (wasm/bridge.go send): the address and length
  // in wasm memory of the UTF-8 JSON [kind, type, threadId, value], and
  // whether it is all ASCII; decoded and parsed here at once, before a
  // listener could call back into Go.
  //
  // An event comes with its number (wasm/bridge.go sendEvent): its value
  // is kept, for the last RECENT_EVENTS, so that a call the event answers
  // settles with the value the listeners got (see #issue).
  #fromGo(mem) {
    return (at, length, ascii) => {
      const [kind, type, threadId, value, seq] = JSON.parse(textAt(mem, at, length, ascii));
      if (seq !== undefined) {
        this.#recent.set(seq, value);
        if (this.#recent.size > RECENT_EVENTS) this.#recent.delete(this.#recent.keys().next().value);
      }
      this.#emit(kind, type, threadId, value);
    };
  }
  #recent = new Map(); // event number → its parsed value

  // emit(kind, type, threadId, value): one report of the core, value parsed.
  #emit(kind, type, threadId, value) {
    if (kind === 'typingStopped') {
      this.#threads.get(threadId)?._typingEnded();
    } else if (kind === 'event') {
      this.#emitter.dispatchEvent(new CustomEvent(type, { detail: value }));
      if (threadId) this.#threads.get(threadId)?._dispatch(type, value);
    } else if (kind === 'raw') {
      if (typeof this.onRawEvent === 'function') this.onRawEvent(new CustomEvent('message', { detail: { data: value } }));
      this.#ws._dispatch('message', { data: value });
    } else if (kind === 'connection') {
      this.#ws._dispatch(type, value === null ? undefined : fromWire(value));
    } else if (kind === 'authorization') {
      if (typeof this.onAuthorization === 'function') this.onAuthorization(type, value);
    } else if (kind === 'error' && typeof this.onError === 'function') {
      this.onError(fromWire(value));
    }
  }

  // signal: an AbortSignal, or a callback given the call id (AbortablePromise).
  // jsArg: values JSON cannot carry (an upload's files and callback).
  #call = async (method, args = {}, signal, jsArg) => {
    if (signal instanceof AbortSignal && signal.aborted) throw abortError(signal);
    // A call made while connect() is under way waits for it, as the
    // reference's do: queued, and started in the order made (#drain).
    if (!this.#connected && this.#connecting && method !== 'connect') {
      return this.#enqueue(method, (binding) => this.#issue(binding, method, args, signal, jsArg), signal);
    }
    return this.#issue(await this.#client(), method, args, signal, jsArg);
  };

  // Starts the call in the core at once (binding.call runs before the
  // first await) and resolves its result.
  #issue = async (binding, method, args, signal, jsArg) => {
    const id = ++nextCallId;
    // One listener per call under way, removed when it settles: a page that
    // reuses one AbortSignal for every send must not collect listeners.
    let onAbort;
    if (typeof signal === 'function') signal(id, binding);
    else if (signal instanceof AbortSignal) {
      onAbort = () => binding.cancel(id);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    let reply;
    try {
      reply = await new Promise((resolve, reject) => {
        // settle(address, length, ascii, failed, event): the reply's JSON
        // text in wasm memory (memtext.js), read at once; or, when event
        // is given, the number of the event just dispatched that is the
        // reply (wasm/bridge.go eventRef).
        binding.call(this.#handle, id, method, JSON.stringify(args), (at, length, ascii, failed, event) => {
          if (event !== undefined) {
            if (this.#recent.has(event)) resolve({ value: this.#recent.get(event) });
            else reject(sdkError(`the reply to ${method} (event ${event}) is gone`, 'internal'));
            this.#recent.delete(event);
            return;
          }
          const text = textAt(binding.mem, at, length, ascii);
          if (failed) reject(text);
          else resolve({ text });
        }, jsArg);
      });
    } catch (wire) {
      throw typeof wire === 'string' ? fromWire(JSON.parse(wire).error) : wire;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
    return 'value' in reply ? reply.value : JSON.parse(reply.text).ok;
  };

  #callSync = (method, args = {}) => {
    if (!loaded || this.#handle === undefined) {
      // A thread got while connect() is under way (before the runtime is
      // there) may already be typed in: its synchronous calls are queued
      // with the async ones and run once the connection is open, in the
      // order made (#drain); dropped if the connect() fails or is ended.
      // One that fails when run goes to onError (it cannot reject).
      if (this.#connecting && deferrable.has(method)) {
        this.#enqueue(method, () => {
          try {
            this.#callSync(method, args);
          } catch (error) {
            if (typeof this.onError === 'function') this.onError(error);
          }
          return Promise.resolve();
        }).catch(() => {}); // dropped with the connect(): nothing to report for a typing event
        return undefined;
      }
      throw sdkError('Call connect() first', 'closed');
    }
    const res = JSON.parse(loaded.callSync(this.#handle, method, JSON.stringify(args)));
    if (res.error) throw fromWire(res.error);
    return res.ok;
  };

  // An AbortablePromise whose abort() also cancels the Go call.
  #abortable = (method, args) => new AbortablePromise((resolve, reject, signal) => {
    this.#call(method, args, (id, binding) => {
      signal.addEventListener('abort', () => binding.cancel(id));
    }).then(resolve, reject);
  });

  #link = { call: this.#call, callSync: this.#callSync, abortable: this.#abortable, disconnect: () => this._disconnect() };
  #ws = new WebSocketClient(this.#link);

  // A phone back in coverage, or a tab brought back: try at once rather
  // than wait out the backoff.
  #wakeUp = () => { if (this.#connected) this.#callSync('reconnectNow'); };
  #onVisible = () => { if (globalThis.document?.visibilityState === 'visible') this.#wakeUp(); };
  #listening = false;
  #early = new Set(); // threads got during connect() before the channel's kind was known
  #earlyVisitor; // the visitor id an early socket's URL named
  #earlyCustomer; // the new customer id it named (none was given or kept)
  #connecting; // the connect() under way, for calls made meanwhile
  #queue = []; // calls made meanwhile, in order: {start(binding), fail(error), timer}
  #gen = 0; // disconnect() and resetSession() end what a connect() under way would open

  #listen(on) {
    if (this.#listening === on) return;
    this.#listening = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    globalThis[method]?.('online', this.#wakeUp);
    globalThis.document?.[method]('visibilitychange', this.#onVisible);
  }

  /** @internal WebSocketClient.disconnect(): closes the session and its listeners. */
  _disconnect() {
    this.#listen(false);
    this.#connected = false;
    this.#connecting = undefined;
    this.#gen++;
    this.#drain(sdkError('disconnect() was called before the connection opened', 'closed'));
    if (this.#handle !== undefined && loaded) this.#callSync('close');
  }

  // waitConnect waits for a connect() under way; it rejects with notConnected
  // when there is none and the socket is not open.
  async #waitConnect(method, notConnected) {
    if (this.#connected) return;
    if (!this.#connecting) throw sdkError(notConnected, 'closed');
    await this.#enqueue(method, () => Promise.resolve());
  }

  // Queues a call made while connect() is under way: #drain starts it once
  // the connection is open, in the order made and before the page's own
  // continuation of connect(), or fails it with the connect()'s error. The
  // wait is bounded by requestTimeout, counted from when the runtime is
  // there (a slow download is not the call's wait); an AbortSignal that
  // fires meanwhile takes it out of the queue.
  #enqueue(method, start, signal) {
    return new Promise((resolve, reject) => {
      const item = { timer: undefined };
      const leave = () => {
        const i = this.#queue.indexOf(item);
        if (i < 0) return false;
        this.#queue.splice(i, 1);
        clearTimeout(item.timer);
        if (signal instanceof AbortSignal) signal.removeEventListener('abort', item.onAbort);
        return true;
      };
      item.start = (binding) => { leave(); start(binding).then(resolve, reject); };
      item.fail = (error) => { leave(); reject(error); };
      if (signal instanceof AbortSignal) {
        item.onAbort = () => { if (leave()) reject(abortError(signal)); };
        signal.addEventListener('abort', item.onAbort, { once: true });
      }
      this.#queue.push(item);
      const t = Number(this.#options.requestTimeout);
      const ms = Number.isFinite(t) && t > 0 ? t : 20000; // the core's default
      loadRuntime().then(() => {
        if (!this.#queue.includes(item)) return;
        item.timer = setTimeout(() => item.fail(sdkError(`Request ${method} timed out waiting for connect()`, 'timeout')), ms);
      }, () => {}); // a failed load fails the connect(), which fails the queue
    });
  }

  // Starts (error undefined) or fails every queued call, in order.
  #drain(error) {
    for (const item of this.#queue.slice()) {
      if (error === undefined) item.start(loaded);
      else item.fail(error);
    }
  }

  /** Opens the connection; resolves true once it is open, false if it already was. */
  connect(authorizationCode) {
    const p = this.#connect(authorizationCode);
    const mine = p.catch(() => {});
    this.#connecting = mine;
    mine.then(() => { if (this.#connecting === mine) this.#connecting = undefined; });
    return p;
  }

  // Opens the socket at once when the runtime is still loading, to the URL
  // the core is expected to build (js/predial.js); the core takes it over
  // only if its own URL is the same. The ids the URL names are settled here
  // as the core would settle them: the customer's (given, else kept in
  // storage, else new and kept) and the visitor's (given, else kept, else
  // new; handed to the core as the option). Returns release(), or undefined.
  #openEarly() {
    if (loaded || this.#handle !== undefined || this.#creating || typeof WebSocket !== 'function') return undefined;
    const o = this.#options;
    try {
      const brand = brandOf(o.brandId);
      if (brand === undefined || typeof o.channelId !== 'string' || o.channelId === '') return undefined; // the core refuses them
      const storage = o.storage ?? null;
      let customerId = this.#customer.id || undefined;
      let fresh;
      if (customerId === undefined) {
        customerId = (storage && storage.getItem(customerKey(brand, o.channelId))) || this.#earlyCustomer || undefined;
        if (customerId === undefined) customerId = fresh = crypto.randomUUID();
      }
      const visitorId = o.visitorId || this.#earlyVisitor || (storage && storage.getItem(visitorKey)) || crypto.randomUUID();
      const url = socketURL(o, customerId, visitorId);
      if (url === undefined) return undefined;
      // Nothing is written here: the core keeps these ids where it would
      // have kept ids of its own (wire.firstCustomerId, wire.visitorId).
      if (fresh !== undefined) this.#earlyCustomer = fresh;
      this.#earlyVisitor = visitorId;
      return openEarly(url);
    } catch {
      return undefined; // a storage that throws: the core will report it
    }
  }

  async #connect(authorizationCode) {
    const gen = this.#gen;
    const release = this.#openEarly();
    // disconnect() or resetSession() while this connect() waited for the
    // runtime: nothing of it is opened (and its queue has been failed).
    const ended = () => sdkError('disconnect() or resetSession() was called before the connection opened', 'closed');
    try {
      if (authorizationCode && typeof authorizationCode !== 'string') throw sdkError('authorizationCode must be a string', 'invalid-argument');
      await this.#client();
      if (gen !== this.#gen) throw ended();
      if (authorizationCode) this.#callSync('setAuthorizationCode', { id: authorizationCode });
      const r = await this.#call('connect');
      if (gen !== this.#gen) throw ended(); // the session it opened was closed by that call
      current = { link: this.#link, brandId: Number(this.#options.brandId), channelId: this.#options.channelId };
      if (!this.#connected) {
        this.#connected = true;
        this.#customer._attach(this.#link);
        this.#listen(true);
      }
      this.isLivechat ??= r.isLivechat;
      for (const t of this.#early) Object.setPrototypeOf(t, this.isLivechat ? LivechatThread.prototype : Thread.prototype);
      this.#early.clear();
      // A secured session may have named the customer (authorization).
      this.#customer.id = r.customerId;
      if (r.customerName) this.#customer.name = r.customerName;
      this.#resolveReady();
      this.#drain(); // the calls made meanwhile, before the page's continuation of connect()
      return r.created;
    } catch (error) {
      if (gen !== this.#gen) throw error; // the page ended it: no authorizationFailed, no onError
      this.#drain(error);
      if (error.code === 'closed') this.#ws._dispatch('authorizationFailed');
      if (typeof this.onError === 'function') this.onError(error);
      throw error;
    } finally {
      release?.();
    }
  }

  /** The connection object (events: open, close, error, reconnecting, authorizationFailed, message). */
  getWebsocketClient() { return this.#connected ? this.#ws : null; }

  ready() { return this.#ready; }

  /** @internal Frees the Go client of an instance used once (the free REST helpers). */
  _dispose() {
    this.#listen(false);
    if (this.#handle !== undefined && loaded) loaded.destroy?.(this.#handle);
    this.#handle = undefined;
    this.#creating = undefined;
  }

  /** @internal For tests: live Go sessions and calls of the runtime. */
  static _runtimeStats() { return loaded?.stats ? JSON.parse(loaded.stats()) : null; }

  /** @internal For tests: early sockets opened, taken over by the core, closed unused. */
  static _earlySockets() { return { ...earlyStats }; }

  /** @internal For tests: the private call paths (async, sync). */
  get _internal() { return { call: this.#call, callSync: this.#callSync }; }

  /**
   * The older authorization flow (the reference marks it deprecated in
   * favour of secured sessions): AuthorizeCustomer with the code, or
   * ReconnectConsumer when an access token is already held.
   */
  async authorize(authorizationCode, visitorId, browserFingerprint) {
    await this.#waitConnect('authorize', 'Call connect() before authorize()');
    const data = await this.#call('authorize', {
      authorizationCode: authorizationCode ?? '', visitorId: visitorId ?? '', browserFingerprint: browserFingerprint ?? null,
    });
    const id = data?.consumerIdentity;
    if (id?.idOnExternalPlatform) {
      this.#customer.id = id.idOnExternalPlatform;
      const name = [id.firstName, id.lastName].filter(Boolean).join(' ');
      if (name) this.#customer.name = name;
    }
    if (Array.isArray(data?.customer?.customFields)) this.#customer.setCustomFieldsFromArray(data.customer.customFields);
    return data;
  }

  /**
   * Ends this session and starts a new one: the socket is closed, threads,
   * tokens (access, third-party, cached transaction token, identity token)
   * and the customer are forgotten, and a new connection opens for the
   * given (or a new) customer, visitor and visit.
   */
  async resetSession(customerId = crypto.randomUUID(), customerName = '', customerImage = '', visitorId = crypto.randomUUID(), visitId = crypto.randomUUID()) {
    this.#listen(false);
    if (this.#handle !== undefined && loaded) {
      this.#callSync('resetAuth');
      this.#callSync('close'); // returns once the old session has ended
      loaded.destroy?.(this.#handle);
    }
    this.#handle = undefined;
    this.#creating = undefined;
    this.#connected = false;
    this.#connecting = undefined;
    this.#gen++;
    this.#drain(sdkError('resetSession() was called before the connection opened', 'closed'));
    this.#earlyVisitor = this.#earlyCustomer = undefined;
    this.#threads.clear();
    this.#customer.destroy();
    this.#options = { ...this.#options, customerId, customerName, customerImage, visitorId, visitId, authorizationCode: undefined };
    this.#customer = this.#newCustomer(customerId, customerName, customerImage);
    try {
      await this.connect();
    } catch (error) {
      this.#report(error);
    }
  }

  /** A token that authorizes a GET of url (the reference handles full message content itself). */
  generateAuthorizationToken(threadIdOnExternalPlatform, url) {
    return this.#call('generateAuthorizationToken', { thread: threadIdOnExternalPlatform, id: url });
  }

  getChannelInfo() { return this.#call('getChannelInfo'); }
  getPersistentMenuItems() { return this.#call('getPersistentMenuItems'); }
  sendOfflineMessage(offlineMessageData) {
    const { name = '', email = '', message = '' } = offlineMessageData ?? {};
    return this.#call('sendOfflineMessage', { name, email, message });
  }
  getChannelAvailability() { return this.#call('getChannelAvailability'); }

  onChatEvent(type, handler) {
    this.#emitter.addEventListener(type, handler);
    return () => this.#emitter.removeEventListener(type, handler);
  }

  getCustomer() { return this.#customer; }

  #newCustomer(id, name, image) {
    const cu = new Customer(id, name, image);
    cu._onChange(() => this.#pushIdentity(cu));
    return cu;
  }

  // Hands the customer's identity to the core once it exists (before that,
  // #client() passes it with the options).
  #pushIdentity(cu) {
    if (cu !== this.#customer || this.#handle === undefined || !loaded) return;
    this.#callSync('customer.setIdentity', { id: cu.id ?? '', name: cu.name ?? '', image: cu.image ?? '' });
  }

  getThread(id) {
    if (id === '') throw sdkError('Cannot get thread because id is empty');
    if (!this.#connected && !this.#connecting) throw sdkError('Cannot get thread because websocket is disconnected', 'closed');
    if (id === undefined || id === null) throw sdkError('Cannot get thread because id is undefined');
    if (typeof id !== 'string') throw sdkError(`Cannot get thread because id is not a string (${typeof id})`);
    if (id.length > A.MAX_SHORT) throw sdkError(`Cannot get thread because id is too long (${id.length} characters)`);
    const cached = this.#threads.get(id);
    if (cached) return cached;
    if (!this.#connected) {
      // connect() is under way (the runtime may still be loading): the
      // thread's kind is the option's, else the channel's once it is known.
      // (Made as a LivechatThread, so that it can become one.)
      const thread = new LivechatThread(id, this.#link);
      if (this.isLivechat !== true) Object.setPrototypeOf(thread, Thread.prototype);
      if (this.isLivechat === undefined) this.#early.add(thread);
      this.#threads.set(id, thread);
      return thread;
    }
    const r = this.#callSync('getThread', { id });
    const thread = r.isLivechat ? new LivechatThread(id, this.#link) : new Thread(id, this.#link);
    this.#threads.set(id, thread);
    return thread;
  }

  async getThreadList() {
    await this.#waitConnect('getThreadList', 'Cannot get thread list because websocket is disconnected');
    return this.#call('getThreadList');
  }

  #recoverData(livechat, id) {
    return new AbortablePromise((resolve, reject, signal) => {
      this.#call('recoverThreadData', { id: id ?? '', livechat }, (callId, binding) => {
        signal.addEventListener('abort', () => binding.cancel(callId));
      }).then((r) => {
        if (typeof r?.thread !== 'string' || r.thread === '') {
          reject(sdkError('The recovered thread has no id', 'protocol'));
          return;
        }
        this.getThread(r.thread);
        // The reference dispatches the recovered event again from here.
        const type = livechat ? 'LivechatRecovered' : 'ThreadRecovered';
        this.#emit('event', type, r.thread, JSON.parse(JSON.stringify(r.event))); // a copy, as it was
        resolve(r.event);
      }, reject);
    });
  }

  recoverThreadData(threadIdOnExternalPlatform) { return this.#recoverData(false, threadIdOnExternalPlatform); }
  recoverLivechatThreadData(threadIdOnExternalPlatform) { return this.#recoverData(true, threadIdOnExternalPlatform); }
}

// Tabs of one customer share localStorage, and with it the stored outbox
// (messages not yet acknowledged when a page closes, sent by the next
// page). Each page stores its own under its own key (no page rewrites
// another's: localStorage writes reach other pages late). A new Go client
// must take over only the messages of pages that are gone, not those of a
// tab still open, which sends them itself. So
// each page holds a Web Lock named after it for its life (the browser
// drops it when the page goes), and each Go client is created under one
// exclusive lock, after reading which pages hold theirs: two pages that
// start together cannot both take the same messages over (the core tags
// what it takes over before the lock is let go). Without Web Locks every
// other page counts as gone (sdk.TabStorage).
const TAB_LOCK = 'cxone-chat-wasm:tab:';
const pageTab = globalThis.crypto?.randomUUID?.() ?? String(Math.random()).slice(2);
let tabHeld;
let tabClients = 0;

function withTabs(storage, create) {
  const locks = globalThis.navigator?.locks;
  if (!storage || typeof locks?.request !== 'function' || typeof storage.key !== 'function') return create(storage);
  tabHeld ??= new Promise((held) => {
    locks.request(TAB_LOCK + pageTab, () => { held(); return new Promise(() => {}); }).catch(() => held());
  });
  return tabHeld.then(() => locks.request('cxone-chat-wasm:claim', async () => {
    const { held = [] } = await locks.query();
    const open = new Set(held.map((l) => l.name).filter((n) => n.startsWith(TAB_LOCK)).map((n) => n.slice(TAB_LOCK.length)));
    return create({
      getItem: (k) => storage.getItem(k),
      setItem: (k, v) => storage.setItem(k, v),
      removeItem: (k) => storage.removeItem(k),
      _cxoneTab: `${pageTab}/${++tabClients}`,
      _cxoneTabAlive: (tab) => typeof tab === 'string' && open.has(tab.split('/')[0]),
      _cxoneKeys: (prefix) => {
        const keys = [];
        for (let i = 0; i < storage.length; i++) {
          const k = storage.key(i);
          if (typeof k === 'string' && k.startsWith(prefix)) keys.push(k);
        }
        return keys;
      },
    });
  })).catch((error) => (error?.name === 'SecurityError' || error?.name === 'InvalidStateError' ? create(storage) : Promise.reject(error)));
}

function currentLink(what) {
  if (!current) throw sdkError(`${what} needs a connected ChatSdk`, 'closed');
  return current.link;
}

/** Uploads one file to the channel (checked first against its fileRestrictions); resolves {url, friendlyName} (UploadAttachmentError when refused). */
async function createAttachmentPayloadImpl(file, brandId, channelId, abortSignal) {
  void brandId; void channelId;
  const link = currentLink('createAttachmentPayload');
  if (!file || typeof file.size !== 'number') throw sdkError('FileList must be provided to sendAttachment method');
  return withFile([file], link.call('uploadAttachment', {}, abortSignal, uploadArg([file])));
}

/** Uploads every file; resolves [{url, friendlyName}]. */
function createTemporaryAttachmentsUploadImpl(files, brandId, channelId, abortSignal) {
  return Promise.all(Array.from(files).map((f) => createAttachmentPayload(f, brandId, channelId, abortSignal)));
}

/** The SendMessage data of an attachment message (files are uploaded first unless already uploaded). */
async function createAttachmentUploadMessageDataImpl(files, threadIdOnExternalPlatform, options = {}) {
  const attachments = isAttachmentUpload(files) ? Array.from(files) : await createTemporaryAttachmentsUpload(files);
  const { messageId = crypto.randomUUID(), browserFingerprint = options.browserFingerprint ?? {} } = options;
  return {
    messageContent: { type: 'TEXT', payload: { text: '' } },
    attachments, browserFingerprint,
    thread: { idOnExternalPlatform: threadIdOnExternalPlatform },
    idOnExternalPlatform: messageId,
    consumer: { customFields: [] },
    consumerContact: { customFields: [] },
  };
}

// A ChatSdk used only for its REST calls (never connected).
function restOnly(brandId, channelId, options = {}, language) {
  return new ChatSdk({
    brandId, channelId, customerId: 'rest-only', cacheStorage: null, storage: null,
    environment: options.environment, customEnvironment: options.customEnvironment,
    appName: options.appName, appVersion: options.appVersion, language,
    networkRequestMetadata: { httpHeaders: options.httpHeaders ?? {} },
  });
}

/** Channel info without an SDK instance: getChannelInfo(brandId, channelId, language, {environment, customEnvironment, httpHeaders, appName}). */
function getChannelInfoImpl(brandId, channelId, language = navigator.language, options = {}) {
  const sdk = restOnly(brandId, channelId, options, language);
  return sdk.getChannelInfo().finally(() => sdk._dispose());
}

/** Channel availability without an SDK instance. */
function getChannelAvailabilityImpl(brandId, channelId, options = {}) {
  const sdk = restOnly(brandId, channelId, options);
  return sdk.getChannelAvailability().finally(() => sdk._dispose());
}

// The arguments of every public entry point, checked in one place (args.js).
const opts = (members) => A.optional(A.shape(members));
const sendOptions = opts({ messageId: A.optional(A.str()), signal: A.optional(A.signal()) });
const fieldsSpec = [['customFields', A.fields()]];

A.guardMethods(ChatSdk.prototype, 'ChatSdk', {
  connect: ['async', [['authorizationCode', A.optional(A.str())]]],
  authorize: ['async', [['authorizationCode', A.optional(A.str())], ['visitorId', A.optional(A.str())], ['browserFingerprint', A.optional(A.json())]]],
  resetSession: ['async', ['customerId', 'customerName', 'customerImage', 'visitorId', 'visitId'].map((n) => [n, A.optional(A.str())])],
  generateAuthorizationToken: ['async', [['threadIdOnExternalPlatform', A.str()], ['url', A.str()]]],
  sendOfflineMessage: ['async', [['offlineMessageData', A.shape({ name: A.optional(A.str()), email: A.optional(A.str()), message: A.optional(A.text()) })]]],
  onChatEvent: ['sync', [['type', A.str()], ['handler', A.listener()]]],
  recoverThreadData: ['abortable', [['threadIdOnExternalPlatform', A.optional(A.str())]]],
  recoverLivechatThreadData: ['abortable', [['threadIdOnExternalPlatform', A.optional(A.str())]]],
}, AbortablePromise);

const threadMethods = {
  sendTextMessage: ['async', [['messageText', A.text()], ['options', sendOptions]]],
  sendPostbackMessage: ['async', [['postback', A.text()], ['messageText', A.text()], ['options', sendOptions]]],
  setName: ['async', [['name', A.str()]]],
  keystroke: ['sync', [['timeout', A.optional(A.num())], ['onSendCallback', A.optional(A.fn())]]],
  sendMessage: ['async', [['messageData', A.json()]]],
  sendOutboundMessage: ['async', [['messageData', A.json()]]],
  sendAttachments: ['async', [['files', A.files()], ['options', opts({ messageId: A.optional(A.str()), signal: A.optional(A.signal()), onProgress: A.optional(A.fn()) })]]],
  keystrokeForPreview: ['sync', [['currentText', A.text()], ['timeout', A.optional(A.num())]]],
  stopTypingForPreview: ['sync', [['shouldSendPreview', A.optional(A.bool())]]],
  sendMessagePreview: ['async', [['text', A.text()]]],
  sendTranscript: ['async', [['contactNumber', A.strOrNum()], ['email', A.str()]]],
  setCustomFields: ['async', fieldsSpec],
  setCustomField: ['async', [['ident', A.str()], ['value', A.fieldValue()]]],
  removeCustomField: ['sync', [['ident', A.str()]]],
  sendCustomFields: ['async', [['selectedFieldIdents', A.optional(A.strings())]]],
  onThreadEvent: ['sync', [['type', A.str()], ['handler', A.listener()]]],
};
A.guardMethods(Thread.prototype, 'Thread', threadMethods, AbortablePromise);
A.guardMethods(LivechatThread.prototype, 'LivechatThread', {
  startChat: ['async', [['initialMessageText', A.optional(A.text())]]],
}, AbortablePromise);

A.guardMethods(Customer.prototype, 'Customer', {
  setId: ['sync', [['id', A.str()]]],
  setName: ['sync', [['name', A.str()]]],
  setImage: ['sync', [['image', A.str()]]],
  setCustomField: ['sync', [['ident', A.str()], ['value', A.fieldValue()]]],
  setCustomFields: ['sync', fieldsSpec],
  setCustomFieldsFromArray: ['sync', [['customFields', A.arrayOf(A.shape({ ident: A.str(), value: A.fieldValue() }))]]],
}, AbortablePromise);

A.guardMethods(WebSocketClient.prototype, 'WebSocketClient', {
  on: ['sync', [['eventType', A.str()], ['handler', A.listener()]]],
  off: ['sync', [['eventType', A.str()], ['handler', A.listener()]]],
}, AbortablePromise);

const wsClient = (v) => v; // checked by sendChatEvent itself (a 'closed' error, as the reference)
const payload = A.shape({ eventType: A.str(), data: A.optional(A.json()) });
const channelOptions = opts({ environment: A.optional(A.str()), customEnvironment: A.optional(A.shape({})), httpHeaders: A.optional(A.json()), appName: A.optional(A.str()), appVersion: A.optional(A.strOrNum()) });

/** Sends any chat event ({eventType, data}) over a client from getWebsocketClient(). */
export const sendChatEvent = A.guardFunction('sendChatEvent', 'async', [['payloadData', payload], ['websocketClient', wsClient]], sendChatEventImpl);
/** Uploads one file to the channel; resolves {url, friendlyName} (UploadAttachmentError when refused). */
export const createAttachmentPayload = A.guardFunction('createAttachmentPayload', 'async',
  [['file', A.file()], ['brandId', A.any()], ['channelId', A.any()], ['abortSignal', A.optional(A.signal())]], createAttachmentPayloadImpl);
/** Uploads every file; resolves [{url, friendlyName}]. */
export const createTemporaryAttachmentsUpload = A.guardFunction('createTemporaryAttachmentsUpload', 'async',
  [['files', A.files()], ['brandId', A.any()], ['channelId', A.any()], ['abortSignal', A.optional(A.signal())]], createTemporaryAttachmentsUploadImpl);
/** The SendMessage data of an attachment message (files are uploaded first unless already uploaded). */
export const createAttachmentUploadMessageData = A.guardFunction('createAttachmentUploadMessageData', 'async',
  [['files', A.files()], ['threadIdOnExternalPlatform', A.str()], ['options', opts({ messageId: A.optional(A.str()), browserFingerprint: A.optional(A.json()) })]], createAttachmentUploadMessageDataImpl);
/** Channel info without an SDK instance. */
export const getChannelInfo = A.guardFunction('getChannelInfo', 'async',
  [['brandId', A.brandId()], ['channelId', A.str()], ['language', A.optional(A.str())], ['options', channelOptions]], getChannelInfoImpl);
/** Channel availability without an SDK instance. */
export const getChannelAvailability = A.guardFunction('getChannelAvailability', 'async',
  [['brandId', A.brandId()], ['channelId', A.str()], ['options', channelOptions]], getChannelAvailabilityImpl);
