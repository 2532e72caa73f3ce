// The sandbox from the point of view of pages that are not its own (issue
// 14, points 7 and 9; issue 11, compressed serving), in Chromium: a page
// on another loopback port, a sandboxed iframe (Origin: null) in it, and a
// DNS-rebound name. Each attack of the issue is tried and must fail; a page
// on another port must still chat through the SDK; the wasm is served
// precompressed and revalidated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { root, startSandbox, launchBrowser, openPage, waitFor, adminFetch } from './harness.mjs';

const REBIND = 'rebind.test'; // Chromium resolves it to 127.0.0.1, as a rebinding DNS would

let sandbox;
let browser;
let other; // {url, close}: the page on another loopback port

const admin = (method, p, body) => adminFetch(sandbox.url, method, p, body);

/** The page on another loopback port: an empty page, a page with a sandboxed iframe, and a chat page using the SDK from its own /dist. */
function otherOrigin() {
  const chatPage = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>elsewhere</title>
<script type="module">
  import ChatSdk, { ChatEvent, EnvironmentName } from '/dist/index.js';
  const base = new URLSearchParams(location.search).get('sandbox');
  window.replies = [];
  window.chat = async (customerId, threadId, text) => {
    const sdk = new ChatSdk({
      brandId: 1086, channelId: 'chat_abc', customerId, environment: EnvironmentName.custom,
      customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
      cacheStorage: null, storage: null,
    });
    sdk.onChatEvent(ChatEvent.MESSAGE_CREATED, (e) => {
      const m = e.detail.data.message;
      if (m.direction === 'outbound') window.replies.push(m.messageContent.payload.text);
    });
    await sdk.connect();
    await sdk.getThread(threadId).sendTextMessage(text);
    return true;
  };
  window.ready = true;
</script>`;
  const pages = {
    '/blank.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>another port</title>',
    '/framed.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>framer</title>'
      + '<iframe name="opaque" sandbox="allow-scripts allow-forms" srcdoc="<p>sandboxed</p>"></iframe>',
    '/chat.html': chatPage,
  };
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer(async (req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    if (pages[p]) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(pages[p]);
      return;
    }
    if (/^\/dist\/[\w.-]+\.(js|wasm)$/.test(p)) {
      try {
        const body = await readFile(path.join(root, p));
        res.writeHead(200, { 'Content-Type': types[path.extname(p)] });
        res.end(body);
        return;
      } catch { /* 404 below */ }
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser([`--host-resolver-rules=MAP ${REBIND} 127.0.0.1`]);
  other = await otherOrigin();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await other?.close();
});

/** A victim chatting on the sandbox's own page: connected, one message sent on its thread. */
async function victim() {
  const customer = `victim-${crypto.randomUUID()}`;
  const thread = 'victim-thread';
  const p = await openPage(browser, `${sandbox.url}/js/test/pages/chat.html?customer=${customer}`);
  await waitFor(p.page, () => window.appReady === true);
  await p.page.evaluate(async (thread) => {
    const t = await window.app.start(thread);
    await t.sendTextMessage('my order number is 4711');
  }, thread);
  return { ...p, customer, thread };
}

/** The texts stored in a customer's thread: the customer's (inbound) or the agent's (outbound). */
async function storedTexts(customer, thread, direction = 'inbound') {
  const threads = await admin('GET', '/sandbox/threads');
  const t = threads.find((x) => x.customerId === customer && x.threadId === thread);
  return (t?.messages ?? []).filter((m) => m.direction === direction).map((m) => m.messageContent?.payload?.text);
}

/** The status of GET path, sent as it is (fetch would resolve "%2e%2e" before sending). */
const rawStatus = (p) => new Promise((resolve, reject) => {
  const u = new URL(sandbox.url);
  http.get({ host: u.hostname, port: u.port, path: p }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
});

/** In a page, fetch(url, init): {status, body} if the page could read the answer, {refused: true} if not, {opaque: true} for no-cors. */
const tryFetch = (pageOrFrame, url, init) => pageOrFrame.evaluate(async ([url, init]) => {
  try {
    const r = await fetch(url, init);
    if (r.type === 'opaque') return { opaque: true };
    return { status: r.status, body: await r.text() };
  } catch (e) {
    return { refused: true, error: String(e) };
  }
}, [url, init]);

test('a page on another loopback port cannot drive the admin, fault and code routes with simple POSTs', async () => {
  const v = await victim();
  const { page, context } = await openPage(browser, `${other.url}/blank.html`);
  const codesBefore = (await admin('GET', '/sandbox/auth/stats')).codesIssued ?? 0;
  const simple = (p, body) => tryFetch(page, sandbox.url + p, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body) });
  // Forge an agent message into the victim's chat, drop its socket, fail its sends, mint a code.
  await simple('/sandbox/agent/send', { brandId: 1086, channelId: 'chat_abc', customerId: v.customer, threadId: v.thread, text: 'FORGED: send your password' });
  await simple('/sandbox/push?brandId=1086&channelId=chat_abc&customerId=' + v.customer, { eventId: 'x', eventType: 'MessageCreated', data: {} });
  await simple('/sandbox/faults/drop', { customerId: v.customer });
  await simple('/sandbox/faults/error', { eventType: '*', count: 100 });
  await simple('/sandbox/auth/code', { customerId: 'cust-ann', brandId: 1086 });
  await simple('/sandbox/auth/block', { ip: '127.0.0.1', blocked: true });
  // The JSON a real admin call sends is preflighted, and the preflight refused.
  const json = await tryFetch(page, sandbox.url + '/sandbox/faults/drop', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(json.refused, true, `a JSON POST from another origin was let through: ${JSON.stringify(json)}`);

  assert.equal((await storedTexts(v.customer, v.thread, 'outbound')).some((t) => t?.startsWith('FORGED')), false, 'no forged agent message');
  const faults = await admin('GET', '/sandbox/faults');
  assert.equal(faults.counts.dropped, 0, 'no socket dropped');
  assert.equal(faults.active.error, 0, 'no error fault set');
  assert.equal((await admin('GET', '/sandbox/auth/stats')).codesIssued ?? 0, codesBefore, 'no code minted');
  // The victim chats on, unharmed (the IP was not blocked, the socket not dropped, sends not failed).
  await v.page.evaluate(async () => { await window.app.thread.sendTextMessage('still here'); });
  assert.deepEqual(await storedTexts(v.customer, v.thread), ['my order number is 4711', 'still here']);
  assert.equal(await v.page.evaluate(() => window.app.received.some((m) => m.messageContent.payload.text?.startsWith('FORGED'))), false);
  await context.close();
  await v.context.close();
});

test('a page on another loopback port cannot read the received log, the threads or the faults', async () => {
  const v = await victim();
  const { page, context } = await openPage(browser, `${other.url}/blank.html`);
  for (const p of ['/sandbox/received', '/sandbox/threads', '/sandbox/faults', '/sandbox/auth/stats', '/replay/log']) {
    const r = await tryFetch(page, sandbox.url + p, { credentials: 'include' });
    assert.equal(r.refused, true, `${p} was readable from another origin: ${JSON.stringify(r).slice(0, 200)}`);
  }
  await context.close();
  await v.context.close();
});

test('a sandboxed iframe (Origin: null) cannot read frames, threads or mint codes, nor post a form', async () => {
  const v = await victim();
  const { page, context } = await openPage(browser, `${other.url}/framed.html`);
  // From the element, not page.frame({ name }): Playwright may not know the
  // frame's name yet when the page's load resolves (it returned null once).
  const frame = await (await page.waitForSelector('iframe[name=opaque]')).contentFrame();
  await frame.waitForLoadState();
  assert.equal(await frame.evaluate(() => self.origin), 'null', 'the frame has an opaque origin');
  const codesBefore = (await admin('GET', '/sandbox/auth/stats')).codesIssued ?? 0;
  const received = await tryFetch(frame, sandbox.url + '/sandbox/received', { credentials: 'include' });
  assert.equal(received.refused, true, `the received log (socket URLs with transaction tokens) was readable: ${JSON.stringify(received).slice(0, 200)}`);
  const threads = await tryFetch(frame, sandbox.url + '/sandbox/threads', {});
  assert.equal(threads.refused, true, `every customer's threads were readable: ${JSON.stringify(threads).slice(0, 200)}`);
  const code = await tryFetch(frame, sandbox.url + '/sandbox/auth/code', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ customerId: 'cust-ann', brandId: 1086 }) });
  assert.equal(code.refused, true, `a code was minted and read: ${JSON.stringify(code)}`);
  // The chat routes do not serve opaque origins either: any site can make one.
  const info = await tryFetch(frame, sandbox.url + '/chat/1.0/brand/1086/channel/chat_abc', {});
  assert.equal(info.refused, true, 'the chat REST answered an opaque origin');
  const socket = await frame.evaluate((url) => new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.onopen = () => { ws.close(); resolve('open'); };
    ws.onerror = () => resolve('refused');
  }), `${sandbox.url.replace(/^http/, 'ws')}/gw?brandId=1086&channelId=chat_abc&customerId=${v.customer}`);
  assert.equal(socket, 'refused', 'a socket naming the victim opened from an opaque origin');
  // The classic CSRF: a form posted as text/plain into a frame.
  const action = `${sandbox.url}/sandbox/faults/drop`;
  const answered = new Promise((resolve) => {
    page.on('response', (r) => { if (r.url() === action) resolve(r.status()); });
    page.on('requestfailed', (r) => { if (r.url() === action) resolve(r.failure()?.errorText); });
  });
  await frame.evaluate(([action, customer]) => {
    const sink = document.createElement('iframe');
    sink.name = 'sink';
    document.body.append(sink);
    const f = document.createElement('form');
    Object.assign(f, { method: 'POST', enctype: 'text/plain', action, target: 'sink' });
    const i = document.createElement('input');
    Object.assign(i, { name: '{"customerId":"' + customer + '","x":"', value: '"}' });
    f.append(i);
    document.body.append(f);
    f.submit();
  }, [action, v.customer]);
  assert.equal(await answered, 403, 'the sandbox refused the form');
  assert.equal((await admin('GET', '/sandbox/faults')).counts.dropped, 0, 'the form dropped no socket');
  assert.equal((await admin('GET', '/sandbox/auth/stats')).codesIssued ?? 0, codesBefore, 'no code minted');
  await context.close();
  await v.context.close();
});

