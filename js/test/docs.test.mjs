// The documentation (README and docs/) against the code: its examples
// compile, the hosting guide's CSP works in Chromium, the browser-support
// table holds and lists what the code uses, and the API reference documents
// every public member of index.d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sandboxAndBrowser, waitFor } from './harness.mjs';
import { codeBlocks, compilable, root, typecheck } from './snippets.mjs';

const docsDir = path.join(root, 'docs');
const docs = fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort();
const env = sandboxAndBrowser();

test('docs/ has the migration, hosting and browser guides, and the README links them', () => {
  for (const f of ['migration.md', 'hosting.md', 'browsers.md']) assert.ok(docs.includes(f), `docs/${f}`);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const f of ['docs/migration.md', 'docs/hosting.md', 'docs/browsers.md']) assert.ok(readme.includes(`](${f})`), `README links ${f}`);
});

test('every js, ts and html module example in docs/*.md compiles under tsc --strict', async () => {
  const blocks = docs.flatMap((f) => compilable(codeBlocks(path.join(docsDir, f))));
  for (const f of ['migration.md', 'hosting.md']) {
    assert.ok(blocks.some((b) => b.file === `docs/${f}`), `docs/${f} has examples to compile`);
  }
  assert.deepEqual(await typecheck(blocks), []);
});

test('every js, ts and html module example in README.md compiles under tsc --strict (fragments are marked nocompile)', async () => {
  const all = codeBlocks(path.join(root, 'README.md'));
  const blocks = compilable(all);
  // The quick start, the region, configure(); the store and attachments
  // examples are fragments of a page (nocompile).
  assert.ok(blocks.length >= 3, `only ${blocks.length} README examples compiled`);
  const skipped = all.filter((b) => b.flags.includes('nocompile')).map((b) => `${b.file}:${b.line}`);
  assert.ok(skipped.length <= 3, `more fragments than expected: ${skipped}`);
  assert.deepEqual(await typecheck(blocks), []);
});

test('no README or docs example calls getWebsocketClient() without ?. (it is WebSocketClient | null)', () => {
  const bad = [];
  for (const file of ['README.md', ...docs.map((f) => `docs/${f}`)]) {
    fs.readFileSync(path.join(root, file), 'utf8').split('\n').forEach((l, i) => {
      if (/getWebsocketClient\(\)\.(?!\.)/.test(l)) bad.push(`${file}:${i + 1}: ${l.trim()}`);
    });
  }
  assert.deepEqual(bad, []);
});

