// Authorization in a real browser against the sandbox's authorize service:
// secured sessions (anonymous and third-party), the older authorize() flow,
// token refresh, refused codes and a blocked IP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

// Tokens live 6 s here, so that refreshes happen while the tests run (the
// reference renews at 90% of a token's life, rounded to seconds).
const TTL_MS = 6000;

const consoleText = [];

const env = sandboxAndBrowser(['-token-ttl', `${TTL_MS}ms`]);

async function authPage() {
  const p = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  p.page.on('console', (m) => consoleText.push(m.text()));
  await waitFor(p.page, () => window.appReady === true);
  return p;
}

async function admin(path, body) {
  const r = await fetch(`${env.sandbox.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

const code = async (customerId = 'cust-ann') => (await admin('/sandbox/auth/code', { customerId, brandId: 1086 })).code;

async function received(pred) {
  const all = await admin('/sandbox/received');
  return all.filter(pred);
}

test('an anonymous secured session opens the socket with a transaction token and chats', async () => {
  const { page, context } = await authPage();
  const customer = `guest-${Date.now()}`;
  const r = await page.evaluate(async (customerId) => {
    const { app } = window;
    const sdk = app.make({ customerId, securedSession: app.SecureSessions.ANONYMOUS });
    const created = await sdk.connect();
    const thread = sdk.getThread('anon-thread');
    await thread.sendTextMessage('hello from a secured session');
    return { created, id: sdk.getCustomer().getId(), auth: app.log.authorization };
  }, customer);
  assert.equal(r.created, true);
  assert.equal(r.id, customer);
  assert.deepEqual(r.auth, [{ status: 'success', hasToken: true }]);
  await waitFor(page, () => window.app.log.replies.length > 0);
  const sent = await received((e) => e.frame?.payload?.consumerIdentity?.idOnExternalPlatform === customer);
  assert.ok(sent.length > 0, 'the sandbox got the message');
  const q = new URLSearchParams(sent[0].query);
  assert.ok(q.get('transactionToken')?.startsWith('cxs.'), 'the socket URL carries the transaction token');
  assert.equal(q.has('customerId'), false, 'and no customerId');
  await context.close();
});

test('a logged-in customer sees the same threads from two browser contexts; a guest does not', async () => {
  const thread = `ann-${Date.now()}`;
  const login = async () => {
    const p = await authPage();
    const c = await code();
    const r = await p.page.evaluate(async ({ c, thread }) => {
      const { app } = window;
      const sdk = app.make({ channelId: 'chat_secure', securedSession: app.SecureSessions.THIRD_PARTY });
      await sdk.connect(c);
      const t = sdk.getThread(thread);
      await t.sendTextMessage(`hello from ${document.title}`);
      const list = await sdk.getThreadList();
      return { id: sdk.getCustomer().getId(), name: sdk.getCustomer().getName(), threads: list.map((x) => x.idOnExternalPlatform) };
    }, { c, thread });
    return { ...p, r };
  };
  const laptop = await login();
  assert.equal(laptop.r.id, 'cust-ann');
  assert.equal(laptop.r.name, 'Ann Example');
  const phone = await login();
  assert.ok(phone.r.threads.includes(thread), `the second context sees ${thread}: ${phone.r.threads}`);

  const guest = await authPage();
  const g = await guest.page.evaluate(async () => {
    const { app } = window;
    const sdk = app.make({ channelId: 'chat_secure', customerId: crypto.randomUUID(), securedSession: app.SecureSessions.ANONYMOUS });
    await sdk.connect();
    const threads = (await sdk.getThreadList()).map((x) => x.idOnExternalPlatform);
    let refused = null;
    try { await sdk.getThread('guest-thread').sendTextMessage('no token'); } catch (e) { refused = e.data?.response?.error?.errorMessage; }
    return { threads, refused };
  });
  assert.equal(g.threads.includes(thread), false, 'a guest does not see the customer\'s thread');
  assert.match(g.refused ?? '', /Access token is missing/, 'a guest cannot post on a channel that requires authorization');

  // The token expires (6 s); the SDK renews it without the page noticing.
  await new Promise((r) => setTimeout(r, TTL_MS + 1500));
  const later = await laptop.page.evaluate(async (thread) => {
    const { app } = window;
    const ack = await app.sdk.getThread(thread).sendTextMessage('after the token expired');
    return { ok: ack !== undefined, errors: app.log.errors };
  }, thread);
  assert.deepEqual(later, { ok: true, errors: [] });
  const stats = await admin('/sandbox/auth/stats');
  assert.ok(stats.refresh_token >= 1, `refreshed ${stats.refresh_token} times`);
  for (const p of [laptop, phone, guest]) await p.context.close();
});

test('a reused code is refused with AuthorizationError, in both flows', async () => {
  const { page, context } = await authPage();
  const c = await code();
  const r = await page.evaluate(async (c) => {
    const { app } = window;
    const first = app.make({ channelId: 'chat_secure', securedSession: app.SecureSessions.THIRD_PARTY });
    await first.connect(c);
    const second = app.make({ channelId: 'chat_secure', securedSession: app.SecureSessions.THIRD_PARTY });
    let secured;
    try { await second.connect(c); } catch (e) {
      secured = { authz: e instanceof app.AuthorizationError, sdk: e instanceof app.ChatSDKError, message: e.message };
    }
    // The older flow: AuthorizeCustomer over a guest socket.
    const guest = app.make({ channelId: 'chat_secure', customerId: crypto.randomUUID() });
    await guest.connect();
    let older;
    try { await guest.authorize(c); } catch (e) {
      older = { authz: e instanceof app.AuthorizationError, message: e.message };
    }
    return { secured, older, auth: app.log.authorization.map((a) => a.status) };
  }, c);
  assert.equal(r.secured.authz, true);
  assert.equal(r.secured.sdk, true, 'AuthorizationError is a ChatSDKError');
  assert.match(r.secured.message, /already used/);
  assert.equal(r.older.authz, true);
  assert.equal(r.older.message, 'Authorization failed because of (Authorization code was already used)', 'worded as the reference words it');
  assert.deepEqual(r.auth, ['success', 'error']);
  await context.close();
});

test('authorize() names the customer and lets messages through', async () => {
  const { page, context } = await authPage();
  const c = await code();
  const r = await page.evaluate(async (c) => {
    const { app } = window;
    const sdk = app.make({ channelId: 'chat_secure', customerId: crypto.randomUUID() });
    await sdk.connect();
    let before = null;
    try { await sdk.getThread('older-flow').sendTextMessage('too early'); } catch (e) { before = e.data?.response?.error?.errorMessage; }
    const data = await sdk.authorize(c);
    await sdk.getThread('older-flow').sendTextMessage('now authorized');
    return { before, status: data.status, id: sdk.getCustomer().getId(), fields: sdk.getCustomer().getCustomFields() };
  }, c);
  assert.match(r.before, /Access token is missing/);
  assert.equal(r.status, 'success');
  assert.equal(r.id, 'cust-ann');
  assert.deepEqual(r.fields, { tier: 'gold' });
  await context.close();
});

test('a blocked IP yields IpAddressBlockedError; tokens never reach the console', async () => {
  await admin('/sandbox/auth/block', { ip: '127.0.0.1', blocked: true });
  try {
    const { page, context } = await authPage();
    const r = await page.evaluate(async () => {
      const { app } = window;
      const sdk = app.make({ customerId: crypto.randomUUID(), securedSession: app.SecureSessions.ANONYMOUS });
      try { await sdk.connect(); return 'connected'; } catch (e) {
        return { blocked: e instanceof app.IpAddressBlockedError, message: e.message, errors: app.log.errors.map((x) => x.name) };
      }
    });
    assert.equal(r.blocked, true);
    assert.equal(r.message, 'Your IP address is blocked.');
    assert.ok(r.errors.includes('IpAddressBlockedError'), `onError heard ${r.errors}`);
    await context.close();
  } finally {
    await admin('/sandbox/auth/block', { ip: '127.0.0.1', blocked: false });
  }
  assert.equal(consoleText.filter((t) => t.includes('cxs.')).length, 0, 'no token was written to the console');
});

test('an unknown securedSession value is refused at construction, and the page keeps working', async () => {
  const { page, context } = await authPage();
  const r = await page.evaluate(async () => {
    const { app } = window;
    let thrown = null;
    try { app.make({ customerId: 'x', securedSession: 'sometimes', onError: undefined }); } catch (e) { thrown = e.message; }
    const sdk = app.make({ customerId: crypto.randomUUID(), securedSession: app.SecureSessions.ANONYMOUS });
    return { thrown, created: await sdk.connect() };
  });
  assert.equal(r.thrown, '[ChatSDKError]: Expected a SecureSessions value, got sometimes');
  assert.equal(r.created, true);
  await context.close();
});

test('secured cookies keep one identity per browser; the storage fallback sends the identity token', async () => {
  const session = async (context, extra) => {
    const page = await context.newPage();
    page.on('console', (m) => consoleText.push(m.text()));
    await page.goto(`${env.sandbox.url}/js/test/pages/auth.html`);
    await waitFor(page, () => window.appReady === true);
    const r = await page.evaluate(async (extra) => {
      const { app } = window;
      // Drop the cached transaction token, so that the cookie or the
      // identity token (not the cache) is what names the customer.
      for (const k of Object.keys(localStorage)) if (k.endsWith(':TTR')) localStorage.removeItem(k);
      const sdk = app.make({ securedSession: app.SecureSessions.SECURED_COOKIES, ...extra });
      await sdk.connect();
      return { id: sdk.getCustomer().getId(), stored: localStorage.getItem('cx_digital_wi') !== null };
    }, extra);
    await page.close();
    return r;
  };
  const before = (await admin('/sandbox/auth/stats')).cookie ?? 0;
  const first = await env.browser.newContext();
  const a1 = await session(first, { isThirdPartyCookiesSupported: true });
  const a2 = await session(first, { isThirdPartyCookiesSupported: true });
  assert.ok(a1.id, 'the authorize service named a customer');
  assert.equal(a2.id, a1.id, 'the cookie brings the same customer back');
  assert.equal(a1.stored, false, 'no identity token is stored when cookies work');

  const second = await env.browser.newContext();
  const b1 = await session(second, { isThirdPartyCookiesSupported: false });
  assert.notEqual(b1.id, a1.id, 'another browser is another customer');
  assert.equal(b1.stored, true, 'the fallback identity token is kept in storage');
  await second.clearCookies();
  const b2 = await session(second, { isThirdPartyCookiesSupported: false });
  assert.equal(b2.id, b1.id, 'without cookies, the stored identity token brings the customer back');
  assert.equal((await admin('/sandbox/auth/stats')).cookie - before, 4, 'each session asked the authorize service');
  await first.close();
  await second.close();
});
