// Drop-in fidelity with the reference 3.3.0 (issue 10, points 2, 3, 4 and 6):
// what the page sets on its Customer reaches the wire, the constructor's
// secured-session checks, the cacheStorage option, the visitor id, X-Trace-ID,
// the streamed-event detail, setCustomFields' result and GET retries. Each
// is checked in Chromium against the sandbox: by what the sandbox received
// (frames, socket URLs, HTTP headers) and by what the page got back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser(['-agent-delay', '5ms']);

async function admin(path) {
  return (await fetch(`${env.sandbox.url}${path}`)).json();
}

// The frames the sandbox received on sockets whose URL names customer
// (guest sessions) or whose frames name it.
async function sentBy(customer) {
  const all = await admin('/sandbox/received');
  return all.filter((e) => e.query.includes(`customerId=${encodeURIComponent(customer)}`) || e.frame?.payload?.consumerIdentity?.idOnExternalPlatform === customer);
}

async function authPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  return { page, problems };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('Customer.setName/setImage/setId reach the wire: later frames carry the split name and image, the agent sees the name, own messages have authors', async () => {
  const { page, context, problems } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const customer = `fid-name-${crypto.randomUUID()}`;
  const renamed = `fid-renamed-${crypto.randomUUID()}`;
  const r = await page.evaluate(async ({ customer, renamed }) => {
    const { app } = window;
    const m = await import('/dist/index.js');
    const sdk = app.make({ customerId: customer, storage: null });
    const echoes = [];
    sdk.onChatEvent('MessageCreated', (e) => {
      const msg = e.detail.data.message;
      if (msg.direction === 'inbound') echoes.push({ text: msg.messageContent.payload.text, author: m.getAuthor(msg) });
    });
    await sdk.connect();
    const t = sdk.getThread('fid-name-thread');
    await t.sendTextMessage('before any name');
    const cu = sdk.getCustomer();
    cu.setName('Mary Ann  Smith');
    cu.setImage('https://example.invalid/mary.png');
    await t.sendTextMessage('with a name');
    cu.setId(renamed);
    await t.sendTextMessage('with a new id');
    const deadline = Date.now() + 5000;
    while (echoes.length < 3 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    return { echoes, id: cu.getId(), name: cu.getName() };
  }, { customer, renamed });
  const sends = (await sentBy(customer)).map((e) => e.frame.payload).filter((p) => p.eventType === 'SendMessage');
  const text = (p) => p.data.messageContent.payload.text;
  const byText = Object.fromEntries(sends.map((p) => [text(p), p.consumerIdentity]));
  assert.deepEqual(byText['before any name'], { idOnExternalPlatform: customer });
  assert.deepEqual(byText['with a name'], { idOnExternalPlatform: customer, firstName: 'Mary', lastName: 'Ann  Smith', image: 'https://example.invalid/mary.png' },
    'splitName: the first word, then the rest as it was');
  assert.deepEqual(byText['with a new id'], { idOnExternalPlatform: renamed, firstName: 'Mary', lastName: 'Ann  Smith', image: 'https://example.invalid/mary.png' });
  const threads = (await admin('/sandbox/threads')).filter((t) => t.customerId === customer && t.threadId === 'fid-name-thread');
  assert.equal(threads.length, 1);
  assert.equal(threads[0].customer.fullName, 'Mary Ann  Smith', 'the agent sees the name');
  const authors = Object.fromEntries(r.echoes.map((e) => [e.text, e.author]));
  assert.equal(authors['with a name'], 'Mary Ann  Smith', "the customer's own message has its author");
  assert.equal(authors['before any name'], '', 'no name was set yet');
  assert.deepEqual([r.id, r.name], [renamed, 'Mary Ann  Smith']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('customerName and customerImage given before connect go on the first frame', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const customer = `fid-opt-${crypto.randomUUID()}`;
  await page.evaluate(async (customer) => {
    const sdk = window.app.make({ customerId: customer, customerName: 'Ann', storage: null });
    sdk.getCustomer().setImage('https://example.invalid/ann.png'); // before connect: the client does not exist yet
    await sdk.connect();
    await sdk.getThreadList();
  }, customer);
  const first = (await sentBy(customer))[0].frame.payload;
  assert.deepEqual(first.consumerIdentity, { idOnExternalPlatform: customer, firstName: 'Ann', lastName: '', image: 'https://example.invalid/ann.png' });
  await context.close();
});

test('customerId "" with anonymous secured sessions throws the reference error from the constructor, onError or not', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(() => {
    const { app } = window;
    const attempt = (extra) => {
      try { app.make(extra); return 'no throw'; } catch (e) { return `${e.name}|${e.message}|${e.code}`; }
    };
    return {
      empty: attempt({ customerId: '', securedSession: app.SecureSessions.ANONYMOUS }),
      emptyNoOnError: attempt({ customerId: '', securedSession: app.SecureSessions.ANONYMOUS, onError: undefined }),
      cookies: attempt({ customerId: 'x', securedSession: app.SecureSessions.SECURED_COOKIES }),
      given: attempt({ customerId: 'guest-1', securedSession: app.SecureSessions.ANONYMOUS }),
      omitted: attempt({ securedSession: app.SecureSessions.ANONYMOUS }),
      errors: app.log.errors.length,
    };
  });
  assert.equal(r.empty, 'ChatSDKError|[ChatSDKError]: The CustomerId cannot be empty string when "anonymous" secured sessions are enabled|invalid-argument');
  assert.equal(r.emptyNoOnError, r.empty);
  assert.equal(r.cookies, 'ChatSDKError|[ChatSDKError]: The CustomerId cannot be set when secured sessions are enabled|invalid-argument');
  assert.equal(r.given, 'no throw');
  assert.equal(r.omitted, 'no throw');
  assert.equal(r.errors, 0, 'thrown, not reported through onError (as the reference)');
  await context.close();
});

test('cacheStorage: the transaction token answer is kept under the CacheStorage prefix; a reload uses it; clearing it gives a new identity', async () => {
  const context = await env.browser.newContext();
  const session = async () => {
    const { page, problems } = await authPage(context);
    const r = await page.evaluate(async () => {
      const { app } = window;
      const m = await import('/dist/index.js');
      const sdk = app.make({ securedSession: app.SecureSessions.ANONYMOUS, cacheStorage: new m.CacheStorage(localStorage, 'CHAT_SDK_CACHE_'), storage: localStorage });
      await sdk.connect();
      const keys = Object.keys(localStorage).sort();
      const ttr = JSON.parse(localStorage.getItem('CHAT_SDK_CACHE_TTR'));
      return {
        id: sdk.getCustomer().getId(), keys,
        ttr: ttr && { token: typeof ttr.data?.accessToken, identity: ttr.data?.customerIdentity?.idOnExternalPlatform, expiresInFuture: ttr.expiresAt > Date.now() },
      };
    });
    assert.deepEqual(problems, []);
    await page.close();
    return r;
  };
  const requests = async () => { const s = await admin('/sandbox/auth/stats'); return (s.cookie ?? 0) + (s.anonymous ?? 0); };
  const n0 = await requests();
  const a = await session();
  assert.ok(a.id, 'the authorize service named a customer');
  assert.deepEqual(a.ttr, { token: 'string', identity: a.id, expiresInFuture: true }, 'the answer is cached as the reference caches it ({data, expiresAt})');
  assert.deepEqual(a.keys.filter((k) => /TTR/.test(k)), ['CHAT_SDK_CACHE_TTR'], 'under the prefix, and nowhere else');
  assert.equal(await requests(), n0 + 1);

  const b = await session();
  assert.equal(b.id, a.id, 'a reload takes the identity from the cache');
  assert.equal(await requests(), n0 + 1, 'without asking the authorize service');

  // The page clears its cache; the browser forgets the site's cookies.
  const { page } = await authPage(context);
  await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('CHAT_SDK_CACHE_')) localStorage.removeItem(k); });
  await page.close();
  await context.clearCookies();
  const c = await session();
  assert.notEqual(c.id, a.id, 'a new identity');
  assert.equal(await requests(), n0 + 2, 'asked anew');
  await context.close();
});

