// Thread, live chat and SDK-level methods of the reference surface, against
// the sandbox, checked both by what the page gets and by the frames the
// sandbox received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

async function chatPage(query = '') {
  const p = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/chat.html${query}`);
  await waitFor(p.page, () => window.appReady === true);
  return p;
}

// frames returns what the sandbox received from one customer, by type.
async function frames(customerId) {
  const all = await (await fetch(`${env.sandbox.url}/sandbox/received`)).json();
  return all.map((r) => r.frame ?? r).filter((f) => f?.payload?.consumerIdentity?.idOnExternalPlatform === customerId);
}

test('custom fields ride on the first message, then go separately; typing and previews', async () => {
  const customer = `cf-${Date.now()}`;
  const { page, context } = await chatPage(`?customer=${customer}`);
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    await sdk.connect();
    const thread = sdk.getThread('cf-thread');
    const created = new Promise((resolve) => thread.onThreadEvent('ContactCreated', resolve));
    await thread.setCustomFields({ color: 'blue' });
    await thread.sendTextMessage('first');
    await created;
    await thread.setCustomField('size', 'L');
    await thread.sendTextMessage('second');
    const ended = new Promise((resolve) => thread.keystroke(150, () => resolve('callback')));
    thread.keystroke(150);
    const typing = await Promise.race([ended, new Promise((r) => setTimeout(() => r('no callback'), 3000))]);
    await thread.sendMessagePreview('draft');
    return { typing };
  });
  assert.equal(r.typing, 'no callback', 'a later keystroke replaces the callback, as the reference does');
  const sent = await frames(customer);
  const types = sent.map((f) => f.payload.eventType);
  const messages = sent.filter((f) => f.payload.eventType === 'SendMessage');
  assert.deepEqual(messages[0].payload.data.consumerContact.customFields, [{ ident: 'color', value: 'blue' }]);
  assert.deepEqual(messages[1].payload.data.consumerContact.customFields, []);
  const separate = sent.find((f) => f.payload.eventType === 'SetConsumerContactCustomFields');
  assert.deepEqual(separate.payload.data, { customFields: [{ ident: 'size', value: 'L' }], thread: { idOnExternalPlatform: 'cf-thread' } });
  assert.ok(types.indexOf('SenderTypingStarted') < types.indexOf('SenderTypingEnded'), `typing start then end in ${types}`);
  assert.equal(types.filter((t) => t === 'SenderTypingStarted').length, 1, 'one start for a burst of keystrokes');
  assert.ok(types.includes('SendMessagePreview'));
  await context.close();
});

test('keystroke callback runs after the stop-typing event', async () => {
  const { page, context } = await chatPage();
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    await sdk.connect();
    const thread = sdk.getThread('typing-' + crypto.randomUUID());
    const created = new Promise((resolve) => thread.onThreadEvent('ContactCreated', resolve));
    await thread.sendTextMessage('hello');
    await created;
    return new Promise((resolve) => { thread.keystroke(100, () => resolve('called')); setTimeout(() => resolve('not called'), 3000); });
  });
  assert.equal(r, 'called');
  await context.close();
});

test('thread methods: sendMessage, setName, getMetadata, archive, sendTranscript', async () => {
  const { page, context } = await chatPage();
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    await sdk.connect();
    const id = 'methods-' + crypto.randomUUID();
    const thread = sdk.getThread(id);
    const ack = await thread.sendMessage({
      idOnExternalPlatform: crypto.randomUUID(),
      thread: { idOnExternalPlatform: id },
      messageContent: { type: 'TEXT', payload: { text: 'built by the page' } },
      consumer: { customFields: [] }, consumerContact: { customFields: [] }, attachments: [],
    });
    const renamed = await thread.setName('Orders');
    const meta = await thread.getMetadata();
    const list = await sdk.getThreadList();
    const transcript = await thread.sendTranscript(ack.data.case.id, 'ann@example.com');
    const archived = await thread.archive();
    let empty;
    try { await thread.sendMessage({ messageContent: { type: 'TEXT', payload: { text: '' } }, attachments: [] }); } catch (e) { empty = e.message; }
    return { text: ack.data.message.messageContent.payload.text, renamed, metaType: meta.type, last: ['built by the page', 'Mia: you said "built by the page"'].includes(meta.data.lastMessage.messageContent.payload.text),
      name: list.find((t) => t.idOnExternalPlatform === id)?.threadName, transcript: transcript.type, archived, empty };
  });
  assert.deepEqual(r, {
    text: 'built by the page', renamed: true, metaType: 'ThreadMetadataLoaded', last: true, name: 'Orders',
    transcript: 'TranscriptSent', archived: true, empty: '[ChatSDKError]: Message content cannot be empty for text message',
  });
  await context.close();
});

test('live chat: startChat, endChat, and no messages after the contact closed', async () => {
  const { page, context } = await chatPage('?channel=chat_live');
  const r = await page.evaluate(async () => {
    const { sdk, LivechatThread } = window.app;
    await sdk.connect();
    const thread = sdk.getThread('live-' + crypto.randomUUID());
    const out = { live: thread instanceof LivechatThread };
    const created = new Promise((resolve) => thread.onThreadEvent('ContactCreated', resolve));
    out.started = (await thread.startChat()).data.message.messageContent.payload.text;
    try { await thread.startChat(); } catch (e) { out.again = e.message; }
    await created;
    const closed = new Promise((resolve) => thread.onThreadEvent('ContactStatusChanged', (e) => { if (e.detail.data.case.status === 'closed') resolve(); }));
    await thread.endChat();
    await closed;
    try { await thread.sendTextMessage('too late'); } catch (e) { out.after = e.message; }
    return out;
  });
  assert.deepEqual(r, {
    live: true, started: 'Begin conversation', again: '[ChatSDKError]: Chat is already initialized',
    after: '[ChatSDKError]: Cannot send more messages to Contact',
  });
  await context.close();
});

test('SDK-level calls: offline message, persistent menu, sendChatEvent, getWebsocketClient', async () => {
  const { page, context } = await chatPage();
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    const mod = await import('/dist/index.js');
    await sdk.connect();
    const offline = await sdk.sendOfflineMessage({ name: 'Ann Marie Example', email: 'ann@example.com', message: 'call me' });
    const menu = await sdk.getPersistentMenuItems();
    const raw = await mod.sendChatEvent({ eventType: 'FetchThreadList', data: {} }, sdk.getWebsocketClient());
    return { offline: offline.type, menu: Array.isArray(menu), raw: raw.type, ws: typeof sdk.getWebsocketClient().on };
  });
  assert.deepEqual(r, { offline: 'OfflineMessageSent', menu: true, raw: 'ThreadListFetched', ws: 'function' });
  await context.close();
});
