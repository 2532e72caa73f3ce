// Early sockets (issue 11, start-up path): connect() called while the wasm is
// still downloading opens the gateway socket at once; the core takes it over
// only when the URL it builds is the same. The wasm is held back by the test
// (a Playwright route on the .wasm request), so "before the runtime" is a
// fact of the test, not a race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, waitFor, adminFetch } from './harness.mjs';

const env = sandboxAndBrowser();

const customerKey = 'cxone-chat-wasm:1086:chat_abc:customerId';

// A page of early.html in context whose wasm request waits for release();
// before(page) installs more routes before the page loads.
async function heldPage(context, before) {
  const page = await context.newPage();
  await before?.(page);
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  let served = false;
  await page.route(/\.wasm(\.br|\.gz)?(\?.*)?$/, async (route) => {
    await gate;
    served = true;
    await route.continue();
  });
  const sockets = [];
  page.on('websocket', (ws) => {
    const s = { url: ws.url(), closed: false, sent: 0, ws };
    ws.on('close', () => { s.closed = true; });
    ws.on('framesent', () => { s.sent++; });
    sockets.push(s);
  });
  await page.goto(`${env.sandbox.url}/js/test/pages/early.html`);
  await waitFor(page, () => window.appReady === true);
  return { page, sockets, release, served: () => served };
}

// Builds a ChatSdk on the sandbox in the page and calls connect() without
// waiting; storage: 'local' (localStorage), 'careless' (a storage whose
// customer id changes at every read), or null.
function startChat(page, storage, extra = {}) {
  return page.evaluate(([storage, extra]) => {
    const { ChatSdk, EnvironmentName } = window.mod;
    const base = location.origin;
    const careless = {
      items: new Map(),
      getItem(k) { return k.endsWith(':customerId') ? crypto.randomUUID() : this.items.get(k) ?? null; },
      setItem(k, v) { this.items.set(k, String(v)); },
      removeItem(k) { this.items.delete(k); },
    };
    window.sdk = new ChatSdk({
      brandId: 1086,
      channelId: 'chat_abc',
      customerName: 'Early Bird',
      environment: EnvironmentName.custom,
      customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
      storage: storage === 'local' ? localStorage : storage === 'careless' ? careless : null,
      cacheStorage: null,
      ...extra,
    });
    window.connecting = window.sdk.connect();
    window.connecting.catch(() => {});
  }, [storage, extra]);
}

// After connect(): one message on a new thread; what the page knows.
function sendOne(page, text) {
  return page.evaluate(async (text) => {
    await window.connecting;
    const thread = window.sdk.getThread(`early-${crypto.randomUUID()}`);
    await thread.sendTextMessage(text);
    return {
      early: window.mod.ChatSdk._earlySockets(),
      customerId: window.sdk.getCustomer().getId(),
      stored: localStorage.getItem('cxone-chat-wasm:1086:chat_abc:customerId'),
      visitor: localStorage.getItem('visitorId'),
      threadId: thread.idOnExternalPlatform,
    };
  }, text);
}

async function sandboxThread(threadId) {
  const threads = await adminFetch(env.sandbox.url, 'GET', '/sandbox/threads');
  return threads.find((t) => t.threadId === threadId);
}

test('connect() opens the socket while the wasm is still downloading, and the core talks over that socket', async () => {
  const context = await env.browser.newContext();
  try {
    for (const visit of ['first visit', 'returning visitor']) {
      const h = await heldPage(context);
      // Bounded: without early sockets none opens while the wasm is held.
      const firstSocket = h.page.waitForEvent('websocket', { timeout: 10000 });
      await startChat(h.page, 'local');
      const ws = await firstSocket;
      assert.equal(h.served(), false, `${visit}: the socket was opened before the wasm arrived`);
      // A thread's synchronous calls before the runtime is there wait for it.
      assert.equal(await h.page.evaluate(() => {
        try { window.sdk.getThread('typed-early').keystroke(100); return 'ok'; } catch (e) { return e.message; }
      }), 'ok', visit);
      assert.match(ws.url(), /\/gw\?v=0&sdkPlatform=web&sdkVersion=3\.3\.0&brandId=1086&channelId=chat_abc&customerId=[0-9a-f-]{36}&visitorId=[0-9a-f-]{36}$/);
      h.release();
      const r = await sendOne(h.page, `hello early (${visit})`);
      assert.deepEqual(r.early, { opened: 1, adopted: 1, unused: 0 }, visit);
      assert.equal(h.sockets.length, 1, `${visit}: one socket in all: ${h.sockets.map((s) => s.url).join(', ')}`);
      assert.ok(h.sockets[0].sent >= 1, `${visit}: the core's frames went over the early socket (${h.sockets[0].sent})`);
      // The ids the URL named are the ones the session has, and are kept.
      assert.equal(r.customerId, r.stored, visit);
      assert.ok(ws.url().includes(`customerId=${r.customerId}&visitorId=${r.visitor}`), `${visit}: ${ws.url()}`);
      const t = await sandboxThread(r.threadId);
      assert.equal(t?.customerId, r.customerId, visit);
      assert.deepEqual(t.messages.filter((m) => m.direction === 'inbound').map((m) => m.messageContent.payload.text), [`hello early (${visit})`]);
      if (visit === 'first visit') context.firstCustomer = r.customerId;
      else assert.equal(r.customerId, context.firstCustomer, 'the returning visitor keeps its customer id');
      await h.page.close();
    }
  } finally {
    await context.close();
  }
});

