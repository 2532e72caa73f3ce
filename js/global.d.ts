/**
 * Types of the script-tag build, `cxone-chat-wasm/global`
 * (`dist/cxone-chat.global.js`): loading it sets one global, `CXoneChatWasm`,
 * which holds every export of the ES module (`new CXoneChatWasm.ChatSdk(…)`).
 * A page may set `globalThis.CXONE_CHAT_WASM_URL` before the script to say
 * where the wasm is. Use the types from TypeScript with
 * `import 'cxone-chat-wasm/global'` or, on a page that loads the script with a
 * `<script>` tag, `/// <reference types="cxone-chat-wasm/global" />`.
 *
 * @packageDocumentation
 */
import type * as CXoneChatWasmModule from './index.js';

declare global {
  /** Every export of `cxone-chat-wasm`, set by the script-tag build (`new CXoneChatWasm.ChatSdk(…)`). */
  var CXoneChatWasm: typeof CXoneChatWasmModule;
  /** Where to fetch the .wasm from, when set before the SDK loads (see docs/hosting.md). */
  var CXONE_CHAT_WASM_URL: string | undefined;
}

export {};
