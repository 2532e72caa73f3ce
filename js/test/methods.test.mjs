// The remaining methods of the reference surface, each checked by what the
// page gets back and by the frames the sandbox received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser(['-agent-delay', '5ms']);

async function frames(customer) {
  const all = await (await fetch(`${env.sandbox.url}/sandbox/received`)).json();
  return all.map((e) => e.frame).filter((f) => f?.payload?.consumerIdentity?.idOnExternalPlatform === customer).map((f) => f.payload);
}

test('thread methods: paging, seen, typing, previews, custom fields, outbound, recoverThreadData, raw events', async () => {
  const { page, context, problems } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const customer = `methods-${crypto.randomUUID()}`;
  const r = await page.evaluate(async (customer) => {
    const { app } = window;
    const raw = [];
    const sdk = app.make({ customerId: customer, requestRateLimit: -1, onRawEvent: (e) => raw.push(typeof e.detail.data) });
    let readyFirst = false;
    sdk.ready().then(() => { readyFirst = true; });
    await sdk.connect();
    await Promise.resolve();
    const status = { read: 0, seen: 0 };
    sdk.onChatEvent('MessageReadChanged', (e) => { if (e.detail.data.message.isRead) status.read++; });
    sdk.onChatEvent('MessageSeenChanged', (e) => { if (e.detail.data.message.customerStatistics.seenAt) status.seen++; });
    const t = sdk.getThread('paging');
    for (let i = 0; i < 25; i++) await t.sendTextMessage(`m${i}`);
    const deadline = Date.now() + 8000;
    while (app.log.replies.length < 25 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    const recovered = await sdk.recoverThreadData('paging');
    const pages = [recovered.data.messages.length];
    for (let more = await t.loadMoreMessages(); more !== null; more = await t.loadMoreMessages()) pages.push(more.data.messages.length);
    // Waits for a condition, polling; a timeout is left to the asserts.
    const until = async (ok, ms = 8000) => {
      const end = Date.now() + ms;
      while (!(await ok()) && Date.now() < end) await new Promise((res) => setTimeout(res, 25));
    };
    await t.lastMessageSeen();
    await until(() => status.seen >= 25); // the pushes that follow the answer
    t.keystroke(5000);
    t.stopTyping();
    t.keystrokeForPreview('draft text', 50);
    // The debounced preview reaches the sandbox before the next draft.
    await until(async () => {
      const all = await (await fetch('/sandbox/received')).json();
      return all.some((e) => e.frame?.payload?.eventType === 'SendMessagePreview' && e.frame.payload.consumerIdentity?.idOnExternalPlatform === customer && e.frame.payload.data?.messageContent?.payload?.text === 'draft text');
    });
    t.keystrokeForPreview('second draft', 5000);
    t.stopTypingForPreview(true);
    await t.setCustomFields({ color: 'blue', size: 'L' });
    t.removeCustomField('size');
    await t.sendCustomFields();
    const outbound = await t.sendOutboundMessage({ messageContent: { type: 'TEXT', payload: { text: 'Welcome back!' } } });
    return { status, readyFirst, pages, outbound: [outbound.data.message.direction, outbound.data.message.messageContent.payload.text], raw: raw.length > 0 && raw.every((x) => x === 'string') };
  }, customer);
  assert.equal(r.readyFirst, true, 'ready() resolves once connect has');
  assert.equal(r.status.read, 25, 'the agent read each message (MessageReadChanged, isRead)');
  assert.equal(r.status.seen, 25, 'lastMessageSeen marks the agent\'s replies seen (MessageSeenChanged)');
  const total = r.pages.reduce((a, b) => a + b, 0);
  assert.ok(r.pages.length >= 2, `paged in ${r.pages}`);
  assert.equal(total, 50, 'every message once across the pages (25 sent, 25 replies)');
  assert.deepEqual(r.outbound, ['outbound', 'Welcome back!']);
  assert.equal(r.raw, true, 'onRawEvent got every frame as text');
  const sent = await frames(customer);
  const types = sent.map((p) => p.eventType);
  for (const want of ['MessageSeenByConsumer', 'SenderTypingStarted', 'SenderTypingEnded', 'SendMessagePreview', 'SetConsumerContactCustomFields', 'SendOutbound', 'LoadMoreMessages', 'RecoverThread']) {
    assert.ok(types.includes(want), `${want} sent (${[...new Set(types)]})`);
  }
  const previews = sent.filter((p) => p.eventType === 'SendMessagePreview').map((p) => p.data.messageContent.payload.text);
  assert.deepEqual(previews, ['draft text', 'second draft'], 'a preview after the debounce, and one at stopTypingForPreview');
  const fields = sent.filter((p) => p.eventType === 'SetConsumerContactCustomFields').at(-1).data.customFields;
  assert.deepEqual(fields, [{ ident: 'color', value: 'blue' }], 'removeCustomField takes a field out of what sendCustomFields sends');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a truncated message is completed before dispatch; generateAuthorizationToken', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(async () => {
    const { app } = window;
    const sdk = app.make({ customerId: crypto.randomUUID() });
    await sdk.connect();
    const t = sdk.getThread('long');
    await t.sendTextMessage('long message');
    const deadline = Date.now() + 5000;
    while (!app.log.replies.some((x) => x.startsWith('This reply')) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    const text = app.log.replies.find((x) => x.startsWith('This reply'));
    const token = await sdk.generateAuthorizationToken('long', '/chat/1.0/brand/1086/messages/x');
    return { length: text?.length ?? 0, truncated: text?.endsWith('…') ?? true, token: typeof token.token === 'string' && token.token.length > 0 };
  });
  assert.equal(r.truncated, false, 'the listener got the full text, not the cut');
  assert.equal(r.length, 'This reply is longer than a push may carry. '.length * 20);
  assert.equal(r.token, true);
  await context.close();
});

