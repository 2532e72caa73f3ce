// Script-tag entry: <script src=".../cxone-chat.global.js"></script> sets one
// global, CXoneChatWasm, holding every export (CXoneChatWasm.ChatSdk, …).
// The .wasm is looked up beside the script, or at data-wasm-url on the tag,
// or at globalThis.CXONE_CHAT_WASM_URL.
import { setWasmUrl, loadRuntime } from './loader.js';
import * as api from './api.js';

const script = document.currentScript;
setWasmUrl(script?.dataset.wasmUrl || new URL('cxone-chat.wasm', script?.src ?? location.href).href);
globalThis.CXoneChatWasm = api;
loadRuntime().catch(() => {});