test('cacheStorage: null keeps no token in storage, as the reference: every load asks the authorize service', async () => {
  const context = await env.browser.newContext();
  const { page } = await authPage(context);
  const customer = `fid-nocache-${crypto.randomUUID()}`;
  const stats0 = (await admin('/sandbox/auth/stats')).anonymous ?? 0;
  const connectOnce = () => page.evaluate(async (customerId) => {
    const sdk = window.app.make({ customerId, securedSession: window.app.SecureSessions.ANONYMOUS, cacheStorage: null, storage: localStorage });
    await sdk.connect();
    return Object.keys(localStorage).sort();
  }, customer);
  const keys = await connectOnce();
  await connectOnce();
  assert.deepEqual(keys.filter((k) => /TTR|token/i.test(k)), [], `storage keys: ${keys}`);
  assert.equal(((await admin('/sandbox/auth/stats')).anonymous ?? 0) - stats0, 2);
  await context.close();
});

test('a visitor id is generated, kept in storage, and sent on the socket URL and as payload.visitor.id of every frame', async () => {
  const context = await env.browser.newContext();
  const customer = `fid-visitor-${crypto.randomUUID()}`;
  const load = async (extra) => {
    const { page } = await authPage(context);
    const r = await page.evaluate(async ({ customer, extra }) => {
      const sdk = window.app.make({ customerId: customer, storage: localStorage, ...extra });
      await sdk.connect();
      await sdk.getThread('fid-visitor-thread').sendTextMessage('hello');
      await sdk.getThreadList();
      return localStorage.getItem('visitorId');
    }, { customer, extra });
    await page.close();
    return r;
  };
  const stored = await load({});
  assert.match(stored, uuid);
  assert.equal(await load({}), stored, 'the next load keeps the visitor');
  const frames = await sentBy(customer);
  assert.ok(frames.length >= 4);
  for (const e of frames) {
    assert.equal(new URLSearchParams(e.query).get('visitorId'), stored, `socket URL ${e.query}`);
    assert.deepEqual(e.frame.payload.visitor, { id: stored }, e.frame.payload.eventType);
  }
  assert.equal(await load({ visitorId: 'visitor-from-page' }), 'visitor-from-page', 'an option wins, and is stored');
  await context.close();
});

