// Soak: 1,000 messages from a real browser while the sandbox drops the
// connection about every 50 messages (after storing one, before
// acknowledging it) and turns the socket half-open twice. Nothing may be
// lost, duplicated or left hanging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, launchBrowser, openPage, waitFor } from './harness.mjs';

const TOTAL = 1000;
const DROP_EVERY = 50;
const STALL_AT = [300, 700];

let sandbox;
let browser;

before(async () => {
  sandbox = await startSandbox(['-agent-delay', '3ms']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

async function admin(method, path, body) {
  const res = await fetch(sandbox.url + path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${path}: ${text}`);
  return JSON.parse(text);
}

test(`${TOTAL} messages across ~${TOTAL / DROP_EVERY} drops and ${STALL_AT.length} stalled heartbeats: each stored once, in order, each reply received once, every promise settled`, async () => {
  const started = Date.now();
  const opts = { heartbeatInterval: 100, heartbeatTimeout: 500, reconnectMinDelay: 20, reconnectMaxDelay: 100, requestRateLimit: -1 };
  const { page, context, problems } = await openPage(browser, `${sandbox.url}/js/test/pages/faults.html?${new URLSearchParams({ opts: JSON.stringify(opts) })}`);
  await waitFor(page, () => window.appReady === true);
  const customerId = await page.evaluate(() => window.app.customerId);
  const threadId = `soak-${customerId}`;
  await page.evaluate((id) => window.app.start(id), threadId);
  await admin('POST', '/sandbox/faults/drop', { customerId, everyMessages: DROP_EVERY });

  // The page sends one message after another, as a person (or a bot) would.
  await page.evaluate((total) => {
    const soak = { sent: 0, resolved: 0, rejected: 0, failures: [], done: false };
    window.soak = soak;
    (async () => {
      for (let i = 0; i < total; i++) {
        try {
          await window.app.thread.sendTextMessage(`soak ${i}`);
          soak.resolved++;
        } catch (e) {
          soak.rejected++;
          soak.failures.push(`${i}: ${e.code} ${e.message}`);
        }
        soak.sent = i + 1;
      }
      soak.done = true;
    })();
  }, TOTAL);

  let stalls = 0;
  for (const at of STALL_AT) {
    await waitFor(page, (n) => window.soak.sent >= n, at, 240000);
    stalls += (await admin('POST', '/sandbox/faults/heartbeat', { customerId, silent: true })).count;
  }
  await waitFor(page, () => window.soak.done, undefined, 240000);
  const soak = await page.evaluate(() => window.soak);

  // Every agent reply arrives; then a moment for any duplicate to show up.
  // (A timeout here is reported by the counts and assertions below.)
  await waitFor(page, (total) => {
    for (let i = 0; i < total; i++) if (window.app.replies(`soak ${i}`) === 0) return false;
    return true;
  }, TOTAL, 60000).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 500));
  const page1 = await page.evaluate((total) => {
    const counts = Array.from({ length: total }, (_, i) => window.app.replies(`soak ${i}`));
    return {
      replies: counts.reduce((a, b) => a + b, 0),
      distinctReplies: counts.filter((n) => n > 0).length,
      duplicated: counts.map((n, i) => (n > 1 ? i : -1)).filter((i) => i >= 0),
      replyOrder: window.app.received.filter((m) => m.direction === 'outbound').map((m) => m.text),
      reconnects: window.app.states.filter((s) => s === 'open').length,
      internalErrors: window.app.errors.filter((e) => e.code === 'internal').length,
    };
  }, TOTAL);

  const threads = await admin('GET', '/sandbox/threads');
  const thread = threads.find((t) => t.customerId === customerId && t.threadId === threadId);
  const inbound = thread.messages.filter((m) => m.direction === 'inbound');
  const texts = inbound.map((m) => m.messageContent.payload.text);
  const ids = new Set(inbound.map((m) => m.idOnExternalPlatform));
  const faults = (await admin('GET', '/sandbox/faults')).counts;

  console.log(`soak: sent ${soak.sent}, resolved ${soak.resolved}, rejected ${soak.rejected}; `
    + `sandbox stored ${inbound.length} (${ids.size} distinct ids); `
    + `agent replies received ${page1.replies} (${page1.distinctReplies} distinct, ${page1.duplicated.length} duplicated, `
    + `${page1.replyOrder.filter((t, i) => t !== `Mia: you said "soak ${i}"`).length} out of place); `
    + `drops ${faults.dropped}, half-open stalls ${stalls}, heartbeats unanswered ${faults.heartbeatsUnanswered}, `
    + `frames withheld ${faults.framesWithheld}, reconnects seen by the page ${page1.reconnects}; `
    + `${((Date.now() - started) / 1000).toFixed(1)} s`);

  assert.equal(soak.sent, TOTAL);
  assert.equal(soak.resolved + soak.rejected, TOTAL, 'every promise settled');
  assert.deepEqual(soak.failures, [], 'no send failed');
  assert.equal(inbound.length, TOTAL, 'the sandbox holds exactly one copy of each message');
  assert.equal(ids.size, TOTAL, 'with distinct ids');
  assert.deepEqual(texts, Array.from({ length: TOTAL }, (_, i) => `soak ${i}`), 'in the order sent');
  assert.equal(page1.distinctReplies, TOTAL, 'every agent reply reached the page');
  assert.deepEqual(page1.duplicated, [], 'none twice');
  assert.equal(page1.replies, TOTAL);
  assert.deepEqual(page1.replyOrder, Array.from({ length: TOTAL }, (_, i) => `Mia: you said "soak ${i}"`), 'in order');
  assert.ok(faults.dropped >= TOTAL / DROP_EVERY - 1, `the sandbox dropped the connection ${faults.dropped} times`);
  assert.equal(stalls, STALL_AT.length, 'each stall caught an open socket');
  assert.ok(page1.reconnects >= faults.dropped + stalls, 'the page saw each socket replaced');
  assert.equal(page1.internalErrors, 0);
  assert.deepEqual(problems, []);
  await context.close();
});
