// The npm package as an app's bundler sees it: `npm pack` of this repository
// installed into a minimal consumer app, built with no bundler configuration
// by Vite (dev server and production build), webpack 5 and esbuild, each
// served on its own loopback port and run in Chromium against the sandbox:
// the page connects and the scripted agent answers its message.
//
// The bundlers come from the npm registry (pinned below) and are installed
// once into a cache directory outside the repository (CXONE_BUNDLERS_CACHE,
// default <tmp>/cxone-chat-bundlers-<versions>), reused between runs; the
// packed tarball is installed afresh on every run. The app's flow is in its
// own file (app.js) so that other flows can be plugged in. Under Vite (dev
// server and build) the sample-style app (js/test/pages/app/flows.js) also
// runs, every flow with sampleapp.test.mjs's assertions (sampleflows.mjs);
// the build also builds the cxone-chat-wasm/global page, as a second page
// (the multi-page input, the one configuration that takes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, sandboxAndBrowser } from './harness.mjs';
import { SAMPLE_FLOWS, checkFlow } from './sampleflows.mjs';

const VERSIONS = { vite: '8.4.0', webpack: '5.113.0', esbuild: '0.28.2' };
const cacheDir = process.env.CXONE_BUNDLERS_CACHE ||
  path.join(os.tmpdir(), `cxone-chat-bundlers-${createHash('sha256').update(JSON.stringify(VERSIONS)).digest('hex').slice(0, 12)}`);
const app = path.join(cacheDir, 'app');

const servers = [];

// ---- the consumer app ---------------------------------------------------------

// The flow: what a page does with the SDK. `api` is the package's exports
// (the ES module namespace, or the CXoneChatWasm global).
const APP_JS = `// One chat flow: connect, send, resolve with the agent's reply.
export async function run(api, sandbox) {
  const { default: ChatSdk = api.ChatSdk, ChatEvent, EnvironmentName } = api;
  const sdk = new ChatSdk({
    brandId: 1086, channelId: 'chat_abc', customerId: crypto.randomUUID(),
    environment: EnvironmentName.custom,
    customEnvironment: { name: 'sandbox', chat: sandbox, gateway: sandbox.replace(/^http/, 'ws') + '/gw', authorize: sandbox + '/auth' },
    cacheStorage: null, storage: null,
  });
  await sdk.connect();
  const thread = sdk.getThread('bundled-' + crypto.randomUUID());
  const reply = new Promise((resolve) => thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (e) => {
    const m = e.detail.data.message;
    if (m.direction === 'outbound') resolve(m.messageContent.payload.text);
  }));
  await thread.sendTextMessage('hello from a bundle');
  return reply;
}
`;
const runner = (imp, api) => `${imp}
import { run } from './app.js';
const sandbox = new URLSearchParams(location.search).get('sandbox');
// ?flows: the sample-style app's flows (js/test/pages/app/flows.js), bundled
// as a chunk, in place of the one chat flow.
if (new URLSearchParams(location.search).has('flows')) import('./flows.js');
else window.result = run(${api}, sandbox).then((text) => ({ text }), (e) => ({ error: String(e?.message ?? e) }));
`;
const FILES = {
  'src/app.js': APP_JS,
  // The sample-style app of sampleapp.test.mjs, unchanged: it imports 'cxone-chat-wasm' by name.
  'src/flows.js': fs.readFileSync(path.join(root, 'js', 'test', 'pages', 'app', 'flows.js'), 'utf8'),
  // webpack's default entry is ./src/index.js
  'src/index.js': runner("import * as api from 'cxone-chat-wasm';", 'api'),
  'src/global-entry.js': runner("import 'cxone-chat-wasm/global';", 'window.CXoneChatWasm'),
  'index.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title>\n<script type="module" src="/src/index.js"></script>\n<main id="app"><p id="status"></p><ul id="messages"></ul></main>\n',
  // A multi-page app's configuration: the global page as the build's input.
  'vite.global.config.mjs': "import { fileURLToPath } from 'node:url';\nexport default { build: { outDir: 'dist-global', rolldownOptions: { input: { global: fileURLToPath(new URL('./global.html', import.meta.url)) } } } };\n",
  'global.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer (global)</title>\n<script type="module" src="/src/global-entry.js"></script>\n',
};

