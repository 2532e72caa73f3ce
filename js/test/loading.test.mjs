// The three ways to load the SDK, and the runtime's resilience to a panic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

test('a plain <script> tag sets one global and chats', async () => {
  const { page, context, problems } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/global.html`);
  await waitFor(page, () => window.appReady === true);
  const globals = await page.evaluate(() => Object.keys(window).filter((k) => /chat|cxone/i.test(k)));
  assert.deepEqual(globals.filter((k) => k !== 'sdk'), ['CXoneChatWasm'], 'one global besides the page\'s own');
  await page.evaluate(() => window.run());
  const replies = await waitFor(page, () => window.replies.length >= 2 && window.replies);
  assert.deepEqual(replies, ['from a script tag', 'Mia: you said "from a script tag"']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Go panic inside a call rejects that call and the runtime keeps working', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/chat.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    await sdk.connect();
    const out = {};
    try { await sdk._internal.call('internal.panic'); out.async = 'resolved'; } catch (e) { out.async = { name: e.name, code: e.code, message: e.message }; }
    try { sdk._internal.callSync('internal.panic'); out.sync = 'returned'; } catch (e) { out.sync = { name: e.name, code: e.code, message: e.message }; }
    const thread = sdk.getThread('after-panic-' + crypto.randomUUID());
    out.after = (await thread.sendTextMessage('alive')).data.message.messageContent.payload.text;
    return out;
  });
  assert.equal(r.async.code, 'internal');
  assert.match(r.async.message, /Internal error in internal\.panic: .*nil map/);
  assert.equal(r.sync.code, 'internal');
  assert.equal(r.after, 'alive');
  await context.close();
});

test('the npm package lists the built files and its exports resolve', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cxone-chat.global.js', 'dist/global.mjs', 'dist/cxone-chat.wasm', 'package.json', 'README.md']) {
    assert.ok(files.includes(f), `${f} is packed (packed: ${files.join(', ')})`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const targets = [pkg.exports['.'].types, pkg.exports['.'].import, pkg.exports['./global'].import,
    pkg.exports['./global'].default, pkg.exports['./global'].types, pkg.exports['./cxone-chat.wasm']];
  for (const t of targets) assert.ok(fs.existsSync(path.join(root, t)), `${t} exists`);
  assert.equal(Object.keys(pkg.exports['.'])[0], 'types', 'types come first in the exports map');
});

// ---- when and from where the wasm loads (configure, wasmUrl, deferred) ------

// A page made by the test: `body` runs after a classic prelude that records
// every fetch() the page makes (synchronously, so "nothing fetched yet" is
// exact), and defines opts() (sandbox options) and chat(sdk, text) (send one
// message and resolve with the agent's reply).
const prelude = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script>
  window.fetched = [];
  const realFetch = window.fetch;
  window.fetch = function (input, init) { fetched.push(String(input?.url ?? input)); return realFetch.apply(this, arguments); };
  window.wasmFetches = () => fetched.filter((u) => /\\.wasm(\\?|$)/.test(u));
  const base = location.origin;
  window.opts = (extra) => ({ brandId: 1086, channelId: 'chat_abc', customerId: crypto.randomUUID(), environment: 'custom',
    customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
    cacheStorage: null, storage: null, ...extra });
  window.chat = async (sdk, text) => {
    await sdk.connect();
    const thread = sdk.getThread('load-' + crypto.randomUUID());
    const reply = new Promise((resolve) => thread.onThreadEvent('MessageCreated', (e) => {
      const m = e.detail.data.message;
      if (m.direction === 'outbound') resolve(m.messageContent.payload.text);
    }));
    await thread.sendTextMessage(text);
    return reply;
  };
  // One macrotask later: every microtask the imports queued has run.
  window.settled = () => new Promise((r) => setTimeout(r, 0));
</script>`;

async function virtualPage(body) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A real file served by the sandbox (Chromium's local network access
  // checks refuse sockets to loopback from a page Playwright fulfils).
  const name = `gen-${crypto.randomUUID()}.html`;
  const file = path.join(root, 'js', 'test', 'pages', name);
  fs.writeFileSync(file, prelude + body);
  try {
    await page.goto(`${env.sandbox.url}/js/test/pages/${name}`);
    await waitFor(page, () => window.appReady === true);
  } finally {
    fs.rmSync(file, { force: true });
  }
  const wasmRequests = () => requests.filter((u) => /\.wasm(\?|$)/.test(u));
  return { page, context, problems, wasmRequests };
}

const reply = (text) => `Mia: you said "${text}"`;

test('load: "connect": nothing is fetched before the first connect(), which loads the wasm and chats', async () => {
  const { page, context, problems, wasmRequests } = await virtualPage(`<script type="module">
    import ChatSdk, { configure } from '/dist/index.js';
    configure({ load: 'connect' });
    window.sdk = new ChatSdk(opts());
    window.channelAtOnce = sdk.channelId;
    await settled();
    window.appReady = true;
  </script>`);
  await page.evaluate(() => new Promise((r) => (document.readyState === 'complete' ? r() : addEventListener('load', r))));
  await page.evaluate(() => settled());
  assert.deepEqual(await page.evaluate(() => wasmFetches()), [], 'the page fetched no wasm before connect()');
  assert.deepEqual(wasmRequests(), [], 'the browser requested no wasm before connect()');
  assert.equal(await page.evaluate(() => channelAtOnce), 'chat_abc', 'the synchronous constructor works without the runtime');
  assert.equal(await page.evaluate(() => chat(sdk, 'deferred')), reply('deferred'));
  assert.deepEqual(await page.evaluate(() => wasmFetches()), [`${env.sandbox.url}/dist/cxone-chat.wasm`]);
  assert.equal(wasmRequests().length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('load: "connect": an async call before connect() loads the runtime and resolves; ChatSdk.preload() loads it once', async () => {
  const { page, context, problems } = await virtualPage(`<script type="module">
    import ChatSdk, { configure } from '/dist/index.js';
    configure({ load: 'connect' });
    window.ChatSdk = ChatSdk;
    window.sdk = new ChatSdk(opts());
    window.appReady = true;
  </script>`);
  const r = await page.evaluate(async () => {
    const before = wasmFetches().length;
    const availability = await sdk.getChannelAvailability(); // before any connect()
    const preloaded = await ChatSdk.preload(); // already loaded: no second fetch
    return { before, availability, preloaded, after: wasmFetches().length, text: await chat(sdk, 'after a call') };
  });
  assert.equal(r.before, 0);
  assert.ok(r.availability && typeof r.availability.status === 'string', `availability: ${JSON.stringify(r.availability)}`);
  assert.equal(r.preloaded, undefined);
  assert.equal(r.after, 1, 'one wasm fetch for the call and preload()');
  assert.equal(r.text, reply('after a call'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('load: ChatSdk.preload() fetches before connect() in "connect" mode; connect() then uses it', async () => {
  const { page, context, problems } = await virtualPage(`<script type="module">
    import ChatSdk, { configure } from '/dist/index.js';
    configure({ load: 'connect' });
    window.ChatSdk = ChatSdk;
    window.appReady = true;
  </script>`);
  const r = await page.evaluate(async () => {
    const before = wasmFetches().length;
    await ChatSdk.preload();
    const sdk = new ChatSdk(opts());
    return { before, loaded: wasmFetches().length, text: await chat(sdk, 'preloaded'), after: wasmFetches().length };
  });
  assert.deepEqual(r, { before: 0, loaded: 1, text: reply('preloaded'), after: 1 });
  assert.deepEqual(problems, []);
  await context.close();
});

// 14.5: each way of naming the wasm, set in the importing module itself.
for (const [name, setup] of [
  ['configure({ wasmUrl }) in the importing module', `configure({ wasmUrl: '/dist/cxone-chat.wasm?via=%VIA%' }); window.sdk = new ChatSdk(opts());`],
  ['the wasmUrl option', `window.sdk = new ChatSdk(opts({ wasmUrl: '/dist/cxone-chat.wasm?via=%VIA%' }));`],
  ['globalThis.CXONE_CHAT_WASM_URL set after the import', `globalThis.CXONE_CHAT_WASM_URL = '/dist/cxone-chat.wasm?via=%VIA%'; window.sdk = new ChatSdk(opts());`],
]) {
  for (const mode of ['import', 'connect']) {
    test(`wasm URL: ${name} is honoured (load: "${mode}")`, async () => {
      const via = `${mode}-${name.length}`;
      const { page, context, problems, wasmRequests } = await virtualPage(`<script type="module">
        import ChatSdk, { configure } from '/dist/index.js';
        configure({ load: '${mode}' });
        ${setup.replace('%VIA%', via)}
        window.appReady = true;
      </script>`);
      assert.equal(await page.evaluate(() => chat(sdk, 'url')), reply('url'));
      assert.deepEqual(await page.evaluate(() => wasmFetches()), [`${env.sandbox.url}/dist/cxone-chat.wasm?via=${via}`]);
      assert.deepEqual(wasmRequests(), [`${env.sandbox.url}/dist/cxone-chat.wasm?via=${via}`]);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('wasm URL: "connect" mode honours a wasmUrl option given later (in an event handler)', async () => {
  const { page, context, problems } = await virtualPage(`<script type="module">
    import ChatSdk, { configure } from '/dist/index.js';
    configure({ load: 'connect' });
    window.ChatSdk = ChatSdk;
    window.appReady = true;
  </script>`);
  await page.evaluate(() => settled());
  const r = await page.evaluate(async () => {
    const sdk = new ChatSdk(opts({ wasmUrl: new URL('/dist/cxone-chat.wasm?via=later', location.href) }));
    return { text: await chat(sdk, 'later'), fetched: wasmFetches() };
  });
  assert.deepEqual(r, { text: reply('later'), fetched: [`${env.sandbox.url}/dist/cxone-chat.wasm?via=later`] });
  assert.deepEqual(problems, []);
  await context.close();
});

test('wasm URL: a script tag honours data-wasm-url, the global set before it, and data-load="connect" with a later configure()', async () => {
  for (const [tag, pre, later, expect] of [
    ['data-wasm-url="/dist/cxone-chat.wasm?via=data"', '', '', '/dist/cxone-chat.wasm?via=data'],
    ['', `globalThis.CXONE_CHAT_WASM_URL = '/dist/cxone-chat.wasm?via=global';`, '', '/dist/cxone-chat.wasm?via=global'],
    ['data-load="connect"', '', `CXoneChatWasm.configure({ wasmUrl: '/dist/cxone-chat.wasm?via=late' });`, '/dist/cxone-chat.wasm?via=late'],
  ]) {
    const { page, context, problems } = await virtualPage(`<script>${pre}</script>
      <script src="/dist/cxone-chat.global.js" ${tag}></script>
      <script>
        window.before = wasmFetches().length;
        settled().then(() => {
          window.afterTask = wasmFetches().length;
          ${later}
          window.sdk = new CXoneChatWasm.ChatSdk(opts());
          window.appReady = true;
        });
      </script>`);
    const r = await page.evaluate(async () => ({ before, text: await chat(sdk, 'tag'), fetched: wasmFetches() }));
    // A classic script's microtasks run when it ends: the default mode has
    // started fetching by the next script; "connect" has not.
    assert.equal(r.before, later ? 0 : 1, `${tag || pre}: wasm fetches when the next script runs`);
    assert.equal(r.text, reply('tag'));
    assert.deepEqual(r.fetched, [env.sandbox.url + expect], tag || pre);
    if (later) assert.equal(await page.evaluate(() => afterTask), 0, 'data-load="connect" fetched nothing before connect()');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('wasm URL: configure() after the load started, with another URL, throws a ChatSDKError saying why', async () => {
  const { page, context } = await virtualPage(`<script type="module">
    import ChatSdk, { configure } from '/dist/index.js';
    window.ChatSdk = ChatSdk; window.configure = configure;
    window.appReady = true;
  </script>`);
  const r = await page.evaluate(async () => {
    await ChatSdk.preload();
    const out = {};
    try { configure({ wasmUrl: '/elsewhere.wasm' }); out.configure = 'accepted'; } catch (e) { out.configure = { name: e.name, code: e.code, message: e.message }; }
    try { new ChatSdk(opts({ wasmUrl: '/elsewhere.wasm' })); out.option = 'accepted'; } catch (e) { out.option = { name: e.name, code: e.code }; }
    try { configure({ load: 'later' }); out.mode = 'accepted'; } catch (e) { out.mode = { code: e.code }; }
    configure({ wasmUrl: new URL('/dist/cxone-chat.wasm', location.href).href }); // the same URL is fine
    return out;
  });
  assert.equal(r.configure.name, 'ChatSDKError');
  assert.equal(r.configure.code, 'invalid-argument');
  assert.match(r.configure.message, /too late: the chat runtime is already loading from .*\/dist\/cxone-chat\.wasm/);
  assert.deepEqual(r.option, { name: 'ChatSDKError', code: 'invalid-argument' });
  assert.deepEqual(r.mode, { code: 'invalid-argument' });
  await context.close();
});

test('a wasm URL that serves something else, or a runtime of another release: connect() rejects naming the URL and what is wrong, with the fix; a later fix works', async () => {
  // A runtime of another release (a stale cached cxone-chat.wasm): the same
  // one built with another calling-convention name (wasm/main.go abi).
  const stale = path.join(root, 'dist', 'test-stale');
  fs.mkdirSync(stale, { recursive: true });
  execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w -X main.abi=1', '-o', path.join(stale, 'cxone-chat.wasm'), './wasm'],
    { cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: 'inherit' });
  const { page, context } = await virtualPage(`<script type="module">
    import ChatSdk, { configure } from '/dist/index.js';
    configure({ wasmUrl: '/index.html', load: 'connect' });
    window.configure = configure;
    window.sdk = new ChatSdk(opts());
    window.appReady = true;
  </script>`);
  const r = await page.evaluate(async () => {
    const out = {};
    try { await sdk.connect(); out.html = 'resolved'; } catch (e) { out.html = { name: e.name, code: e.code, message: e.message }; }
    configure({ wasmUrl: '/no/such/cxone-chat.wasm' }); // a failed load re-opens the choice
    try { await sdk.connect(); out.missing = 'resolved'; } catch (e) { out.missing = { code: e.code, message: e.message }; }
    configure({ wasmUrl: '/dist/test-stale/cxone-chat.wasm' });
    try { await sdk.connect(); out.stale = 'resolved'; } catch (e) { out.stale = { name: e.name, code: e.code, message: e.message }; }
    configure({ wasmUrl: '/dist/cxone-chat.wasm' });
    out.text = await chat(sdk, 'fixed');
    return out;
  });
  assert.equal(r.html.name, 'ChatSDKError');
  assert.equal(r.html.code, 'closed');
  assert.match(r.html.message, /\/index\.html: HTTP 200, content-type text\/html; charset=utf-8, \d+ bytes starting 3c 21 64 6f 63 74 79 70 \("<!doctyp"\), which is not a wasm module/);
  assert.match(r.html.message, /Fix: serve dist\/cxone-chat\.wasm .*configure\(\{ wasmUrl \}\)/);
  assert.match(r.missing.message, /\/no\/such\/cxone-chat\.wasm: HTTP 404, content-type text\/plain/);
  assert.equal(r.stale.name, 'ChatSDKError');
  assert.equal(r.stale.code, 'closed');
  assert.match(r.stale.message, /test-stale\/cxone-chat\.wasm does not match this SDK's JavaScript \(runtime "1", JavaScript 2\)/);
  assert.match(r.stale.message, /Fix: serve the cxone-chat\.wasm of the same package release/);
  assert.equal(r.text, reply('fixed'));
  await context.close();
});