test('an early socket to a URL the core does not build is closed unused, and the core dials its own', async () => {
  const context = await env.browser.newContext();
  try {
    const h = await heldPage(context);
    const firstSocket = h.page.waitForEvent('websocket', { timeout: 10000 });
    await startChat(h.page, 'careless');
    const early = await firstSocket;
    h.release();
    const r = await sendOne(h.page, 'hello from a careless page');
    assert.deepEqual(r.early, { opened: 1, adopted: 0, unused: 1 });
    assert.equal(h.sockets.length, 2, h.sockets.map((s) => s.url).join(', '));
    assert.notEqual(h.sockets[1].url, h.sockets[0].url);
    if (!h.sockets[0].closed) await early.waitForEvent('close', { timeout: 10000 });
    assert.equal(h.sockets[0].sent, 0, 'nothing was written to the socket the core did not build');
    assert.ok(h.sockets[1].url.includes(`customerId=${r.customerId}&`), 'the core used the id it read');
    const t = await sandboxThread(r.threadId);
    assert.equal(t?.customerId, r.customerId, JSON.stringify({ r, t, urls: h.sockets.map((s) => s.url) }));
  } finally {
    await context.close();
  }
});

test('the guessed URL is the core\'s own for every region, custom URLs, query options and each way to find the ids', async () => {
  const context = await env.browser.newContext();
  try {
    const seen = [];
    const { page, release } = await heldPage(context, async (page) => {
      // Real regions must not be dialled from a test: every socket is
      // answered by Playwright in the page (never connected to a server);
      // the test only counts the sockets and their URLs.
      await page.routeWebSocket(/.*/, (ws) => { seen.push(ws.url()); });
      // The core reads channel info over REST beside the dial: for real
      // regions it is refused here, before it leaves the machine.
      await page.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.abort());
    });
    const cases = await page.evaluate(() => {
      const { ChatSdk, EnvironmentName } = window.mod;
      const regions = Object.values(EnvironmentName).filter((e) => e !== EnvironmentName.custom);
      const base = { brandId: 1086, channelId: 'chat_abc', cacheStorage: null, storage: null, requestTimeout: 600000 };
      const list = regions.map((environment) => ({ ...base, environment, customerId: `c-${environment}` }));
      list.push(
        { ...base, customerId: 'c-default-env' }, // NA1 when not said
        { ...base, brandId: '1086', customerId: 'c-brand-string', visitorId: 'v given' },
        { ...base, customerId: 'c-custom', environment: 'custom', customEnvironment: { name: 'x', chat: 'https://chat.example.test', gateway: 'WSS://gw.example.test:8443/a/b?drop=me#too', authorize: 'https://a.example.test' } },
        { ...base, customerId: 'c-query', appVersion: 2.5, networkRequestMetadata: { websocketQuery: { z: 'x y', 10: 3, 'ü&=': "é!*()'~", gone: undefined } } },
        { ...base, customerId: 'c-appversion', appVersion: '1.0-beta+1' },
        { ...base, customerId: 'c-name', customerName: 'Ann Example' },
        { ...base }, // no customer id, no storage: a new id, given to the core
        { ...base, channelId: 'chat_abc', storage: localStorage }, // no id kept yet: a new one, kept
      );
      window.sdks = list.map((o) => {
        const sdk = new ChatSdk(o);
        sdk.connect().catch(() => {});
        return sdk;
      });
      return list.length;
    });
    await waitFor(page, (n) => window.mod.ChatSdk._earlySockets().opened === n, cases);
    assert.equal(seen.length, cases, 'one early socket per instance before the wasm arrived');
    release();
    await waitFor(page, (n) => { const s = window.mod.ChatSdk._earlySockets(); return s.adopted + s.unused === n; }, cases, 30000);
    const stats = await page.evaluate(() => window.mod.ChatSdk._earlySockets());
    assert.deepEqual(stats, { opened: cases, adopted: cases, unused: 0 }, `URLs seen:\n${seen.join('\n')}`);
    assert.equal(seen.length, cases, `no second socket:\n${seen.join('\n')}`);
    assert.ok(seen.some((u) => u.startsWith('wss://chat-gw-de-eu2.nicecxone-sov1.eu/?v=0&')), seen.join('\n'));
    assert.ok(seen.some((u) => u.startsWith('wss://gw.example.test:8443/a/b?v=0&')), seen.join('\n'));
    assert.ok(seen.some((u) => u.includes('?10=3&z=x+y&%C3%BC%26%3D=%C3%A9%21%2A%28%29%27~&v=2.5&')), seen.join('\n'));
  } finally {
    await context.close();
  }
});

