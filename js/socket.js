// The browser side of the gateway socket (used by wasm/websocket.go through
// the binding object). Listening in JavaScript keeps the work per inbound
// frame on the JS side to what is needed: a frame is checked (text, size)
// and encoded to UTF-8 here, and crosses into Go as bytes, packed with the
// frames that arrived in the same turn of the event loop, in one call per
// batch; the Go side used to pay about eight JS↔wasm crossings per frame
// (event, data, type, boxing, length, string copy).

const encoder = new TextEncoder();

/**
 * Opens a WebSocket to url and reports to deliver(kind, a, b):
 *   'open'
 *   'frames', bytes, n       bytes: a Uint8Array of n bytes holding, per
 *                            frame, a little-endian u32 byte length and then
 *                            its UTF-8 bytes
 *   'oversized', n           n text frames longer than maxChars were dropped
 *   'close', code, reason    the socket ended (also for a socket the page's
 *                            CSP refused: Chromium fires error, no close)
 * Frames are held for at most one task (setTimeout 0) so that a burst
 * crosses in batches of at most maxBatch frames; every frame received before
 * the close is delivered before 'close'. After close() deliver is never
 * called again (the Go side releases it). Throws what new WebSocket throws.
 * Returns {send(text), close()}.
 */
export function openSocket(url, maxChars, maxBatch, deliver) {
  const ws = new WebSocket(url);
  let pending = [];
  let timer = 0;
  let ended = false; // the socket ended
  let stopped = false; // the Go side closed it: it hears nothing more
  const emit = (...a) => { if (!stopped) deliver(...a); };

  const flush = () => {
    timer = 0;
    while (pending.length > 0) {
      const take = pending.length > maxBatch ? pending.splice(0, maxBatch) : pending.splice(0);
      let size = 0;
      for (const f of take) size += 4 + f.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
      const buf = new Uint8Array(size);
      const view = new DataView(buf.buffer);
      let at = 0;
      for (const f of take) {
        const { written } = encoder.encodeInto(f, buf.subarray(at + 4));
        view.setUint32(at, written, true);
        at += 4 + written;
      }
      emit('frames', buf.subarray(0, at), at);
      if (stopped || ended || pending.length === 0) continue;
      // More than one batch waited: let the page run between batches.
      timer = setTimeout(flush, 0);
      return;
    }
  };

  const end = (code, reason) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    flush(); // what arrived before the end is delivered first
    emit('close', code, reason);
  };

  ws.addEventListener('open', () => emit('open'));
  ws.addEventListener('message', (e) => {
    if (ended || stopped || typeof e.data !== 'string') return; // binary frames are not part of the protocol
    if (e.data.length > maxChars) {
      // Dropped before its text reaches wasm memory: memory the Go heap
      // grows for a frame is never given back to the page.
      emit('oversized', 1);
      return;
    }
    pending.push(e.data);
    if (timer === 0) timer = setTimeout(flush, 0);
  });
  ws.addEventListener('error', () => { if (ws.readyState === 3) end(1006, ''); });
  ws.addEventListener('close', (e) => end(e.code, e.reason));
  return {
    send: (text) => ws.send(text),
    close: () => {
      // Nothing more is wanted once the Go side closed: drop what is held.
      stopped = true;
      clearTimeout(timer);
      pending = [];
      ws.close();
    },
  };
}
