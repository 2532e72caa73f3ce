// Each fault the sandbox can inject, against the real wasm in Chromium:
// dropped sockets, silent stalls, refused reconnects, error answers,
// malformed frames, timeouts and aborts. The SDK must recover, report
// clearly and keep working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, launchBrowser, openPage, waitFor } from './harness.mjs';

let sandbox;
let browser;

before(async () => {
  sandbox = await startSandbox(['-agent-delay', '15ms']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

async function fault(body) {
  const r = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(r.status, 200, `fault ${JSON.stringify(body)}`);
  return r.json();
}
const counts = async () => (await fetch(`${sandbox.url}/sandbox/faults`)).json();

// A page with short connection timings, its connection events recorded.
async function faultPage(extra = {}) {
  const p = await openPage(browser, `${sandbox.url}/js/test/pages/auth.html`);
  await waitFor(p.page, () => window.appReady === true);
  const customer = `fault-${crypto.randomUUID()}`;
  await p.page.evaluate(async ({ customer, extra }) => {
    const { app } = window;
    const sdk = app.make({
      customerId: customer, heartbeatInterval: 250, heartbeatTimeout: 800, reconnectMinDelay: 100, reconnectMaxDelay: 300, ...extra,
    });
    await sdk.connect();
    app.states = [];
    const ws = sdk.getWebsocketClient();
    for (const s of ['open', 'close', 'reconnecting', 'error']) ws.on(s, () => app.states.push(s));
    app.thread = sdk.getThread('fault-thread');
  }, { customer, extra });
  return { ...p, customer };
}

const send = (page, text, extra) => page.evaluate(async ({ text, extra }) => {
  try {
    const ack = await window.app.thread.sendTextMessage(text, extra ?? {});
    return { ok: ack.data.message.messageContent.payload.text };
  } catch (e) {
    return { error: { name: e.constructor.name, code: e.code, message: e.message, server: e.data?.response?.error?.errorMessage } };
  }
}, { text, extra });

const replies = (page, text) => page.evaluate((t) => window.app.log.replies.filter((r) => r === `Mia: you said "${t}"`).length, text);

test('a dropped socket reconnects, and a message sent while it was down arrives once', async () => {
  const { page, context, customer, problems } = await faultPage();
  assert.deepEqual(await send(page, 'before'), { ok: 'before' });
  await fault({ fault: 'drop', customerId: customer });
  await waitFor(page, () => window.app.states.includes('reconnecting'));
  assert.deepEqual(await send(page, 'while down'), { ok: 'while down' });
  await waitFor(page, () => window.app.log.replies.includes('Mia: you said "while down"'));
  const states = await page.evaluate(() => window.app.states);
  assert.deepEqual(states.slice(0, 2), ['close', 'reconnecting']);
  assert.ok(states.includes('open'), `states ${states}`);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await replies(page, 'while down'), 1, 'the reply came exactly once');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a silent stall is detected by the heartbeat and the socket replaced', async () => {
  const { page, context, customer } = await faultPage();
  await fault({ fault: 'stallHeartbeats', customerId: customer, seconds: 1.5, silent: true });
  await waitFor(page, () => window.app.states.includes('close'), undefined, 5000);
  await fault({ fault: 'clear' });
  await waitFor(page, () => window.app.states.includes('open'), undefined, 5000);
  assert.deepEqual(await send(page, 'after the stall'), { ok: 'after the stall' });
  await context.close();
});

test('refused reconnects are retried with backoff until the gateway accepts', async () => {
  const { page, context, customer } = await faultPage();
  const before = (await counts()).refused ?? 0;
  await fault({ fault: 'refuseReconnects', seconds: 1 });
  await fault({ fault: 'drop', customerId: customer });
  await waitFor(page, () => window.app.states.includes('open'), undefined, 8000);
  const refused = (await counts()).refused - before;
  assert.ok(refused >= 2, `${refused} refused attempts before success`);
  const tries = await page.evaluate(() => window.app.states.filter((s) => s === 'reconnecting').length);
  assert.ok(tries >= 2, `${tries} reconnecting events`);
  assert.deepEqual(await send(page, 'back'), { ok: 'back' });
  await context.close();
});

test('an error answer rejects with a typed error; the next send works', async () => {
  const { page, context } = await faultPage();
  await fault({ fault: 'error', eventType: 'SendMessage', errorCode: 'Boom', errorMessage: 'Injected failure' });
  const r = await send(page, 'refused');
  assert.equal(r.error.name, 'SendMessageFailedError');
  assert.equal(r.error.code, 'server');
  assert.equal(r.error.server, 'Injected failure');
  assert.deepEqual(await send(page, 'accepted'), { ok: 'accepted' });
  await context.close();
});

test('malformed frames are refused cleanly and the SDK keeps working', async () => {
  const { page, context, customer, problems } = await faultPage();
  for (const kind of ['notJson', 'unknownType', 'wrongTypes', 'noEventId', 'nullData', 'huge']) {
    assert.deepEqual(await fault({ fault: 'malformed', kind, customerId: customer }), { sent: 1 });
  }
  assert.deepEqual(await send(page, 'still here'), { ok: 'still here' });
  await waitFor(page, () => window.app.log.replies.includes('Mia: you said "still here"'));
  assert.deepEqual(problems, [], 'no page error');
  const errors = await page.evaluate(() => window.app.log.errors.map((e) => e.message));
  assert.ok(errors.filter((m) => /Malformed MessageCreated event ignored/.test(m)).length >= 2,
    `message events without a message were reported through onError, not dispatched: ${errors}`);
  await context.close();
});

test('a request that gets no answer in time rejects with code timeout naming it; aborts reject with AbortError', async () => {
  const { page, context } = await faultPage({ requestTimeout: 400 });
  await fault({ fault: 'delay', millis: 1500 });
  try {
    const timedOut = await send(page, 'slow');
    assert.equal(timedOut.error.code, 'timeout');
    assert.match(timedOut.error.message, /sendTextMessage/);
    const aborted = await page.evaluate(async () => {
      const ctl = new AbortController();
      setTimeout(() => ctl.abort('page closed the composer'), 50);
      try { await window.app.thread.sendTextMessage('abort me', { signal: ctl.signal }); return 'resolved'; } catch (e) {
        return { name: e.constructor.name, code: e.code };
      }
    });
    assert.deepEqual(aborted, { name: 'AbortError', code: 'canceled' });
    const recovered = await page.evaluate(async () => {
      const p = window.app.thread.recover();
      p.abort();
      try { await p; return 'resolved'; } catch (e) { return e.constructor.name; }
    });
    assert.equal(recovered, 'AbortError');
  } finally {
    await fault({ fault: 'clear' });
  }
  assert.deepEqual(await send(page, 'after'), { ok: 'after' });
  await context.close();
});