test('REST calls carry an X-Trace-ID: a new uuid per call, or the page\'s x-trace-id', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const traces = [];
  page.on('request', (req) => { if (req.url().includes('/chat/1.0/')) traces.push([new URL(req.url()).pathname.split('/').at(-1), req.headers()['x-trace-id']]); });
  await page.evaluate(async () => {
    const sdk = window.app.make({ customerId: crypto.randomUUID(), isLivechat: false });
    await sdk.getChannelInfo();
    await sdk.getChannelAvailability();
    const fixed = window.app.make({ customerId: crypto.randomUUID(), isLivechat: false, networkRequestMetadata: { httpHeaders: { 'x-trace-id': 'trace-from-page', 'X-Sdk-Version': '0.0.1' } } });
    await fixed.getChannelAvailability();
  });
  assert.equal(traces.length, 3, JSON.stringify(traces));
  assert.match(traces[0][1], uuid);
  assert.match(traces[1][1], uuid);
  assert.notEqual(traces[0][1], traces[1][1], 'one per call');
  assert.equal(traces[2][1], 'trace-from-page');
  await context.close();
});

test('streamed-message events carry {id, createdAt, data} and no type, as the reference', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(async () => {
    const sdk = window.app.make({ customerId: crypto.randomUUID() });
    const seen = [];
    for (const type of ['StreamedMessageStarted', 'StreamedMessageDelta', 'StreamedMessageCompleted', 'StreamedMessageFailed']) {
      sdk.onChatEvent(type, (e) => seen.push([type, Object.keys(e.detail).sort().join(','), typeof e.detail.createdAt, e.detail.data.threadId]));
    }
    await sdk.connect();
    await sdk.getThread('fid-stream').sendTextMessage('stream');
    const deadline = Date.now() + 8000;
    while (!seen.some(([t]) => t === 'StreamedMessageCompleted' || t === 'StreamedMessageFailed') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    return seen;
  });
  const types = new Set(r.map(([t]) => t));
  assert.ok(types.has('StreamedMessageStarted') && types.has('StreamedMessageDelta') && types.has('StreamedMessageCompleted'), [...types].join());
  for (const [type, keys, createdAt, thread] of r) {
    assert.equal(keys, 'createdAt,data,id', type);
    assert.equal(createdAt, 'string');
    assert.equal(thread, 'fid-stream');
  }
  await context.close();
});

test('thread.setCustomFields resolves undefined on a thread not yet on the platform, and after it is', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(async () => {
    const sdk = window.app.make({ customerId: crypto.randomUUID() });
    await sdk.connect();
    const t = sdk.getThread('fid-fields');
    const before = await t.setCustomFields({ color: 'blue' });
    await t.sendTextMessage('exist now');
    const after = await t.setCustomFields({ size: 'L' });
    return [before === undefined, after === undefined];
  });
  assert.deepEqual(r, [true, true]);
  await context.close();
});

