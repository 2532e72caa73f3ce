// The browser side of the gateway socket (used by wasm/websocket.go through
// the binding object). Listening in JavaScript keeps the work per inbound
// frame on the JS side to what is needed: a frame is checked (text, size)
// and encoded to UTF-8 here, and crosses into Go as bytes in one call; the
// Go side used to pay about eight JS/wasm crossings per frame (event, data,
// type, boxing, length, string copy).
//
// Each frame is delivered in its own message event, as the browser
// dispatches it: one crossing per turn of the event loop. Frames are not
// held to cross several at once: Go handles what it is given before the
// page gets the thread back, so a batch would run the page's listeners for
// several events in one task, with none of their promise reactions in
// between (the reference SDK's pages see a task per frame).

const encoder = new TextEncoder();

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
export function openSocket(url, maxChars, deliver) {
  const ws = new WebSocket(url);
  let ended = false; // the socket ended
  let stopped = false; // the Go side closed it: it hears nothing more
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
    const buf = new Uint8Array(text.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 unit
    const { written } = encoder.encodeInto(text, buf);
    emit('frame', buf, written);
  });
  ws.addEventListener('error', () => { if (ws.readyState === 3) end(1006, ''); });
  ws.addEventListener('close', (e) => end(e.code, e.reason));
  return {
    send: (text) => ws.send(text),
    close: () => {
      stopped = true;
      ws.close();
    },
  };
}
