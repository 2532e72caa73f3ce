// ES module entry: `import ChatSdk, { ChatEvent, configure } from 'cxone-chat-wasm'`.
// The .wasm is looked up beside this file (the literal `new URL(…,
// import.meta.url)` lets webpack and Vite's production build emit it) unless
// configure({ wasmUrl }), the wasmUrl option or globalThis.CXONE_CHAT_WASM_URL
// says otherwise. Loading starts once the importing module has run, or on the
// first connect() with configure({ load: 'connect' }).
import { setDefaults, besideModule } from './loader.js';

export * from './api.js';
export { default } from './api.js';

setDefaults(besideModule(new URL('./cxone-chat.wasm', import.meta.url).href));