test('a secured session opens its socket from the core (its URL needs a transaction token)', async () => {
  const context = await env.browser.newContext();
  try {
    const h = await heldPage(context);
    await h.page.evaluate(() => {
      const { ChatSdk, EnvironmentName, SecureSessions } = window.mod;
      const base = location.origin;
      window.sdk = new ChatSdk({
        brandId: 1086, channelId: 'chat_secure', securedSession: SecureSessions.ANONYMOUS,
        environment: EnvironmentName.custom,
        customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
        storage: null, cacheStorage: null,
      });
      window.connecting = window.sdk.connect();
      window.connecting.catch(() => {});
    });
    assert.deepEqual(await h.page.evaluate(() => window.mod.ChatSdk._earlySockets()), { opened: 0, adopted: 0, unused: 0 });
    assert.equal(h.sockets.length, 0);
    h.release();
    await h.page.evaluate(() => window.connecting);
    assert.equal(h.sockets.length, 1);
    assert.match(h.sockets[0].url, /transactionToken=/);
  } finally {
    await context.close();
  }
});

// Frames the sandbox recorded from a customer, in order.
async function framesOf(customerId) {
  const all = await adminFetch(env.sandbox.url, 'GET', '/sandbox/received');
  return all.map((x) => x.frame ?? x).filter((f) => f?.payload?.consumerIdentity?.idOnExternalPlatform === customerId);
}

test('resetSession() while the wasm downloads: the old connect() opens nothing, its queued calls fail, the new customer connects', async () => {
  const context = await env.browser.newContext();
  try {
    const h = await heldPage(context);
    const oldCustomer = `old-${crypto.randomUUID()}`;
    const newCustomer = `new-${crypto.randomUUID()}`;
    const firstSocket = h.page.waitForEvent('websocket', { timeout: 10000 });
    await startChat(h.page, null, { customerId: oldCustomer });
    await firstSocket;
    await h.page.evaluate((newCustomer) => {
      const t = window.sdk.getThread('t-old');
      window.queued = t.sendTextMessage('never').then(() => 'sent', (e) => e.code);
      t.keystrokeForPreview('never either', 50);
      window.oldConnect = window.connecting.then(() => 'resolved', (e) => e.code);
      window.reset = window.sdk.resetSession(newCustomer);
    }, newCustomer);
    h.release();
    const r = await h.page.evaluate(async () => {
      await window.reset;
      const thread = window.sdk.getThread(`t-new-${crypto.randomUUID()}`);
      await thread.sendTextMessage('hello as the new customer');
      return { queued: await window.queued, oldConnect: await window.oldConnect, early: window.mod.ChatSdk._earlySockets(), id: window.sdk.getCustomer().getId() };
    });
    assert.deepEqual(r, { queued: 'closed', oldConnect: 'closed', early: { opened: 2, adopted: 1, unused: 1 }, id: newCustomer });
    const old = await framesOf(oldCustomer);
    assert.deepEqual(old.map((f) => f.payload.eventType), [], 'nothing was sent as the old customer');
    const fresh = await framesOf(newCustomer);
    assert.ok(!fresh.some((f) => JSON.stringify(f).includes('never')), 'no queued call reached the new session');
    const open = h.sockets.filter((x) => !x.closed);
    assert.equal(open.length, 1, 'one socket open: the new customer\'s');
    assert.ok(open[0].url.includes(`customerId=${newCustomer}&`));
  } finally {
    await context.close();
  }
});

