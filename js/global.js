// Script-tag entry: <script src=".../cxone-chat.global.js"></script> sets one
// global, CXoneChatWasm, holding every export (CXoneChatWasm.ChatSdk, …).
// The .wasm is looked up beside the script, or at data-wasm-url on the tag,
// or at globalThis.CXONE_CHAT_WASM_URL; data-load="connect" defers loading
// to the first connect(). Safe to evaluate without a DOM (server rendering).
import { setDefaults } from './loader.js';
import * as api from './api.js';

const script = typeof document !== 'undefined' ? document.currentScript : null;
const base = script?.src || globalThis.location?.href;
globalThis.CXoneChatWasm = api;
setDefaults([script?.dataset.wasmUrl || (base ? new URL('cxone-chat.wasm', base).href : undefined)],
  script?.dataset.load || undefined);
