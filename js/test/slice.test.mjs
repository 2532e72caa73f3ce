// The vertical slice in a real browser: a page written for the reference SDK
// connects to the sandbox, sends a message and sees the agent's reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

async function chatPage(query = '') {
  const p = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/chat.html${query}`);
  await waitFor(p.page, () => window.appReady === true);
  return p;
}

test('a reference-style page sends a message and receives the agent reply', async () => {
  const { page, context, problems } = await chatPage();
  const channel = await page.evaluate(() => window.app.channelIdAtOnce);
  assert.equal(channel, 'chat_abc', 'channelId is readable synchronously after construction');

  const ack = await page.evaluate(async () => {
    const thread = await window.app.start('thread-' + crypto.randomUUID());
    return thread.sendTextMessage('hello from the page');
  });
  assert.equal(typeof ack.id, 'string', 'sendTextMessage resolves with the acknowledgement event');
  assert.equal(ack.type, 'MessageCreated');
  assert.equal(ack.data.message.messageContent.payload.text, 'hello from the page');

  const texts = await waitFor(page, () => {
    const r = window.app.received.map((m) => m.messageContent.payload.text);
    return r.some((t) => t.startsWith('Mia:')) && r;
  });
  assert.deepEqual(texts, ['hello from the page', 'Mia: you said "hello from the page"']);
  const types = await page.evaluate(() => window.app.sdkEvents);
  for (const t of ['ContactCreated', 'AssignedAgentChanged', 'AgentTypingStarted', 'AgentTypingEnded', 'MessageCreated']) {
    assert.ok(types.includes(t), `SDK listeners saw ${t} (saw ${types.join(', ')})`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('getThread returns one instance per id, synchronously, after connect', async () => {
  const { page, context } = await chatPage();
  const r = await page.evaluate(async () => {
    const { sdk, LivechatThread } = window.app;
    let before;
    try { sdk.getThread('t'); } catch (e) { before = `${e.name}: ${e.message}`; }
    await sdk.connect();
    const a = sdk.getThread('t');
    return { before, same: a === sdk.getThread('t'), live: a instanceof LivechatThread, again: await sdk.connect() };
  });
  assert.equal(r.before, 'ChatSDKError: [ChatSDKError]: Cannot get thread because websocket is disconnected');
  assert.equal(r.same, true);
  assert.equal(r.live, false);
  assert.equal(r.again, false, 'a second connect() resolves false');
  await context.close();
});

test('a live-chat channel gives LivechatThread instances (from channel info)', async () => {
  const { page, context } = await chatPage('?channel=chat_live');
  const live = await page.evaluate(async () => {
    await window.app.sdk.connect();
    return window.app.sdk.getThread('live-1') instanceof window.app.LivechatThread;
  });
  assert.equal(live, true);
  await context.close();
});

test('bad arguments throw or reject with clear errors, and the SDK keeps working', async () => {
  const { page, context, problems } = await chatPage();
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    const out = {};
    const capture = (e) => ({ name: e.name, message: e.message, isSdkError: e instanceof Error && 'code' in e, code: e.code });
    await sdk.connect();
    try { sdk.getThread(''); } catch (e) { out.emptyId = capture(e); }
    try { sdk.getThread(42); } catch (e) { out.numberId = capture(e); }
    const thread = sdk.getThread('bad-args-' + crypto.randomUUID());
    out.emptyText = await thread.sendTextMessage('').then(() => 'resolved', capture);
    out.numberText = await thread.sendTextMessage(42).then(() => 'resolved', capture);
    const ChatSdk = sdk.constructor;
    try { new ChatSdk({ channelId: 'chat_abc', customerId: 'x' }); } catch (e) { out.noBrand = capture(e); }
    try { new ChatSdk(); } catch (e) { out.noOptions = capture(e); }
    out.afterwards = (await thread.sendTextMessage('still works')).data.message.messageContent.payload.text;
    return out;
  });
  assert.equal(r.emptyId.message, '[ChatSDKError]: Cannot get thread because id is empty');
  assert.equal(r.emptyId.code, 'invalid-argument');
  assert.match(r.numberId.message, /id is not a string/);
  assert.equal(r.emptyText.message, '[ChatSDKError]: Message content cannot be empty for text message');
  assert.equal(r.emptyText.code, 'invalid-argument');
  assert.match(r.numberText.message, /bad arguments/);
  assert.equal(r.noBrand.message, '[ChatSDKError]: Missing BrandID');
  assert.equal(r.noOptions.message, '[ChatSDKError]: No options was provided for initialization of ChatSdk');
  assert.equal(r.afterwards, 'still works');
  assert.deepEqual(problems, []);
  await context.close();
});

test('thread list, recover and channel REST calls', async () => {
  const { page, context } = await chatPage();
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    const info = await sdk.getChannelInfo();
    const availability = await sdk.getChannelAvailability();
    await sdk.connect();
    const id = 'rec-' + crypto.randomUUID();
    const thread = sdk.getThread(id);
    await thread.sendTextMessage('first');
    const list = await sdk.getThreadList();
    const recovered = await thread.recover();
    let missing;
    try { await sdk.getThread('no-such-' + crypto.randomUUID()).recover(); } catch (e) { missing = { name: e.name, message: e.message, cls: e.constructor.name, response: !!e.data?.response }; }
    return { info, availability, listed: list.some((t) => t.idOnExternalPlatform === id), recovered, missing };
  });
  assert.equal(r.info.isLiveChat, false);
  assert.equal(r.availability.status, 'online');
  assert.equal(r.listed, true);
  assert.equal(r.recovered.thread.idOnExternalPlatform.startsWith('rec-'), true);
  assert.ok(r.recovered.messages.some((m) => m.messageContent.payload.text === 'first'));
  assert.equal(r.missing.message, '[ChatSDKError]: Thread not found');
  assert.equal(r.missing.cls, 'ThreadRecoverFailedError');
  assert.equal(r.missing.response, true);
  await context.close();
});
