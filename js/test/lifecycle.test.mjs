// Session lifecycle in the browser (issue 9, findings 9 and 12; issue 10
// point 1): nothing a session adds (window/document listeners, AbortSignal
// listeners, Go sessions, goroutines) outlives it, and calls made while
// connect() is under way wait for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

// Counts live listeners per target kind and event type.
const countListeners = () => {
  const live = new Map();
  const kind = (t) => (t === window ? 'window' : t === document ? 'document' : t instanceof AbortSignal ? 'signal' : null);
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const key = (t, type, fn) => { const k = kind(t); return k && { k: `${k}:${type}`, id: fn }; };
  const sets = new Map();
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    const e = key(this, type, fn);
    if (e) { if (!sets.has(e.k)) sets.set(e.k, new Set()); sets.get(e.k).add(fn); }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const e = key(this, type, fn);
    if (e) sets.get(e.k)?.delete(fn);
    return remove.call(this, type, fn, opts);
  };
  window.listenerCounts = () => Object.fromEntries([...sets].map(([k, v]) => [k, v.size]));
  void live;
};

async function page(query = '') {
  const context = await env.browser.newContext();
  await context.addInitScript(countListeners);
  const p = await context.newPage();
  await p.goto(`${env.sandbox.url}/js/test/pages/chat.html${query}`);
  await waitFor(p, () => window.appReady === true);
  return { page: p, context };
}

test('connect/close and resetSession cycles leave no listeners, sessions or goroutines behind', async () => {
  const { page: p, context } = await page();
  const r = await p.evaluate(async () => {
    const { sdk } = window.app;
    const Sdk = sdk.constructor;
    await sdk.connect();
    const thread = sdk.getThread('life-' + crypto.randomUUID());
    const controller = new AbortController();
    for (let i = 0; i < 5; i++) await thread.sendTextMessage(`m${i}`, { signal: controller.signal });
    const first = Sdk._runtimeStats?.();
    for (let i = 0; i < 20; i++) {
      sdk.getWebsocketClient().disconnect();
      await sdk.connect();
    }
    for (let i = 0; i < 20; i++) await sdk.resetSession();
    await sdk.connect();
    const last = Sdk._runtimeStats?.();
    return { counts: window.listenerCounts(), first, last };
  });
  assert.ok((r.counts['document:visibilitychange'] ?? 0) <= 1, `visibilitychange listeners: ${JSON.stringify(r.counts)}`);
  assert.ok((r.counts['window:online'] ?? 0) <= 1, `online listeners: ${JSON.stringify(r.counts)}`);
  assert.equal(r.counts['signal:abort'] ?? 0, 0, `abort listeners left on a reused signal: ${JSON.stringify(r.counts)}`);
  assert.ok(r.last, 'the runtime reports what it holds');
  assert.equal(r.last.sessions, 1, `Go sessions: ${JSON.stringify(r.last)}`);
  assert.ok(r.last.goroutines <= r.first.goroutines + 2, `goroutines grew from ${r.first.goroutines} to ${r.last.goroutines}`);
  await context.close();
});

test('the free getChannelInfo() frees its Go client', async () => {
  const { page: p, context } = await page();
  const r = await p.evaluate(async () => {
    const { sdk } = window.app;
    const mod = await import('/dist/index.js');
    const base = location.origin;
    const env = { environment: 'custom', customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' } };
    await sdk.connect();
    for (let i = 0; i < 10; i++) await mod.getChannelInfo(1086, 'chat_abc', 'en', env);
    return sdk.constructor._runtimeStats();
  });
  assert.equal(r.sessions, 1, `Go sessions after 10 getChannelInfo(): ${JSON.stringify(r)}`);
  await context.close();
});

test('authorize() before connect() rejects instead of hanging', async () => {
  const { page: p, context } = await page();
  const r = await p.evaluate(async () => {
    const { sdk } = window.app;
    const settled = sdk.authorize('code').then(() => 'resolved', (e) => `rejected:${e.code}`);
    return Promise.race([settled, new Promise((res) => setTimeout(() => res('hang'), 5000))]);
  });
  assert.equal(r, 'rejected:closed');
  await context.close();
});

test('calls made while connect() is under way wait for it (as the sample app does)', async () => {
  const { page: p, context } = await page();
  const r = await p.evaluate(async () => {
    const { sdk } = window.app;
    sdk.connect(); // not awaited
    const thread = sdk.getThread('early-' + crypto.randomUUID());
    const list = await sdk.getThreadList();
    const ack = await thread.sendTextMessage('sent during connect');
    return { list: Array.isArray(list), ack: typeof ack, kind: thread.constructor.name };
  });
  assert.deepEqual(r, { list: true, ack: 'object', kind: 'Thread' });
  await context.close();
});

test('getThread() during connect() on a live-chat channel is a LivechatThread', async () => {
  const { page: p, context } = await page('?channel=chat_live');
  const r = await p.evaluate(async () => {
    const { sdk, LivechatThread } = window.app;
    const connecting = sdk.connect();
    const thread = sdk.getThread('lc-' + crypto.randomUUID());
    await connecting;
    return { live: thread instanceof LivechatThread, start: typeof thread.startChat };
  });
  assert.deepEqual(r, { live: true, start: 'function' });
  await context.close();
});
