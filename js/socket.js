// The browser side of the gateway socket (used by wasm/websocket.go through
// the binding object). Listening in JavaScript keeps the work per inbound
// frame on the JS side to what is needed: a frame is checked (text, size),
// encoded to UTF-8 straight into wasm memory and handed to Go by number
// through two exported functions (wasm/inbound.go); the Go side used to pay
// about eight JS/wasm crossings per frame (event, data, type, boxing,
// length, string copy), then one js.FuncOf call, which still carries the
// frames an early socket kept before the core took it over.
//
// Each frame is delivered in its own message event, as the browser
// dispatches it: one crossing per turn of the event loop. Frames are not
// held to cross several at once: Go handles what it is given before the
// page gets the thread back, so a batch would run the page's listeners for
// several events in one task, with none of their promise reactions in
// between (the reference SDK's pages see a task per frame).

import { textAt } from './memtext.js';

const encoder = new TextEncoder();

// The runtime's frame exports (wasm/inbound.go), set by the loader once the
// module is instantiated: a frame is encoded straight into wasm memory and
// handed over by number, with no JS value for Go to wrap and release.
let exportsIn; // { buf(n) → address, frame(id, n) → 1 queued | 0, mem, resume(), exited() }

/** @internal Called by the loader with the instance's exports, Go's resume and whether Go has exited. */
export function useExports(exports, resume, exited) {
  if (typeof exports?.cxFrameBuf !== 'function' || typeof exports?.cxFrame !== 'function') return;
  exportsIn = { buf: exports.cxFrameBuf, frame: exports.cxFrame, mem: exports.mem, resume, exited };
}

const SMALL_FRAME = 64 << 10;

// intoWasm hands one frame of socket id to Go through the exports; false
// when it could not (no exports): the caller then uses the callback. A
// frame that reaches a runtime that has exited (its exports still run) is
// dropped: nothing there can take it.
function intoWasm(id, text) {
  const x = exportsIn;
  if (x === undefined) return false;
  if (x.exited()) return true;
  const room = text.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
  let queued;
  try {
    if (room <= SMALL_FRAME) {
      // Into the runtime's reused buffer (wasm/inbound.go smallFrame).
      const at = x.buf(room) >>> 0; // an address past 2 GiB comes back negative
      if (at === 0) return false;
      // The view is made after buf(): growing wasm memory detaches old views.
      const { written } = encoder.encodeInto(text, new Uint8Array(x.mem.buffer, at, room));
      queued = x.frame(id, written);
    } else {
      // A large frame: encoded first, so that Go allocates its exact size
      // (room for three bytes a unit would triple it in wasm memory, which
      // never shrinks).
      const bytes = encoder.encode(text);
      const at = x.buf(bytes.length) >>> 0;
      if (at === 0) return false;
      new Uint8Array(x.mem.buffer, at, bytes.length).set(bytes);
      queued = x.frame(id, bytes.length);
    }
  } catch {
    return false; // a view the memory could not give (the callback copies instead)
  }
  // Queued for the core's reader: run Go now, in this task, so that the
  // frame is handled before the page gets the thread back.
  if (queued === 1 && !x.exited()) x.resume();
  return true;
}

/**
 * Opens a WebSocket to url and reports to deliver(kind, a, b):
 *   'open'
 *   'frame', bytes, n        the frame's UTF-8 text: the first n bytes of
 *                            the Uint8Array bytes
 *   'oversized', 1           a text frame longer than maxChars was dropped
 *   'close', code, reason    the socket ended (also for a socket the page's
 *                            CSP refused: Chromium fires error, no close)
 * After close() deliver is never called again (the Go side releases it).
 * Throws what new WebSocket throws. Returns {send(text), close()}.
 */
export function openSocket(url, maxChars, deliver, id) {
  const h = listen(new WebSocket(url), maxChars, deliver);
  h.useId(id);
  return h;
}

