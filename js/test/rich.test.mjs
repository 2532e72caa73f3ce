// Rich content, postbacks, streamed (GenAI) replies, several threads at
// once, and a live chat's queue: the scripted agent produces each, the page
// sees the reference shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser(['-agent-delay', '20ms']);

async function connected(extra = {}) {
  const p = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(p.page, () => window.appReady === true);
  const customer = `rich-${crypto.randomUUID()}`;
  await p.page.evaluate(async ({ customer, extra }) => {
    const { app } = window;
    const sdk = app.make({ customerId: customer, ...extra });
    window.events = [];
    for (const type of ['MessageCreated', 'StreamedMessageStarted', 'StreamedMessageDelta', 'StreamedMessageCompleted', 'StreamedMessageFailed',
      'SetPositionInQueue', 'ContactStatusChanged', 'AssignedAgentChanged', 'LivechatRecovered']) {
      sdk.onChatEvent(type, (e) => window.events.push({ ...e.detail, type: e.type })); // streamed details have no type
    }
    await sdk.connect();
  }, { customer, extra });
  return { ...p, customer };
}

test('quick replies, list picker, rich link and adaptive card arrive in the reference shapes; a postback goes back', async () => {
  const { page, context, customer, problems } = await connected();
  const contents = await page.evaluate(async () => {
    const t = window.app.sdk.getThread('rich-thread');
    for (const ask of ['quick replies', 'list picker', 'rich link', 'adaptive card']) await t.sendTextMessage(ask);
    return null;
  });
  void contents;
  await waitFor(page, () => window.events.filter((e) => e.type === 'MessageCreated' && e.data.message.direction === 'outbound').length >= 4);
  const got = await page.evaluate(() => window.events
    .filter((e) => e.type === 'MessageCreated' && e.data.message.direction === 'outbound')
    .map((e) => e.data.message.messageContent));
  const byType = Object.fromEntries(got.map((c) => [c.type, c]));
  assert.deepEqual(Object.keys(byType).sort(), ['ADAPTIVE_CARD', 'LIST_PICKER', 'QUICK_REPLIES', 'RICH_LINK']);
  const qr = byType.QUICK_REPLIES.payload;
  assert.equal(qr.text.content, 'Pick one');
  assert.deepEqual(qr.actions.map((a) => [a.type, a.text, a.postback]), [['REPLY_BUTTON', 'Yes', 'answer-yes'], ['REPLY_BUTTON', 'No', 'answer-no']]);
  assert.equal(qr.actions[0].icon.mimeType, 'image/png');
  const lp = byType.LIST_PICKER.payload;
  assert.deepEqual([lp.title.content, lp.text.content, lp.actions.length, lp.actions[1].description], ['Sizes', 'Choose a size', 2, 'L']);
  const rl = byType.RICH_LINK.payload;
  assert.deepEqual([rl.title.content, rl.url, rl.media.fileName], ['Our store', 'https://example.invalid/store', 'star.png']);
  assert.equal(byType.ADAPTIVE_CARD.payload.card.type, 'AdaptiveCard');
  assert.equal(byType.QUICK_REPLIES.fallbackText, 'Pick one: Yes, No');

  const ack = await page.evaluate(async () => {
    const ack = await window.app.sdk.getThread('rich-thread').sendPostbackMessage('answer-yes', 'Yes');
    return ack.data.message.messageContent;
  });
  assert.deepEqual(ack.payload, { text: 'Yes', postback: 'answer-yes' });
  const sent = (await (await fetch(`${env.sandbox.url}/sandbox/received`)).json())
    .map((r) => r.frame).filter((f) => f?.payload?.consumerIdentity?.idOnExternalPlatform === customer && f.payload.eventType === 'SendMessage');
  const last = sent.at(-1).payload.data.messageContent;
  assert.equal(last.payload.postback, 'answer-yes', 'the postback rides on the message');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a streamed reply is assembled from its deltas and completes', async () => {
  const { page, context, problems } = await connected();
  await page.evaluate(() => window.app.sdk.getThread('stream-thread').sendTextMessage('stream'));
  await waitFor(page, () => window.events.some((e) => e.type === 'StreamedMessageCompleted' || e.type === 'StreamedMessageFailed'), undefined, 10000);
  const r = await page.evaluate(() => ({
    types: [...new Set(window.events.map((e) => e.type))],
    deltas: window.events.filter((e) => e.type === 'StreamedMessageDelta').length,
    completed: window.events.find((e) => e.type === 'StreamedMessageCompleted')?.data,
    streamedAsMessage: window.events.some((e) => e.type === 'MessageCreated' && e.data.message.messageContent.type === 'STREAMED'),
  }));
  assert.ok(r.types.includes('StreamedMessageStarted'), `types ${r.types}`);
  assert.ok(r.deltas >= 5, `${r.deltas} deltas`);
  assert.equal(r.completed.fullContent, 'Streaming works. Each word came as its own delta.');
  assert.equal(r.completed.threadId, 'stream-thread');
  assert.equal(r.streamedAsMessage, false, 'the STREAMED MessageCreated itself is not dispatched');
  assert.deepEqual(problems, []);
  await context.close();
});

test('several threads at once: each thread hears only its own events', async () => {
  const { page, context } = await connected();
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    const heard = { a: [], b: [] };
    const a = sdk.getThread('multi-a');
    const b = sdk.getThread('multi-b');
    a.onThreadEvent('MessageCreated', (e) => heard.a.push(e.detail.data.message.messageContent.payload.text));
    b.onThreadEvent('MessageCreated', (e) => heard.b.push(e.detail.data.message.messageContent.payload.text));
    await Promise.all([a.sendTextMessage('to a'), b.sendTextMessage('to b')]);
    const deadline = Date.now() + 5000;
    while ((heard.a.length < 2 || heard.b.length < 2) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    const list = (await sdk.getThreadList()).map((t) => t.idOnExternalPlatform).sort();
    return { heard, list };
  });
  assert.deepEqual(r.heard.a.sort(), ['Mia: you said "to a"', 'to a']);
  assert.deepEqual(r.heard.b.sort(), ['Mia: you said "to b"', 'to b']);
  assert.deepEqual(r.list, ['multi-a', 'multi-b']);
  await context.close();
});

test('a live chat waits in the queue (position counts down), is assigned, ends, and is recovered', async () => {
  const { page, context } = await connected({ channelId: 'chat_live' });
  const r = await page.evaluate(async () => {
    const m = await import('/dist/index.js');
    const { sdk } = window.app;
    const t = sdk.getThread('live-' + crypto.randomUUID());
    await t.startChat('I need help');
    const deadline = Date.now() + 5000;
    while (!window.events.some((e) => e.type === 'AssignedAgentChanged') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    const positions = window.events.filter((e) => m.isSetPositionInQueueEvent(e)).map((e) => e.data.positionInQueue);
    await t.endChat();
    const recovered = await sdk.recoverLivechatThreadData(t.idOnExternalPlatform);
    return {
      livechat: t instanceof m.LivechatThread, positions,
      statuses: window.events.filter((e) => e.type === 'ContactStatusChanged').map((e) => e.data.case.status),
      recoveredType: recovered.type, recoveredStatus: recovered.data.contact?.status,
    };
  });
  assert.equal(r.livechat, true);
  assert.deepEqual(r.positions, [3, 2, 1]);
  assert.deepEqual(r.statuses, ['open', 'closed']);
  assert.equal(r.recoveredType, 'LivechatRecovered');
  assert.equal(r.recoveredStatus, 'closed');
  await context.close();
});