const run = promisify(execFile);
async function sh(cmd, args, opts = {}) {
  return (await run(cmd, args, { cwd: app, encoding: 'utf8', maxBuffer: 1 << 24, ...opts })).stdout;
}

// Registered before the sandbox's hooks, so that the install runs first.
before(async () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cxone-chat.wasm')), 'dist/ is built (./build.sh)');
  fs.mkdirSync(app, { recursive: true });
  const pkg = { name: 'consumer', private: true, devDependencies: VERSIONS };
  const pkgText = JSON.stringify(pkg, null, 2) + '\n';
  const installed = path.join(app, 'node_modules', '.installed-bundlers');
  if (!fs.existsSync(installed) || fs.readFileSync(installed, 'utf8') !== pkgText) {
    fs.writeFileSync(path.join(app, 'package.json'), pkgText);
    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
    fs.writeFileSync(installed, pkgText);
  }
  // The package exactly as published, installed afresh.
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxone-pack-'));
  const [{ filename }] = JSON.parse(await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root }));
  await sh('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', path.join(packDir, filename)]);
  fs.rmSync(packDir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(app, name)), { recursive: true });
    fs.writeFileSync(path.join(app, name), text);
  }
  for (const d of ['node_modules/.vite', 'dist', 'dist-global', 'out-esbuild']) fs.rmSync(path.join(app, d), { recursive: true, force: true });
});

const env = sandboxAndBrowser();

after(async () => {
  for (const s of servers) await s.stop();
});

// ---- servers ------------------------------------------------------------------

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves dir on 127.0.0.1 as a plain static host would (correct MIME types). */
function staticServer(dir) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(dir, rel.endsWith('/') ? rel + 'index.html' : rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const s = { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
    servers.push(s);
    resolve(s);
  }));
}

/** Runs `vite` (the dev server) in the app, as `npm start` would; resolves its URL. */
function viteDev() {
  const proc = spawn(process.execPath, [path.join(app, 'node_modules', 'vite', 'bin', 'vite.js'), '--host', '127.0.0.1', '--port', '0'], {
    cwd: app, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill(); reject(new Error(`vite did not start: ${out}`)); }, 60000);
    const onData = (d) => {
      out += d;
      // eslint-disable-next-line no-control-regex
      const m = out.replace(/\x1b\[[0-9;]*m/g, '').match(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        const s = { url: m[1], log: () => out, stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) };
        servers.push(s);
        resolve(s);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`vite exited (${code}): ${out}`)); });
  });
}

/** Opens pageUrl, waits for the app's result, and returns it with the wasm requests seen. */
async function chat(pageUrl) {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    const wasm = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => { if (/\.wasm(\?|$)/.test(r.url())) wasm.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }); });
    await page.goto(`${pageUrl}${pageUrl.includes('?') ? '&' : '?'}sandbox=${encodeURIComponent(env.sandbox.url)}`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30000 });
    const result = await page.evaluate(() => Promise.race([window.result,
      new Promise((r) => setTimeout(() => r({ error: 'no reply within 20 s' }), 20000))]));
    return { result, problems, wasm };
  } finally {
    await context.close();
  }
}

const REPLY = { text: 'Mia: you said "hello from a bundle"' };

/**
 * Runs every flow of the sample-style app in the bundled app at pageUrl, one
 * subtest of t each, with sampleapp.test.mjs's assertions (sampleflows.mjs),
 * each in a fresh context as there.
 */
async function sampleFlows(t, pageUrl) {
  const url = `${pageUrl}?flows&sandbox=${encodeURIComponent(env.sandbox.url)}`;
  for (const [name, { title }] of Object.entries(SAMPLE_FLOWS)) {
    await t.test(`sample-style flow, ${title}`, () => checkFlow(env.browser, url, name));
  }
}

// ---- the bundlers ---------------------------------------------------------------