function listen(ws, maxChars, deliver) {
  let ended = false; // the socket ended
  let stopped = false; // the Go side closed it: it hears nothing more
  let id; // the core's id for this socket: frames go through the exports
  const emit = (...a) => { if (!stopped) deliver(...a); };
  const end = (code, reason) => {
    if (ended) return;
    ended = true;
    emit('close', code, reason);
  };

  ws.addEventListener('open', () => emit('open'));
  ws.addEventListener('message', (e) => {
    if (ended || stopped || typeof e.data !== 'string') return; // binary frames are not part of the protocol
    const text = e.data;
    if (text.length > maxChars) {
      // Dropped before its text reaches wasm memory: memory the Go heap
      // grows for a frame is never given back to the page.
      emit('oversized', 1);
      return;
    }
    if (id !== undefined && intoWasm(id, text)) return;
    const buf = new Uint8Array(text.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 unit
    const { written } = encoder.encodeInto(text, buf);
    emit('frame', buf, written);
  });
  ws.addEventListener('error', () => { if (ws.readyState === 3) end(1006, ''); });
  ws.addEventListener('close', (e) => end(e.code, e.reason));
  return {
    // useId(id): later frames cross through the exports under id (a number
    // from the core); anything else keeps them on the callback.
    useId: (n) => { if (Number.isInteger(n) && n > 0) id = n; },
    ended: () => ended,
    stopped: () => stopped,
    send: (text) => ws.send(text),
    // sendAt(address, length, ascii): a frame Go wrote into wasm memory
    // (memtext.js). The loader sets the exports before Go runs, so before
    // the core opens or adopts any socket.
    sendAt: (at, length, ascii) => ws.send(textAt(exportsIn.mem, at, length, ascii)),
    close: () => {
      stopped = true;
      ws.close();
    },
  };
}

// Early sockets. connect() called while the wasm is still on its way would
// otherwise open the socket only once the runtime has started; the shim
// opens it at once instead, to the URL it expects the core to ask for
// (js/predial.js), and the core's first openSocket takes it over when the URL
// it built is the same, byte for byte. A socket the core did not ask for
// (another URL: the guess was wrong) is closed unused: the core never talks
// over a socket whose URL it did not build.

const early = new Map(); // url → the early socket not yet taken over

// MAX_EARLY_FRAMES bounds what an early socket keeps before it is taken over
// (the gateway says nothing before the client's first frame; a server that
// does is not waited for).
const MAX_EARLY_FRAMES = 16;

/** @internal Counts for tests: early sockets opened, taken over, closed unused. */
export const earlyStats = { opened: 0, adopted: 0, unused: 0 };

/**
 * Opens an early socket to url (see above). Returns release(): closes it
 * unless the core has taken it over by then (call it once connect() has
 * settled). A second early socket to a URL that has one is not opened.
 */
export function openEarly(url) {
  if (early.has(url)) return () => {};
  let ws;
  try {
    ws = new WebSocket(url);
  } catch {
    return () => {}; // the core's own attempt will say why
  }
  earlyStats.opened++;
  let queue = []; // reports until taken over: [kind, a, b]
  let target = (...a) => {
    if (queue.length < MAX_EARLY_FRAMES) queue.push(a);
    else { queue = null; entry.spoilt = true; h.close(); } // too chatty to replay faithfully
  };
  const h = listen(ws, 4 << 20, (...a) => target(...a)); // MaxFrameSize, as the core passes
  const entry = {
    spoilt: false,
    ended: () => h.ended(),
    close: () => h.close(),
    adopt(deliver, id) {
      earlyStats.adopted++;
      // Replayed after the core's openSocket has returned its handle; the
      // frames after them take the exports, as on a socket of the core's.
      queueMicrotask(() => {
        const q = queue ?? [];
        queue = [];
        for (const a of q) {
          if (h.stopped()) return; // closed by the core during the replay: it hears nothing more
          deliver(...a);
        }
        target = deliver;
        h.useId(id);
      });
      return h;
    },
  };
  early.set(url, entry);
  return () => {
    if (early.get(url) !== entry) return; // taken over (or replaced)
    early.delete(url);
    earlyStats.unused++;
    h.close();
  };
}

/**
 * The binding's openSocket: the early socket to url when there is one, else
 * a new one. maxChars is the core's frame bound (the early socket applied
 * MaxFrameSize, the same number).
 */
export function openOrAdopt(url, maxChars, deliver, id) {
  const entry = early.get(url);
  if (entry) {
    early.delete(url);
    // A socket that ended before the core asked (a proxy's idle timeout
    // during a long download) is not handed over as if it were new.
    if (!entry.spoilt && !entry.ended()) return entry.adopt(deliver, id);
    entry.close();
    earlyStats.unused++;
  }
  return openSocket(url, maxChars, deliver, id);
}