test('calls made during the download reach the core in the order made, before the page\'s continuation of connect()', async () => {
  const context = await env.browser.newContext();
  try {
    const h = await heldPage(context);
    const customer = `order-${crypto.randomUUID()}`;
    await startChat(h.page, null, { customerId: customer });
    await h.page.evaluate(() => {
      const t = window.sdk.getThread(`t-order-${crypto.randomUUID()}`);
      window.done = Promise.all([
        t.setCustomField('color', 'blue'),
        (t.removeCustomField('color'), t.sendTextMessage('a')),
        window.connecting.then(() => t.sendTextMessage('b')),
      ]);
    });
    h.release();
    await h.page.evaluate(() => window.done);
    const sends = (await framesOf(customer)).filter((f) => f.payload.eventType === 'SendMessage');
    assert.deepEqual(sends.map((f) => f.payload.data.messageContent.payload.text), ['a', 'b']);
    assert.deepEqual(sends[0].payload.data.consumerContact?.customFields ?? [], [], 'the field set then removed during connect() is not sent');
  } finally {
    await context.close();
  }
});

test('an early socket that ended before the core asked is not handed over; the core dials anew and connects', async () => {
  const context = await env.browser.newContext();
  try {
    let n = 0;
    const { page, release } = await heldPage(context, (page) => page.routeWebSocket(/\/gw\?/, (ws) => {
      if (++n === 1) ws.close({ code: 1001, reason: 'idle proxy' });
      else ws.connectToServer();
    }));
    const events = [];
    await page.exposeFunction('record', (e) => events.push(e));
    await startChat(page, null, { customerId: `ended-${crypto.randomUUID()}` });
    await waitFor(page, () => window.mod.ChatSdk._earlySockets().opened === 1);
    assert.equal(n, 1);
    release();
    const r = await page.evaluate(async () => {
      await window.connecting;
      const ws = window.sdk.getWebsocketClient();
      for (const type of ['reconnecting', 'close']) ws.on?.(type, () => window.record(type));
      const thread = window.sdk.getThread(`t-ended-${crypto.randomUUID()}`);
      await thread.sendTextMessage('over a fresh socket');
      return window.mod.ChatSdk._earlySockets();
    });
    assert.deepEqual(r, { opened: 1, adopted: 0, unused: 1 });
    assert.equal(n, 2, 'the core opened its own socket');
    assert.deepEqual(events, []);
  } finally {
    await context.close();
  }
});

test('a second connect() during the download, and options the core refuses, open no second or wrong socket and write nothing', async () => {
  const context = await env.browser.newContext();
  try {
    const h = await heldPage(context);
    await startChat(h.page, 'local');
    await h.page.evaluate(() => { window.second = window.sdk.connect(); });
    const refused = await h.page.evaluate(() => {
      const { ChatSdk, EnvironmentName } = window.mod;
      const base = location.origin;
      const out = [];
      for (const extra of [{ channelId: '' }, { brandId: ' 1086' }, { brandId: '1086.0' }, { brandId: true }, { brandId: [1086] }]) {
        const before = localStorage.length;
        try {
          const sdk = new ChatSdk({ brandId: 1086, channelId: 'chat_zzz', environment: EnvironmentName.custom, customEnvironment: { name: 's', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base }, storage: localStorage, cacheStorage: null, onError: () => {}, ...extra });
          sdk.connect().catch(() => {});
        } catch { /* refused at construction */ }
        out.push(localStorage.length - before);
      }
      return { written: out, early: window.mod.ChatSdk._earlySockets() };
    });
    assert.deepEqual(refused, { written: [0, 0, 0, 0, 0], early: { opened: 1, adopted: 0, unused: 0 } }, 'one early socket: the first chat\'s, for both its connect() calls');
    h.release();
    const r = await sendOne(h.page, 'after two connect() calls');
    await h.page.evaluate(() => window.second);
    assert.deepEqual(r.early, { opened: 1, adopted: 1, unused: 0 });
    assert.equal(h.sockets.filter((x) => x.url.includes('chat_abc')).length, 1);
  } finally {
    await context.close();
  }
});