test('a send resolves with the very MessageCreated object its listeners got, as the reference resolves a request with the event it dispatches', async () => {
  const { page, context, problems } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(async () => {
    const sdk = window.app.make({ customerId: crypto.randomUUID() });
    const seen = [];
    sdk.onChatEvent('MessageCreated', (e) => seen.push(['sdk', e.detail]));
    await sdk.connect();
    const t = sdk.getThread('fid-same-object');
    t.onThreadEvent('MessageCreated', (e) => seen.push(['thread', e.detail]));
    const out = [];
    for (const text of ['first, which creates the thread', 'second', 'third']) {
      seen.length = 0;
      const ack = await t.sendTextMessage(text);
      const mine = seen.filter(([, d]) => d?.data?.message?.messageContent?.payload?.text === text);
      out.push({
        text: ack.data.message.messageContent.payload.text,
        listeners: mine.map(([who]) => who),
        same: mine.map(([, d]) => d === ack),
      });
    }
    return out;
  });
  assert.deepEqual(r, ['first, which creates the thread', 'second', 'third'].map((text) => ({ text, listeners: ['sdk', 'thread'], same: [true, true] })));
  assert.deepEqual(problems, []);
  await context.close();
});

test('GET requests are retried on network failure (5 attempts in all), never on an HTTP error, never a POST; the request timeout bounds the retries', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const hits = { availability: 0, info: 0, upload: 0, timeout: 0 };
  let failFirst = 2;
  // A network failure (fetch throws a TypeError) for the first attempts.
  const path = (suffix) => (url) => url.pathname.endsWith(suffix);
  await page.route(path('/availability'), (route) => { hits.availability++; return failFirst-- > 0 ? route.abort('failed') : route.continue(); });
  await page.route(path('/channel/chat_abc'), (route) => { hits.info++; return route.fulfill({ status: 503, body: '{}' }); });
  await page.route(path('/attachment'), (route) => { hits.upload++; return route.abort('failed'); });
  const first = await page.evaluate(async () => {
    const sdk = window.app.make({ customerId: crypto.randomUUID(), isLivechat: false });
    window.retrySdk = sdk;
    const settle = (p) => p.then((v) => ({ ok: v }), (e) => ({ error: e.message, code: e.code }));
    return { recovered: await settle(sdk.getChannelAvailability()), refused: await settle(sdk.getChannelInfo()) };
  });
  const infoHits = hits.info; // before connect, which may read the channel info itself
  const r = await page.evaluate(async (first) => {
    const sdk = window.retrySdk;
    const settle = (p) => p.then((v) => ({ ok: v }), (e) => ({ error: e.message, code: e.code }));
    await sdk.connect();
    const file = new File(['hello'], 'a.txt', { type: 'text/plain' });
    const upload = await settle(sdk.getThread('fid-retry').sendAttachments([file]));
    return { ...first, upload };
  }, first);
  assert.deepEqual(r.recovered, { ok: { status: 'online' } }, 'the third attempt went through');
  assert.equal(hits.availability, 3);
  assert.match(r.refused.error, /status 503/);
  assert.equal(infoHits, 1, 'a 503 is an answer: not retried');
  assert.ok(r.upload.error, 'the upload failed');
  assert.equal(hits.upload, 1, 'a POST is tried once');

  await page.unrouteAll();
  await page.route(path('/availability'), (route) => { hits.timeout++; return route.abort('failed'); });
  const gaveUp = await page.evaluate(async () => {
    const sdk = window.app.make({ customerId: crypto.randomUUID(), isLivechat: false });
    return sdk.getChannelAvailability().then(() => 'resolved', (e) => e.message);
  });
  assert.equal(hits.timeout, 5, 'five attempts in all');
  assert.match(gaveUp, /Failed to fetch/);
  hits.timeout = 0;
  const timedOut = await page.evaluate(async () => {
    // 400 ms cannot hold the 200+400+800+1600 ms of backoff five attempts need.
    const sdk = window.app.make({ customerId: crypto.randomUUID(), isLivechat: false, requestTimeout: 400 });
    return sdk.getChannelAvailability().then(() => 'resolved', (e) => e.code);
  });
  assert.equal(timedOut, 'timeout');
  assert.ok(hits.timeout >= 1 && hits.timeout < 5, `${hits.timeout} attempts within the timeout`);
  await context.close();
});