test('Vite dev server (no config): the pre-bundled module finds its wasm, connects and chats; so does cxone-chat-wasm/global; every sample-style flow passes in it', async (t) => {
  const vite = await viteDev();
  const r = await chat(`${vite.url}/`);
  assert.deepEqual(r.result, REPLY, `page: ${JSON.stringify(r)}\nvite: ${vite.log()}`);
  assert.deepEqual(r.problems, []);
  assert.ok(r.wasm.some((w) => w.status === 200 && /\/cxone-chat\.wasm$/.test(w.url)), JSON.stringify(r.wasm));
  const g = await chat(`${vite.url}/global.html`);
  assert.deepEqual(g.result, REPLY, `global page: ${JSON.stringify(g)}`);
  await sampleFlows(t, `${vite.url}/`);
  await vite.stop();
  servers.splice(servers.indexOf(vite), 1);
});

test('Vite production build (no config): vite build, served statically, connects and chats; every sample-style flow passes in it; cxone-chat-wasm/global as a second page', async (t) => {
  await sh(process.execPath, [path.join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error']);
  const emitted = fs.readdirSync(path.join(app, 'dist', 'assets'));
  assert.ok(emitted.some((f) => f.endsWith('.wasm')), `vite emitted the wasm: ${emitted.join(', ')}`);
  const host = await staticServer(path.join(app, 'dist'));
  const r = await chat(`${host.url}/`);
  assert.deepEqual(r.result, REPLY, JSON.stringify(r));
  assert.deepEqual(r.problems, []);
  await sampleFlows(t, `${host.url}/`);

  // With no configuration Vite builds index.html only; a second page takes
  // the multi-page input (vite.global.config.mjs, named on the command line so
  // that the dev server and the build above still run with no config).
  await sh(process.execPath, [path.join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.global.config.mjs', '--logLevel', 'error']);
  const globalOut = path.join(app, 'dist-global');
  const globalEmitted = fs.readdirSync(path.join(globalOut, 'assets'));
  assert.ok(globalEmitted.some((f) => f.endsWith('.wasm')), `vite emitted the wasm for the global page: ${globalEmitted.join(', ')}`);
  const globalHost = await staticServer(globalOut);
  const g = await chat(`${globalHost.url}/global.html`);
  assert.deepEqual(g.result, REPLY, `global page: ${JSON.stringify(g)}`);
  assert.deepEqual(g.problems, []);
  assert.ok(g.wasm.some((w) => w.status === 200 && w.type === 'application/wasm' && /\/assets\/[^/]*\.wasm$/.test(w.url)), JSON.stringify(g.wasm));
});

test('webpack 5 (no config: ./src/index.js to ./dist/main.js): emits the wasm, connects and chats', async () => {
  const out = path.join(app, 'dist-webpack');
  fs.rmSync(out, { recursive: true, force: true });
  const { default: webpack } = await import(pathToFileURL(path.join(app, 'node_modules', 'webpack', 'lib', 'index.js')).href);
  // Only the defaults the CLI would use with no webpack.config.js, except
  // the output folder (so that the Vite build's dist/ stays apart).
  const stats = await new Promise((resolve, reject) => webpack({ context: app, mode: 'production', output: { path: out } },
    (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  assert.ok(fs.readdirSync(out).some((f) => f.endsWith('.wasm')), `webpack emitted the wasm: ${fs.readdirSync(out).join(', ')}`);
  fs.writeFileSync(path.join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="main.js"></script>\n');
  const host = await staticServer(out);
  const r = await chat(`${host.url}/`);
  assert.deepEqual(r.result, REPLY, JSON.stringify(r));
  assert.deepEqual(r.problems, []);
});

test('esbuild (default IIFE bundle; the wasm copied beside it): connects and chats, for both entries', async () => {
  const out = path.join(app, 'out-esbuild');
  await sh(path.join(app, 'node_modules', '.bin', 'esbuild'), ['src/index.js', 'src/global-entry.js', '--bundle', '--minify', `--outdir=${out}`, '--log-level=error']);
  fs.copyFileSync(path.join(app, 'node_modules', 'cxone-chat-wasm', 'dist', 'cxone-chat.wasm'), path.join(out, 'cxone-chat.wasm'));
  fs.writeFileSync(path.join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="index.js"></script>\n');
  fs.writeFileSync(path.join(out, 'global.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="global-entry.js"></script>\n');
  const host = await staticServer(out);
  for (const pageName of ['index.html', 'global.html']) {
    const r = await chat(`${host.url}/${pageName}`);
    assert.deepEqual(r.result, REPLY, `${pageName}: ${JSON.stringify(r)}`);
    assert.deepEqual(r.problems, []);
  }
});
