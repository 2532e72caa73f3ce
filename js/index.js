// ES module entry: `import ChatSdk, { ChatEvent } from 'cxone-chat-wasm'`.
// The .wasm is looked up beside this file unless the page set
// globalThis.CXONE_CHAT_WASM_URL before importing it.
import { setWasmUrl, loadRuntime } from './loader.js';

export * from './api.js';
export { default } from './api.js';

setWasmUrl(new URL('./cxone-chat.wasm', import.meta.url).href);
loadRuntime().catch(() => {}); // start compiling at import time