/** A POST as Node sends it, with the Origin header given: {status, body}. */
const rawPost = (base, p, headers, body) => new Promise((resolve, reject) => {
  const u = new URL(base);
  const req = http.request({ host: u.hostname, port: u.port, path: p, method: 'POST', headers }, (res) => {
    let text = '';
    res.on('data', (d) => { text += d; });
    res.on('end', () => resolve({ status: res.statusCode, body: text }));
  });
  req.on('error', reject);
  req.end(body);
});

test('-allow-origin: the named origin drives the control routes with JSON from a page; Origin: null, other origins and text/plain stay refused', async () => {
  // A second sandbox, started as a developer would to drive it from a dev
  // server on another port: -allow-origin names that page's origin.
  const allowed = await startSandbox(['-allow-origin', other.url]);
  const { page, context } = await openPage(browser, `${other.url}/framed.html`);
  try {
    const fault = { eventType: 'SendMessage', errorCode: 'x', errorMessage: 'by the allowed page', count: 1 };
    const json = await tryFetch(page, `${allowed.url}/sandbox/faults/error`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
    assert.equal(json.status, 200, `the allowed origin's JSON POST: ${JSON.stringify(json)}`);
    const faults = await tryFetch(page, `${allowed.url}/sandbox/faults`, {});
    assert.equal(faults.status, 200, 'the allowed origin reads the faults');
    assert.equal(JSON.parse(faults.body).active.error, 1, 'the fault it set is active');
    // Still JSON only: a simple text/plain POST is refused even from the allowed origin.
    const plain = await tryFetch(page, `${allowed.url}/sandbox/faults/error`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(fault) });
    assert.equal(plain.status, 415, `text/plain from the allowed origin: ${JSON.stringify(plain)}`);

    // A sandboxed iframe in that very page has Origin: null, never allowed.
    const frame = await (await page.waitForSelector('iframe[name=opaque]')).contentFrame();
    await frame.waitForLoadState();
    assert.equal(await frame.evaluate(() => self.origin), 'null');
    const fromNull = await tryFetch(frame, `${allowed.url}/sandbox/faults/error`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
    assert.equal(fromNull.refused, true, `a JSON POST from Origin: null went through: ${JSON.stringify(fromNull)}`);
    const headers = { 'Content-Type': 'application/json' };
    const asNull = await rawPost(allowed.url, '/sandbox/faults/error', { ...headers, Origin: 'null' }, JSON.stringify(fault));
    assert.equal(asNull.status, 403, `Origin: null: ${asNull.status} ${asNull.body}`);
    const unnamed = await rawPost(allowed.url, '/sandbox/faults/error', { ...headers, Origin: 'http://127.0.0.1:1' }, JSON.stringify(fault));
    assert.equal(unnamed.status, 403, `an origin the flag does not name: ${unnamed.status}`);
    assert.equal((await adminFetch(allowed.url, 'GET', '/sandbox/faults')).active.error, 1, 'only the allowed page set a fault');
    // The default sandbox, without the flag, refuses the same page's JSON POST.
    const without = await tryFetch(page, `${sandbox.url}/sandbox/faults/error`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
    assert.equal(without.refused, true, 'without -allow-origin the page is refused');
  } finally {
    await context.close();
    await allowed.stop();
  }
});

test('a DNS-rebound name reaches nothing: not the admin routes, not the pages, not the socket', async () => {
  const port = new URL(sandbox.url).port;
  const { page, context } = await openPage(browser, `${other.url}/blank.html`);
  for (const p of ['/sandbox/received', '/sandbox/threads', '/index.html', '/js/test/pages/chat.html']) {
    const res = await page.goto(`http://${REBIND}:${port}${p}`);
    assert.equal(res.status(), 421, `${p} through ${REBIND}`);
  }
  const socket = await page.evaluate((url) => new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.onopen = () => { ws.close(); resolve('open'); };
    ws.onerror = () => resolve('refused');
  }), `ws://${REBIND}:${port}/gw?brandId=1086&channelId=chat_abc&customerId=anyone`);
  assert.equal(socket, 'refused');
  await context.close();
});

