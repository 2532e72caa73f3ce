// `import 'cxone-chat-wasm/global'` in a bundler or an ES module page: the
// same one global as the script tag (CXoneChatWasm), with the wasm found the
// way the ES module entry finds it (beside index.js; see index.js).
import * as api from './index.js';

globalThis.CXoneChatWasm = api;
