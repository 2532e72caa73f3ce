// Soak: 1,000 messages from one page while the sandbox loses the reply to
// every 50th message together with its socket, and twice silences the
// socket long enough for the heartbeat to declare it dead. Nothing may be
// lost, duplicated or left pending.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, launchBrowser, openPage, waitFor } from './harness.mjs';

const N = 1000;
let sandbox;
let browser;

before(async () => {
  sandbox = await startSandbox(['-agent-delay', '1ms']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

test(`soak: ${N} messages through dropped sockets and stalled heartbeats`, { timeout: 240_000 }, async () => {
  const { page, context, problems } = await openPage(browser, `${sandbox.url}/js/test/pages/auth.html`);
  await waitFor(page, () => window.appReady === true);
  const customer = `soak-${crypto.randomUUID()}`;
  const post = (body) => fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
  await post({ fault: 'dropEvery', every: 50, customerId: customer });

  const result = await page.evaluate(async ({ customer, N }) => {
    const { app } = window;
    const sdk = app.make({
      customerId: customer, heartbeatInterval: 200, heartbeatTimeout: 700, reconnectMinDelay: 50, reconnectMaxDelay: 200,
      // The reference's 100 requests per 5 s would make this a 50 s wait
      // that tests nothing about faults.
      requestRateLimit: -1,
    });
    await sdk.connect();
    const states = [];
    for (const s of ['close', 'reconnecting', 'open']) sdk.getWebsocketClient().on(s, () => states.push(s));
    const thread = sdk.getThread('soak-thread');
    const stall = () => fetch('/sandbox/faults', { method: 'POST', body: JSON.stringify({ fault: 'stallHeartbeats', customerId: customer, seconds: 1, silent: true }) });
    let resolved = 0;
    let rejected = 0;
    const failures = [];
    for (let i = 0; i < N; i++) {
      if (i === 300 || i === 700) await stall();
      try {
        await thread.sendTextMessage(`soak-${i}`);
        resolved++;
      } catch (e) {
        rejected++;
        failures.push(`${i}: ${e.message}`);
      }
    }
    return { resolved, rejected, failures: failures.slice(0, 5), closes: states.filter((s) => s === 'close').length };
  }, { customer, N });

  // Every agent reply reaches the page; then give duplicates time to show.
  // (a shortfall is reported by the counts below, not by a timeout)
  await waitFor(page, (n) => new Set(window.app.log.replies).size >= n, N, 30_000).catch(() => {});
  await new Promise((r) => setTimeout(r, 1000));
  const replies = await page.evaluate(() => window.app.log.replies);
  const perText = new Map();
  for (const r of replies) perText.set(r, (perText.get(r) ?? 0) + 1);
  const duplicated = [...perText.values()].filter((n) => n > 1).length;

  const threads = await (await fetch(`${sandbox.url}/sandbox/threads`)).json();
  const mine = threads.find((t) => t.customerId === customer && t.threadId === 'soak-thread');
  const stored = mine.messages.filter((m) => m.direction === 'inbound').map((m) => m.messageContent.payload.text);
  const faults = await (await fetch(`${sandbox.url}/sandbox/faults`)).json();
  await post({ fault: 'clear' });

  console.log(`soak: sent ${N}; promises resolved ${result.resolved}, rejected ${result.rejected}; ` +
    `sandbox stored ${stored.length} (${new Set(stored).size} distinct); agent replies received ${replies.length} ` +
    `(${perText.size} distinct, ${duplicated} duplicated); sockets lost ${result.closes}; ` +
    `replies lost with their socket ${faults.dropped ?? 0}; frames silenced ${faults.framesSilenced ?? 0}`);

  assert.deepEqual(result.failures, []);
  assert.equal(result.resolved + result.rejected, N, 'every promise settled');
  assert.equal(result.resolved, N);
  assert.deepEqual(stored, Array.from({ length: N }, (_, i) => `soak-${i}`), 'the sandbox holds each message once, in order');
  assert.equal(perText.size, N, 'a reply to every message');
  assert.equal(duplicated, 0, 'no reply twice');
  assert.ok((faults.dropped ?? 0) >= N / 50 - 1, `replies lost with their socket: ${faults.dropped}`);
  assert.ok((faults.framesSilenced ?? 0) > 0, 'the stalls happened');
  assert.ok(result.closes >= N / 50, `sockets lost: ${result.closes}`);
  assert.deepEqual(problems, []);
  await context.close();
});
