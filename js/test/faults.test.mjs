// Resilience in a real browser: the sandbox's fault API (drops, stalled
// heartbeats, refused reconnects, error answers, malformed frames, delays)
// against the real wasm, through a reference-style page.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, launchBrowser, openPage, waitFor } from './harness.mjs';

let sandbox;
let browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

beforeEach(async () => { await admin('DELETE', '/sandbox/faults'); });

/** Calls the sandbox's admin API; fails the test unless it answers 200. */
async function admin(method, path, body) {
  const res = await fetch(sandbox.url + path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${path}: ${text}`);
  return JSON.parse(text);
}

/** Page problems, less the lines Chromium logs itself for sockets the sandbox refused or broke. */
const ours = (problems) => problems.filter((m) => !/WebSocket connection to .* failed/.test(m));

const counts = async () => (await admin('GET', '/sandbox/faults')).counts;

/**
 * Waits until the sandbox holds back no frame any more (a delay's late
 * replies have all gone out), polling its fault API: a wait for that
 * instead of a sleep as long as the delay.
 */
async function lateFramesSent(ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const { waiting } = await admin('GET', '/sandbox/faults');
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`the sandbox still holds ${waiting} frames after ${ms}ms`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // a poll interval, not a wait for time to pass
  }
}

/** The texts the sandbox stores for a customer's thread, in order. */
async function stored(customerId, threadId) {
  const threads = await admin('GET', '/sandbox/threads');
  const t = threads.find((x) => x.customerId === customerId && x.threadId === threadId);
  return (t?.messages ?? []).filter((m) => m.direction === 'inbound').map((m) => m.messageContent.payload.text);
}

/** Opens the resilience page with short reconnect delays plus opts. */
async function faultPage(opts = {}) {
  const q = new URLSearchParams({ opts: JSON.stringify({ reconnectMinDelay: 30, reconnectMaxDelay: 120, ...opts }) });
  const p = await openPage(browser, `${sandbox.url}/js/test/pages/faults.html?${q}`);
  await waitFor(p.page, () => window.appReady === true);
  p.customerId = await p.page.evaluate(() => window.app.customerId);
  p.threadId = `t-${p.customerId}`;
  p.fault = (kind, body = {}) => admin('POST', `/sandbox/faults/${kind}`, { customerId: p.customerId, ...body });
  // start() connects; the thread list is a round trip after which the
  // sandbox surely has registered the socket that faults will aim at.
  await p.page.evaluate(async (id) => { await window.app.start(id); await window.app.sdk.getThreadList(); }, p.threadId);
  return p;
}

/** Waits until the page has seen a socket open again after a close. */
const reopened = (page) => waitFor(page, () => {
  const s = window.app.states;
  const closed = s.indexOf('close');
  return closed >= 0 && s.indexOf('open', closed) > closed && s;
});

test('a dropped connection is restored (close, reconnecting, open) and the missed reply recovered once', async () => {
  const p = await faultPage({ maxReconnectAttempts: 100 });
  await p.fault('refuse', { ms: 1500 }); // the agent answers (3×60 ms) while the page is away
  await p.page.evaluate(() => window.app.thread.sendTextMessage('hi'));
  assert.equal((await p.fault('drop')).count, 1);
  const states = await reopened(p.page);
  assert.deepEqual(states.slice(0, 2), ['close', 'reconnecting']);
  await waitFor(p.page, () => window.app.replies('hi') >= 1);
  await p.page.evaluate(() => window.app.thread.sendTextMessage('after'));
  await waitFor(p.page, () => window.app.replies('after') >= 1);
  assert.equal(await p.page.evaluate(() => window.app.replies('hi')), 1, 'the missed reply arrives exactly once');
  assert.ok((await counts()).refused >= 1, 'a reconnect was refused meanwhile');
  assert.deepEqual(await stored(p.customerId, p.threadId), ['hi', 'after']);
  assert.deepEqual(ours(p.problems), []);
  await p.context.close();
});

test('a stalled heartbeat (half-open socket) is detected, the socket replaced, and the send under way resolves once', async () => {
  const p = await faultPage({ heartbeatInterval: 100, heartbeatTimeout: 400 });
  assert.equal((await p.fault('heartbeat', { silent: true })).count, 1);
  const ack = await p.page.evaluate(() => window.app.thread.sendTextMessage('during the stall'));
  assert.equal(ack.data.message.messageContent.payload.text, 'during the stall');
  const states = await p.page.evaluate(() => window.app.states);
  assert.ok(states.indexOf('open', states.indexOf('reconnecting')) > 0, `a new socket opened (${states})`);
  assert.ok((await counts()).heartbeatsUnanswered >= 1, 'the sandbox left heartbeats unanswered');
  const closes = await p.page.evaluate(() => window.app.closes);
  assert.equal(closes[0].name, 'WebSocketClientError', 'the close event carries a WebSocketClientError');
  assert.equal(closes[0].code, 'closed');
  await waitFor(p.page, () => window.app.replies('during the stall') >= 1);
  assert.deepEqual(await stored(p.customerId, p.threadId), ['during the stall'], 'the resend was stored once');
  assert.deepEqual(p.problems, []);
  await p.context.close();
});

test('refused reconnects back off and retry until one succeeds', async () => {
  const p = await faultPage();
  await p.fault('refuse', { count: 3 });
  assert.equal((await p.fault('drop')).count, 1);
  const states = await reopened(p.page);
  assert.equal((await counts()).refused, 3);
  assert.ok(states.filter((s) => s === 'reconnecting').length >= 4, `one attempt per refusal, then success (${states})`);
  const ack = await p.page.evaluate(() => window.app.thread.sendTextMessage('through'));
  assert.equal(ack.type, 'MessageCreated');
  await p.context.close();
});

test('an error answer rejects with a typed error, and the next call works', async () => {
  const p = await faultPage();
  await p.fault('error', { eventType: 'SendMessage', errorCode: 'MessageRejected', errorMessage: 'not now' });
  await p.fault('error', { eventType: 'LoadThreadMetadata' });
  const r = await p.page.evaluate(async () => {
    const { thread, capture } = window.app;
    const send = await thread.sendTextMessage('refused').then(() => 'resolved', capture);
    const meta = await thread.getMetadata().then(() => 'resolved', capture);
    const next = (await thread.sendTextMessage('accepted')).data.message.messageContent.payload.text;
    return { send, meta, next };
  });
  assert.equal(r.send.sendFailed, true, 'a SendMessageFailedError');
  assert.equal(r.send.code, 'server');
  assert.equal(r.send.serverCode, 'MessageRejected', 'error.data.response carries the server error');
  assert.equal(r.send.message, '[ChatSDKError]: Send message failed');
  assert.equal(r.meta.sdkError, true);
  assert.equal(r.meta.code, 'server');
  assert.equal(r.next, 'accepted');
  assert.deepEqual(await stored(p.customerId, p.threadId), ['accepted']);
  await p.context.close();
});

test('malformed frames are ignored and the SDK keeps working', async () => {
  const p = await faultPage();
  const kinds = ['not-json', 'unknown-event', 'wrong-types', 'no-event-id', 'huge', 'invalid-utf8'];
  for (const kind of kinds) {
    assert.equal((await p.fault('malformed', { kind })).count, 1, kind);
    const text = await p.page.evaluate((k) => window.app.thread.sendTextMessage(`after ${k}`).then((a) => a.data.message.messageContent.payload.text), kind);
    assert.equal(text, `after ${kind}`);
  }
  assert.deepEqual(await stored(p.customerId, p.threadId), kinds.map((k) => `after ${k}`));
  const r = await p.page.evaluate(() => ({
    internal: window.app.errors.filter((e) => e.code === 'internal'),
    huge: window.app.received.some((m) => (m.text ?? '').length > 1e6),
  }));
  assert.deepEqual(r.internal, [], 'no recovered panic');
  assert.equal(r.huge, false, 'the oversized frame never reached the page');
  assert.deepEqual(ours(p.problems), [], 'only Chromium\'s own line about the invalid UTF-8 frame');
  await p.context.close();
});

test('a call after a recovered panic works, across a reconnect', async () => {
  const p = await faultPage();
  const r = await p.page.evaluate(async () => {
    const { sdk, capture } = window.app;
    return {
      async: await sdk._internal.call('internal.panic').then(() => 'resolved', capture),
      sync: (() => { try { sdk._internal.callSync('internal.panic'); return 'returned'; } catch (e) { return capture(e); } })(),
    };
  });
  assert.equal(r.async.code, 'internal');
  assert.equal(r.sync.code, 'internal');
  assert.equal((await p.fault('drop')).count, 1);
  await reopened(p.page);
  const text = await p.page.evaluate(async () => (await window.app.thread.sendTextMessage('still alive')).data.message.messageContent.payload.text);
  assert.equal(text, 'still alive');
  await p.context.close();
});

test('a request timeout rejects with code timeout naming the request, and leaves nothing waiting', async () => {
  // The timeout is short but not so short that an ordinary round trip (the
  // seed) outlasts it on a loaded machine, as 300ms did; the delay is
  // twice the timeout.
  const p = await faultPage({ requestTimeout: 1500 });
  await p.page.evaluate(() => window.app.thread.sendTextMessage('seed'));
  await p.fault('delay', { delayMs: 3000 });
  const r = await p.page.evaluate(async () => {
    const { sdk, thread, capture } = window.app;
    const err = await thread.getMetadata().then(() => 'resolved', capture);
    return { err, pending: sdk._internal.callSync('state').pending };
  });
  assert.equal(r.err.code, 'timeout');
  assert.equal(r.err.sdkError, true);
  assert.equal(r.err.message, '[ChatSDKError]: Request getMetadata timed out');
  assert.equal(r.pending, 0);
  await admin('DELETE', '/sandbox/faults');
  // The late reply goes out; frames on a socket stay in order, so the
  // next request's reply comes after it, and the late one is dropped.
  await lateFramesSent();
  const meta = await p.page.evaluate(() => window.app.thread.getMetadata().then((m) => m.type));
  assert.equal(meta, 'ThreadMetadataLoaded');
  await p.context.close();
});

test('abort() rejects an AbortablePromise with AbortError and cancels the request', async () => {
  const p = await faultPage();
  await p.page.evaluate(() => window.app.thread.sendTextMessage('seed'));
  await p.fault('delay', { delayMs: 1500 });
  const r = await p.page.evaluate(async () => {
    const { sdk, thread, capture } = window.app;
    const promise = thread.recover();
    setTimeout(() => promise.abort('enough'), 50);
    const err = await promise.then(() => 'resolved', capture);
    return { err, reason: promise.abortReason };
  });
  assert.equal(r.err.aborted, true);
  assert.equal(r.err.name, 'AbortError');
  assert.equal(r.err.code, 'canceled');
  assert.equal(r.reason, 'enough');
  await waitFor(p.page, () => window.app.sdk._internal.callSync('state').pending === 0);
  await admin('DELETE', '/sandbox/faults');
  await lateFramesSent(); // the aborted request's late reply is out of the way
  const recovered = await p.page.evaluate(() => window.app.thread.recover().then((d) => d.messages.map((m) => m.messageContent.payload.text)));
  assert.ok(recovered.includes('seed'), `recover works again (${recovered})`);
  await p.context.close();
});
