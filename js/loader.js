// Loads the Go runtime (wasm_exec.js, copied unmodified from the Go toolchain
// that built the .wasm) and the chat core, once per page. Loading starts as
// soon as an entry module sets the URL; every async SDK call awaits it.
import './wasm_exec.js';
import { sdkError } from './errors.js';

let wasmUrl;
let runtime;

/** @internal Sets where the .wasm is, unless the page chose already. */
export function setWasmUrl(url) {
  wasmUrl = globalThis.CXONE_CHAT_WASM_URL ?? url;
}

/** @internal The binding object filled by Go; loads the runtime on first use. */
export function loadRuntime() {
  runtime ??= start().catch((error) => {
    runtime = undefined; // a later call may try again (e.g. after going online)
    throw sdkError(`Cannot load the chat runtime from ${wasmUrl}: ${error?.message ?? error}`, 'closed');
  });
  return runtime;
}

/** @internal The binding if loaded, else undefined (for synchronous calls). */
export let loaded;

async function start() {
  if (wasmUrl === undefined) throw new Error('no wasm URL');
  const go = new globalThis.Go();
  const slot = `__cxoneChatWasm${Math.random().toString(36).slice(2)}`;
  const binding = {};
  const ready = new Promise((resolve) => { binding.ready = resolve; });
  globalThis[slot] = binding;
  go.argv = ['cxone-chat-wasm', slot];
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(wasmUrl), go.importObject));
  } catch {
    // A server that sends the wrong MIME type: compile from bytes instead.
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), go.importObject));
  }
  const exited = go.run(instance).then(() => {
    binding.exited = true;
    throw new Error('the Go runtime exited');
  });
  await Promise.race([ready, exited]);
  delete globalThis[slot];
  loaded = binding;
  return binding;
}