test('-static serves the pages, never the repository: .git, Go sources, dotfiles, traversal are 404', async () => {
  for (const p of ['/', '/index.html', '/dist/index.js', '/js/test/pages/chat.html', '/bench/pages/ours.html']) {
    assert.equal((await fetch(sandbox.url + p)).status, 200, p);
  }
  for (const p of ['/.git/config', '/.git', '/go.mod', '/sandbox/main.go', '/sandbox/sim/auth.go', '/%2e%2e/', '/%2e%2e/go.mod', '/dist/%2e%2e/go.mod',
    '/.gitignore', '/.ci/run', '/dist/sandbox', '/js/test/harness.mjs', '/node_modules/playwright-core/package.json', '/dist/']) {
    assert.equal(await rawStatus(p), 404, p);
  }
});

test('a page on another loopback port still chats through the SDK', async () => {
  const { page, context, problems } = await openPage(browser, `${other.url}/chat.html?sandbox=${encodeURIComponent(sandbox.url)}`);
  await waitFor(page, () => window.ready === true);
  const customer = `elsewhere-${crypto.randomUUID()}`;
  assert.equal(await page.evaluate(([c]) => window.chat(c, 'elsewhere-thread', 'hello from another port'), [customer]), true);
  await waitFor(page, () => window.replies.length > 0);
  assert.deepEqual(await storedTexts(customer, 'elsewhere-thread').then((t) => t.slice(0, 1)), ['hello from another port']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the wasm comes precompressed (br) as application/wasm, decodes to the exact file, loads, connects, and is revalidated on the second visit', async () => {
  const wasmPath = path.join(root, 'dist', 'cxone-chat.wasm');
  const [wasm, br, st, brSt] = await Promise.all([readFile(wasmPath), readFile(wasmPath + '.br').catch(() => null), stat(wasmPath), stat(wasmPath + '.br').catch(() => null)]);
  assert.ok(br && brSt.mtimeMs >= st.mtimeMs, 'dist/cxone-chat.wasm.br is missing or stale: run ./build.sh');
  const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

  // As sent on the wire: the brotli stream, which decodes to the wasm.
  const raw = await new Promise((resolve, reject) => {
    http.get(`${sandbox.url}/dist/cxone-chat.wasm`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  assert.equal(raw.headers['content-encoding'], 'br');
  assert.equal(raw.headers['content-type'], 'application/wasm');
  assert.equal(raw.headers.vary, 'Accept-Encoding');
  assert.equal(sha(zlib.brotliDecompressSync(raw.body)), sha(wasm), 'the br body decodes to the exact wasm');
  assert.equal(raw.body.length, br.length);

  // In Chromium: the SDK loads from it and connects.
  const context = await browser.newContext();
  const page = await context.newPage();
  const wasmResponses = [];
  page.on('response', (r) => { if (new URL(r.url()).pathname === '/dist/cxone-chat.wasm') wasmResponses.push(r); });
  await page.goto(`${sandbox.url}/js/test/pages/chat.html`);
  await waitFor(page, () => window.appReady === true);
  await page.evaluate(async () => { await window.app.start('compressed'); });
  const first = wasmResponses[0];
  const h = await first.allHeaders();
  assert.equal(h['content-encoding'], 'br');
  assert.equal(h['content-type'], 'application/wasm');
  assert.ok(h.etag && h['last-modified'], 'a validator for the second visit');
  assert.match(h['cache-control'], /no-cache/, 'cached and revalidated (V8 keeps its code cache beside the cached response)');
  assert.equal(sha(await first.body()), sha(wasm), 'Chromium decoded the exact wasm');

  // The second visit: the wasm comes from the HTTP cache after a 304, not over the wire again.
  await page.reload();
  await waitFor(page, () => window.appReady === true);
  await page.evaluate(async () => { await window.app.start('second-visit'); });
  const entry = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/dist/cxone-chat.wasm'))?.toJSON());
  assert.ok(entry, 'the wasm was fetched on the second visit');
  assert.ok(entry.encodedBodySize > 100000 && entry.transferSize < 2000, `the body came from the cache: transfer ${entry.transferSize} B, body ${entry.encodedBodySize} B`);
  await context.close();
});
