// The shim's socket module (js/socket.js) on its own, for three guards the
// SDK's own pages cannot reach: an address past 2 GiB from the frame
// buffer export, frames that reach a runtime that has exited, and the
// replay of an early socket's frames when the core closes it meanwhile.
// Real sockets to the sandbox's replay gateway (/replay/gw, frames pushed
// with POST /replay/push) and a real wasm module with the two frame
// exports (js/test/pages/socket.html), over a real 2 GiB memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sandboxAndBrowser, openPage, waitFor, adminFetch, root } from './harness.mjs';

const env = sandboxAndBrowser();

// The sandbox serves only page files (not the shim's sources): /shim/X.js
// is answered with js/X.js of this checkout.
async function socketPage() {
  const t = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/socket.html`);
  await t.page.route(/\/shim\/[a-z]+\.js$/, (route) => route.fulfill({
    path: path.join(root, 'js', path.basename(new URL(route.request().url()).pathname)),
    contentType: 'text/javascript',
  }));
  await t.page.evaluate(async () => { window.sock = await import('/shim/socket.js'); });
  return t;
}

const push = (frame) => adminFetch(env.sandbox.url, 'POST', '/replay/push', frame);

// Resolves once the replay gateway has taken the socket of the URL ending
// in `query` (a browser may see 'open' before the server has it, and a
// push reaches only the sockets the server has).
const registered = (page, query) => waitFor(page, async (query) => {
  const log = await fetch('/replay/log').then((r) => r.json());
  return log.some((e) => e.kind === 'ws-open' && typeof e.v === 'string' && e.v.endsWith(query));
}, query);

// Hands the page's socket module a frame module (socket.html frameModule)
// as the runtime's exports, whose exited() answers `exited`, and opens a
// socket to the replay gateway under `query` whose frames go through the
// exports as socket `id`; resolves once the gateway has the socket.
async function exportsAndSocket(page, { pages, at, exited, query, id }) {
  await page.evaluate(async ({ pages, at, exited, query, id }) => {
    window.m = await window.frameModule(pages, at);
    window.resumed = 0;
    window.sock.useExports(window.m.exports, () => { window.resumed++; }, () => exited);
    window.got = [];
    window.h = window.sock.openSocket(location.origin.replace(/^http/, 'ws') + '/replay/gw' + query, 1 << 20, (...a) => window.got.push(a[0]), id);
  }, { pages, at, exited, query, id });
  await registered(page, query);
}

test('a frame buffer past 2 GiB: the address the export returns (negative as an i32) is read unsigned, and the frame goes into wasm memory there', async () => {
  const { page, context, problems } = await socketPage();
  try {
    const at = 0x80000010;
    // 32769 pages: 2 GiB and 64 KiB, so that `at` and the frames after it fit.
    await exportsAndSocket(page, { pages: 32769, at, exited: false, query: '?t=high', id: 7 });
    // A small frame (encoded into the room the export gives) and one over
    // 64 KiB of room (encoded first, then copied there): two paths.
    const frames = ['{"eventType":"Ping","text":"über"}', `{"eventType":"Ping","text":"${'x'.repeat(30000)}"}`];
    for (const [i, frame] of frames.entries()) {
      await push(frame);
      await waitFor(page, (n) => window.seen === n, i + 1);
      const r = await page.evaluate((at) => {
        const c = window.m.calls();
        return { ...c, text: new TextDecoder().decode(new Uint8Array(window.m.mem.buffer, at, c.n)), got: window.got, resumed: window.resumed };
      }, at);
      assert.deepEqual(r, { id: 7, n: new TextEncoder().encode(frame).length, count: i + 1, text: frame, got: ['open'], resumed: i + 1 }, `frame ${i}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a frame that reaches a runtime that has exited is dropped: not handed to its exports, not resumed, not delivered', async () => {
  const { page, context, problems } = await socketPage();
  try {
    await exportsAndSocket(page, { pages: 1, at: 1024, exited: true, query: '?t=exited', id: 3 });
    await push('{"eventType":"Ping"}');
    await waitFor(page, () => window.seen === 1);
    const r = await page.evaluate(() => ({ calls: window.m.calls().count, resumed: window.resumed, got: window.got }));
    assert.deepEqual(r, { calls: 0, resumed: 0, got: ['open'] });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an early socket the core closes while its kept frames are replayed: the replay stops there', async () => {
  const { page, context, problems } = await socketPage();
  try {
    const url = await page.evaluate(() => {
      const url = location.origin.replace(/^http/, 'ws') + '/replay/gw?t=early';
      window.release = window.sock.openEarly(url);
      return url;
    });
    // The early socket keeps what arrives before the core takes it over.
    await registered(page, '?t=early');
    for (const n of [1, 2, 3]) await push(`{"eventType":"Ping","n":${n}}`);
    await waitFor(page, () => window.seen === 3);
    const got = await page.evaluate(async (url) => {
      const got = [];
      let h;
      // The core's deliver: it closes the socket on the first frame replayed.
      h = window.sock.openOrAdopt(url, 4 << 20, (kind) => { got.push(kind); if (kind === 'frame') h.close(); }, 9);
      await null; // the replay, a microtask openOrAdopt queued, has run when this returns
      return { got, adopted: window.sock.earlyStats.adopted };
    }, url);
    assert.deepEqual(got, { got: ['open', 'frame'], adopted: 1 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