// Each paragraph and list item of prose (code blocks, tables and inline
// code left out) closes every parenthesis it opens: a fragment pasted after
// a bullet (README "Loading it" once had "`CXoneChatWasm.ChatEvent`, …).")
// leaves one unbalanced.
test('README.md and docs/*.md: parentheses balance in each paragraph and list item', () => {
  const bad = [];
  for (const file of ['README.md', 'CHANGELOG.md', ...docs.map((f) => `docs/${f}`)]) {
    const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/^```[\s\S]*?^```$/gm, (m) => '\n'.repeat(m.split('\n').length - 1));
    const items = [];
    let cur = null;
    text.split('\n').forEach((l, i) => {
      if (/^\s*$/.test(l) || /^\s*\|/.test(l) || /^#/.test(l)) { cur = null; return; }
      if (/^\s*(?:[-*]|\d+\.)\s/.test(l) || !cur) { cur = { line: i + 1, text: l }; items.push(cur); return; }
      cur.text += ` ${l.trim()}`;
    });
    for (const it of items) {
      let depth = 0, negative = false;
      for (const ch of it.text.replace(/`[^`]*`/g, '')) {
        if (ch === '(') depth++;
        if (ch === ')' && --depth < 0) negative = true;
      }
      if (negative || depth !== 0) bad.push(`${file}:${it.line}: ${it.text.slice(0, 100)}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('migration.md names every way to place the wasm, and its options table has every option of ours', () => {
  const text = fs.readFileSync(path.join(docsDir, 'migration.md'), 'utf8');
  const section = (h) => text.slice(text.indexOf(`\n## ${h}`), text.indexOf('\n## ', text.indexOf(`\n## ${h}`) + 4));
  const wasm = section('2.');
  for (const way of ['configure({ wasmUrl })', '`wasmUrl` option', 'CXONE_CHAT_WASM_URL', 'data-wasm-url']) {
    assert.ok(wasm.includes(way), `§2 names ${way}`);
  }
  const rows = section('3.').split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split('|')[1]).join(' ');
  const dts = fs.readFileSync(path.join(root, 'js', 'index.d.ts'), 'utf8');
  const start = dts.indexOf('export interface ChatSDKOptionsBase {');
  const body = dts.slice(start, dts.indexOf('\n}', start));
  const ours = [...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\??:/g)]
    .filter(([, doc]) => doc.replace(/^\s*\*?\s*/gm, '').trim().startsWith('Ours:')).map(([, , name]) => name);
  assert.ok(ours.includes('wasmUrl') && ours.includes('requestTimeout'), `options of ours found: ${ours}`);
  assert.deepEqual(ours.filter((o) => !rows.includes(`\`${o}\``)), [], 'options of ours missing from §3');
});

test('relative links in README.md and docs/*.md name files that exist', () => {
  const missing = [];
  for (const file of ['README.md', ...docs.map((f) => `docs/${f}`)]) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      if (!fs.existsSync(path.resolve(path.dirname(path.join(root, file)), target))) missing.push(`${file} → ${target}`);
    }
  }
  assert.deepEqual(missing, []);
});

// --- hosting.md: the documented CSP, served by a static server on its own
// origin, in front of a sandbox on another (as a page and CXone would be).

function documentedCsp() {
  const block = codeBlocks(path.join(docsDir, 'hosting.md')).find((b) => b.lang === 'http' && b.code.startsWith('Content-Security-Policy:'));
  assert.ok(block, 'hosting.md has a Content-Security-Policy block');
  return block.code.trim().replace(/^Content-Security-Policy:\s*/, '');
}

function staticServer(csp, extra = {}) {
  const pageJs = `
    import ChatSdk, { EnvironmentName } from '/dist/index.js';
    const chat = new URLSearchParams(location.search).get('chat');
    window.result = (async () => {
      try {
        const sdk = new ChatSdk({ brandId: 1086, channelId: 'chat_abc', customerId: crypto.randomUUID(), cacheStorage: null,
          environment: EnvironmentName.custom,
          customEnvironment: { name: 'sandbox', chat, gateway: chat.replace(/^http/, 'ws') + '/gw', authorize: chat + '/auth' },
          requestTimeout: 8000 });
        await sdk.connect();
        const ack = await sdk.getThread(crypto.randomUUID()).sendTextMessage('behind a CSP');
        return { ok: true, id: ack.id };
      } catch (e) { return { ok: false, message: String(e?.message ?? e) }; }
    })();`;
  const files = {
    '/page.html': ['text/html', '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>'],
    '/page.js': ['text/javascript', pageJs],
    '/dist/index.js': ['text/javascript', fs.readFileSync(path.join(root, 'dist', 'index.js'))],
    '/dist/cxone-chat.wasm': ['application/wasm', fs.readFileSync(path.join(root, 'dist', 'cxone-chat.wasm'))],
    '/favicon.ico': ['image/x-icon', ''], // no 404 in the console
    // hosting.md's page: its module at /chat.js.
    '/chat.html': ['text/html', '<!doctype html><meta charset="utf-8"><script type="module" src="/chat.js"></script>'],
    ...Object.fromEntries(Object.entries(extra).map(([p, body]) => [p, ['text/javascript', body]])),
  };
  const server = http.createServer((req, res) => {
    const f = files[new URL(req.url, 'http://x').pathname];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': f[0], 'Content-Security-Policy': csp });
    res.end(f[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

async function loadBehind(csp) {
  const { server, url } = await staticServer(csp);
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy|CSP/i.test(m.text())) violations.push(m.text()); });
    await page.goto(`${url}/page.html?chat=${encodeURIComponent(env.sandbox.url)}`);
    await waitFor(page, () => window.result !== undefined);
    return { result: await page.evaluate(() => window.result), violations };
  } finally {
    await context.close();
    server.close();
  }
}

function forSandbox(csp) {
  const http = env.sandbox.url;
  const ws = http.replace(/^http/, 'ws');
  const out = csp.replace('https://channels-de-eu1.niceincontact.com', http)
    .replace('wss://chat-gw-de-eu1.niceincontact.com', ws)
    .replace('https://digital-oauth-de-eu1.niceincontact.com', http);
  assert.notEqual(out, csp, 'the documented CSP names the EU1 origins');
  return out;
}

test("hosting.md's CSP lets a page on another origin load the wasm, connect and send", async () => {
  const csp = forSandbox(documentedCsp());
  assert.match(csp, /script-src [^;]*'wasm-unsafe-eval'/);
  const { result, violations } = await loadBehind(csp);
  assert.deepEqual(result.ok ? { ok: true } : result, { ok: true }, violations.join('\n'));
  assert.ok(result.id, 'the send was acknowledged');
  assert.deepEqual(violations, []);
});

test("without 'wasm-unsafe-eval' the same page is refused the runtime, with an error that says so", async () => {
  const csp = forSandbox(documentedCsp()).replace(" 'wasm-unsafe-eval'", '');
  const { result } = await loadBehind(csp);
  assert.equal(result.ok, false);
  assert.match(result.message, /Cannot load the chat runtime/);
});

test('a CSP whose connect-src leaves out the gateway fails connect() at once, saying the socket was refused and why (issue 14.4)', async () => {
  // The wasm comes from the page's own origin ('self'); the gateway's ws:
  // origin is left out, so the browser refuses the socket before it opens.
  const ws = env.sandbox.url.replace(/^http/, 'ws');
  const csp = forSandbox(documentedCsp()).split(' ').filter((t) => t !== ws).join(' ');
  assert.doesNotMatch(csp, new RegExp(ws.replace(/[.:/]/g, '\\$&')));
  const { result } = await loadBehind(csp);
  assert.equal(result.ok, false);
  // Not the request timeout (8 s here, 20 s by default): the refusal itself.
  assert.doesNotMatch(result.message, /timed out/);
  assert.match(result.message, /refused before it opened/);
  assert.match(result.message, /connect-src/);
});

// --- the examples run: the README quick start as a page the sandbox serves,
// and hosting.md's chat.js behind its CSP, against the sandbox.

test('the README quick start runs in Chromium: no page error, the sandbox stores its message, the reply is logged', async () => {
  const [quick] = codeBlocks(path.join(root, 'README.md'), { section: '## Quick start (a page)' }).filter((b) => b.lang === 'html');
  assert.ok(quick, 'README has the quick start');
  // As written, but importing the built module from the sandbox's root (the
  // page lives in js/test/pages/, not beside dist/).
  const html = quick.code.replace("from './dist/index.js'", "from '/dist/index.js'");
  assert.notEqual(html, quick.code, "the quick start imports './dist/index.js'");
  const name = `gen-quickstart-${crypto.randomUUID()}.html`;
  const file = path.join(root, 'js', 'test', 'pages', name);
  fs.writeFileSync(file, `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">\n${html}`);
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    // The listener logs each text message; the scripted agent echoes "hi".
    const reply = page.waitForEvent('console', { predicate: (m) => m.text() === 'Mia: you said "hi"', timeout: 15000 });
    await page.goto(`${env.sandbox.url}/js/test/pages/${name}`);
    await reply;
    assert.deepEqual(problems, []);
    const threads = await (await fetch(`${env.sandbox.url}/sandbox/threads`)).json();
    const t = threads.find((x) => x.threadId === 'my-thread-id' && x.brandId === 1086 && x.channelId === 'chat_abc');
    assert.ok(t, 'the sandbox has the quick start\'s thread');
    assert.deepEqual(t.messages.filter((m) => m.direction === 'inbound').map((m) => m.messageContent.payload.text), ['hi']);
  } finally {
    await context.close();
    fs.rmSync(file, { force: true });
  }
});

test("hosting.md's chat.js runs behind its CSP, importing /dist/index.js, with the sandbox for EU1", async () => {
  const [chatJs] = codeBlocks(path.join(docsDir, 'hosting.md')).filter((b) => b.lang === 'js' && b.code.includes('EnvironmentName.EU1'));
  assert.ok(chatJs, "hosting.md has the page's module");
  const chat = env.sandbox.url;
  const code = chatJs.code
    .replace(/from '\/cxone-chat-wasm@[^']*\/dist\/index\.js'/, "from '/dist/index.js'")
    .replace('environment: EnvironmentName.EU1', `environment: EnvironmentName.custom, customEnvironment: { name: 'sandbox', chat: ${JSON.stringify(chat)}, gateway: ${JSON.stringify(chat.replace(/^http/, 'ws') + '/gw')}, authorize: ${JSON.stringify(chat + '/auth')} }`);
  assert.ok(code.includes("from '/dist/index.js'") && code.includes('EnvironmentName.custom'), 'the import and the environment were replaced');
  const shown = 'window.shown = []; globalThis.show = (text) => window.shown.push(text);\n';
  const { server, url } = await staticServer(forSandbox(documentedCsp()), { '/chat.js': shown + code });
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`); });
    await page.goto(`${url}/chat.html`);
    // show() gets the id of each MESSAGE_CREATED on the thread.
    await waitFor(page, () => window.shown?.length > 0, undefined, 15000);
    assert.deepEqual(problems, []);
    const threads = await (await fetch(`${env.sandbox.url}/sandbox/threads`)).json();
    const t = threads.find((x) => x.messages.some((m) => m.direction === 'inbound' && m.messageContent.payload.text === 'Hello'));
    assert.ok(t, "the sandbox stored chat.js's message");
    const ids = await page.evaluate(() => window.shown);
    assert.ok(ids.every((id) => t.messages.some((m) => m.id === id)), `show() got the thread's message ids: ${ids}`);
  } finally {
    await context.close();
    server.close();
  }
});

