// Text Go wrote into wasm memory, read by the shim (wasm/values.go
// memArgs): Go passes its address, its length and whether it is all ASCII,
// three numbers, where a JS string made by Go costs a reference, a
// finalizer and a TextDecoder call. Called from inside Go, TextDecoder took
// 40-60 µs a call in a burst's profile (about 1 µs outside one), so ASCII
// text up to ASCII_DIRECT bytes (nearly every event, reply and outbound
// frame: JSON escapes the rest of the protocol's text) is made a string by
// String.fromCharCode instead (bench/RESULTS.md). The bytes are read at
// once: Go keeps them only until the call returns.

const decoder = new TextDecoder();
const ASCII_DIRECT = 16384; // well under any engine's argument limit

/** @internal The text of length bytes at address at of memory mem. */
export function textAt(mem, at, length, ascii) {
  const bytes = new Uint8Array(mem.buffer, at, length);
  return ascii === true && length <= ASCII_DIRECT ? String.fromCharCode.apply(null, bytes) : decoder.decode(bytes);
}
