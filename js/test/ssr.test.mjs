// Server-side rendering: importing the package in Node (as Next.js, Nuxt or
// Astro do when they render a page on the server) must not throw and must not
// start fetching the wasm; the SDK is constructed in the browser only. Each
// import runs in a fresh node process, resolved through the package's own
// exports map (a self-reference by name), as a framework would resolve it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { root } from './harness.mjs';

// Runs `code` as an ES module in a new node whose fetch() records its calls.
function inNode(code) {
  const program = `
    const fetched = [];
    globalThis.fetch = async (url) => { fetched.push(String(url)); throw new Error('no network in SSR'); };
    ${code}
    await new Promise((r) => setTimeout(r, 0)); // every microtask the import queued has run
    console.log(JSON.stringify({ result, fetched }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

test('SSR: importing "cxone-chat-wasm" in Node does not throw and fetches nothing', () => {
  const { result, fetched } = inNode(`
    const m = await import('cxone-chat-wasm');
    const result = { chatSdk: typeof m.default, configure: typeof m.configure, preload: typeof m.default.preload, events: typeof m.ChatEvent };`);
  assert.deepEqual(result, { chatSdk: 'function', configure: 'function', preload: 'function', events: 'object' });
  assert.deepEqual(fetched, []);
});

test('SSR: importing "cxone-chat-wasm/global" in Node does not throw, sets the global and fetches nothing', () => {
  const { result, fetched } = inNode(`
    await import('cxone-chat-wasm/global');
    const result = { chatSdk: typeof globalThis.CXoneChatWasm?.ChatSdk, configure: typeof globalThis.CXoneChatWasm?.configure };`);
  assert.deepEqual(result, { chatSdk: 'function', configure: 'function' });
  assert.deepEqual(fetched, []);
});

test('SSR: the script-tag build itself evaluates in Node without a DOM', () => {
  const { result, fetched } = inNode(`
    await import('./dist/cxone-chat.global.js');
    const result = typeof globalThis.CXoneChatWasm?.ChatSdk;`);
  assert.equal(result, 'function');
  assert.deepEqual(fetched, []);
});

test('SSR: configure() works on the server (a shared module may call it) and still fetches nothing', () => {
  const { result, fetched } = inNode(`
    const { configure } = await import('cxone-chat-wasm');
    configure({ wasmUrl: 'https://cdn.example/cxone-chat.wasm', load: 'connect' });
    const result = 'configured';`);
  assert.equal(result, 'configured');
  assert.deepEqual(fetched, []);
});