// --- browsers.md: each row's check is true in Chromium; each browser API the
// shim or the Go bridge uses is in the table; nothing "Not used" is used.

function supportTable() {
  const text = fs.readFileSync(path.join(docsDir, 'browsers.md'), 'utf8');
  const rows = [...text.matchAll(/^\| ([^|]+) \| ([^|]+) \| `(.+)` \|$/gm)].map((m) => ({ feature: m[1].trim(), check: m[3] }));
  const notUsed = text.match(/^Not used: ([^.]+)\./m)?.[1].split(/,\s*/) ?? [];
  return { text, rows, notUsed };
}

test('browsers.md: every feature check holds in Chromium', async () => {
  const { rows } = supportTable();
  assert.ok(rows.length >= 10, `only ${rows.length} rows`);
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${env.sandbox.url}/`);
    const failed = [];
    for (const r of rows) {
      const ok = await page.evaluate((src) => { try { return (0, eval)(src) === true; } catch { return false; } }, r.check);
      if (!ok) failed.push(`${r.feature}: ${r.check}`);
    }
    assert.deepEqual(failed, []);
    // The checks can fail: a false one is reported as false.
    assert.equal(await page.evaluate(() => (0, eval)('typeof NoSuchApi === "function"')), false);
  } finally {
    await context.close();
  }
});

test('browsers.md lists each browser API the code uses, and none it says is unused', () => {
  const { rows, notUsed } = supportTable();
  const sources = [
    ...fs.readdirSync(path.join(root, 'js')).filter((f) => f.endsWith('.js') && f !== 'wasm_exec.js').map((f) => path.join(root, 'js', f)),
    ...fs.readdirSync(path.join(root, 'wasm')).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => path.join(root, 'wasm', f)),
  ].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  // API name in the code → the table's feature that must cover it.
  const apis = {
    WebAssembly: /\bWebAssembly\./, WebSocket: /\bWebSocket\b/, fetch: /\bfetch\b/, AbortController: /\bAbortController\b/,
    EventSource: /\bEventSource\b/, 'crypto.randomUUID': /randomUUID/, EventTarget: /\bEventTarget\b/, CustomEvent: /\bCustomEvent\b/,
    localStorage: /\blocalStorage\b/, arrayBuffer: /\barrayBuffer\(/, visibilitychange: /visibilitychange/, online: /'online'/,
    'Web Locks': /navigator\??\.locks/,
  };
  const table = rows.map((r) => r.feature).join('\n');
  const unlisted = Object.entries(apis).filter(([name, re]) => re.test(sources) && !table.includes(name)).map(([n]) => n);
  assert.deepEqual(unlisted, [], 'used but not in browsers.md');
  const patterns = { 'Web Locks': /navigator\??\.locks/, BroadcastChannel: /BroadcastChannel/, 'Service Workers': /serviceWorker/, SharedArrayBuffer: /SharedArrayBuffer/ };
  assert.ok(notUsed.length >= 4, 'browsers.md has its "Not used" list');
  for (const name of notUsed) {
    const re = patterns[name];
    if (re) assert.doesNotMatch(sources, re, `${name} is listed as not used`);
  }
});

// --- the API reference: typedoc over index.d.ts (as ./build.sh docs runs it)
// with every public member required to carry documentation.

test('typedoc builds the API reference and finds every public member of index.d.ts, store.d.ts and global.d.ts documented', async () => {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'typedoc.json'), 'utf8'));
  assert.equal(config.validation?.notDocumented, true, 'typedoc.json requires documentation');
  // Every public entry point's declarations (package.json exports' types).
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const typed = Object.values(pkg.exports).map((e) => e.types).filter(Boolean).map((t) => t.replace('./dist/', 'js/')).sort();
  assert.deepEqual([...config.entryPoints].sort(), typed);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cxone-typedoc-'));
  try {
    let stdout = '';
    try {
      ({ stdout } = await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'typedoc'),
        ['--options', path.join(root, 'typedoc.json'), '--out', out, '--treatWarningsAsErrors', 'false', '--logLevel', 'Warn'],
        { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }));
    } catch (e) {
      assert.fail(`typedoc failed:\n${e.stdout}${e.stderr}`);
    }
    // typedoc.json sets validation.notDocumented; every member counts,
    // fields of inline object types (`data: { id: string }`) included.
    const warnings = stdout.split('\n').filter((l) => /\[warning\]|\[error\]/.test(l));
    assert.deepEqual(warnings, []);
    for (const f of ['index.html', 'classes/index.ChatSdk.html', 'classes/index.Thread.html', 'interfaces/index.ChatSDKOptionsBase.html',
      'functions/index.isMessageCreatedEvent.html', 'classes/store.MessageStore.html', 'variables/global.CXoneChatWasm.html']) {
      assert.ok(fs.existsSync(path.join(out, f)), `${f} generated`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
