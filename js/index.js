// ES module entry: `import ChatSdk, { ChatEvent, configure } from 'cxone-chat-wasm'`.
// The .wasm is looked up beside this file unless configure({ wasmUrl }), the
// wasmUrl option or globalThis.CXONE_CHAT_WASM_URL says otherwise. Loading
// starts once the importing module has run, or on the first connect() with
// configure({ load: 'connect' }).
import { setDefaults, besideModule } from './loader.js';

export * from './api.js';
export { default } from './api.js';

// Spelled literally so that webpack 5 and Vite's production build emit the
// .wasm as an asset and rewrite the URL. A bundle without import.meta (an
// IIFE, esbuild's default format) falls back to beside its script tag.
let beside;
try {
  beside = besideModule(new URL('./cxone-chat.wasm', import.meta.url).href);
} catch {
  const script = typeof document !== 'undefined' ? document.currentScript : null;
  const base = script?.src || globalThis.location?.href;
  beside = base ? [new URL('cxone-chat.wasm', base).href] : [];
}
setDefaults(beside);