test('Customer, CacheStorage and AbortablePromise', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const customer = `cust-methods-${crypto.randomUUID()}`;
  const r = await page.evaluate(async (customer) => {
    const { app } = window;
    const m = await import('/dist/index.js');
    const c = new m.Customer(null, 'Ann Example', null);
    const generated = c.getIdOrCreateNewOne();
    const stable = c.getIdOrCreateNewOne() === generated;
    c.setId('x-1'); c.setImage('https://example.invalid/a.png'); c.setName('Ann E.');
    c.setCustomFieldsFromArray([{ ident: 'tier', value: 'gold' }]);
    const before = [c.getId(), c.getName(), c.getImage(), c.getCustomFields()];
    c.destroy();
    const after = [c.getId(), c.getName(), c.getCustomFieldsArray()];

    const cache = new m.CacheStorage(localStorage, 'test:');
    cache.setItem('short', { v: 1 }, 50);
    cache.setItem('long', { v: 2 });
    const fresh = [cache.getItem('short'), cache.getItem('long')];
    const prefixed = Object.keys(localStorage).filter((k) => k.startsWith('test:')).sort().join(',') === 'test:long,test:short';
    await new Promise((res) => setTimeout(res, 80));
    const expired = cache.getItem('short');
    cache.removeItem('long');
    const removed = cache.getItem('long');

    const p = new m.AbortablePromise(() => {});
    p.abort('no longer needed');
    let aborted;
    try { await p; } catch (e) { aborted = [e instanceof m.AbortError, p.abortReason]; }

    const sdk = app.make({ customerId: customer });
    await sdk.connect();
    await sdk.getThread('cf').sendTextMessage('make me exist');
    const cu = sdk.getCustomer();
    cu.setCustomFieldsFromArray([{ ident: 'plan', value: 'pro' }]);
    await cu.sendCustomFields();
    return { stable, generatedIsUuid: /^[0-9a-f-]{36}$/.test(generated), before, after, fresh, expired, removed, prefixed, aborted };
  }, customer);
  assert.equal(r.stable, true);
  assert.equal(r.generatedIsUuid, true);
  assert.deepEqual(r.before, ['x-1', 'Ann E.', 'https://example.invalid/a.png', { tier: 'gold' }]);
  assert.deepEqual(r.after, [null, null, []]);
  assert.deepEqual(r.fresh, [{ v: 1 }, { v: 2 }]);
  assert.equal(r.expired, null, 'an item past its ttl is gone');
  assert.equal(r.removed, null);
  assert.equal(r.prefixed, true);
  assert.deepEqual(r.aborted, [true, 'no longer needed']);
  const sent = await frames(customer);
  const cf = sent.filter((p) => p.eventType === 'SetConsumerCustomFields').at(-1);
  assert.deepEqual(cf?.data.customFields, [{ ident: 'plan', value: 'pro' }], 'customer.sendCustomFields sends the customer fields');
  await context.close();
});
