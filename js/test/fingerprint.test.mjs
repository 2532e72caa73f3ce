// The browser fingerprint on the wire: its location is the page's IANA time
// zone, read with Temporal.Now.timeZoneId() (about 0.1 ms) where the browser
// has it, and with Intl.DateTimeFormat() (whose first call loads locale data:
// 40-320 ms measured in Chromium 156, on the way to the first socket)
// where it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

// Records what the page writes to its sockets, and counts Intl.DateTimeFormat
// calls; without Temporal when asked.
const watch = (noTemporal) => {
  globalThis.__sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { globalThis.__sent.push(String(data)); return send.call(this, data); };
  globalThis.__intlCalls = 0;
  const DTF = Intl.DateTimeFormat;
  Intl.DateTimeFormat = function (...a) { globalThis.__intlCalls++; return new DTF(...a); };
  Intl.DateTimeFormat.prototype = DTF.prototype;
  if (noTemporal) delete globalThis.Temporal;
};

async function sentFingerprint(noTemporal) {
  const context = await env.browser.newContext({ timezoneId: 'Asia/Tokyo' });
  try {
    await context.addInitScript(watch, noTemporal);
    const p = await context.newPage();
    await p.goto(`${env.sandbox.url}/js/test/pages/faults.html`);
    await waitFor(p, () => window.appReady === true);
    const customerId = await p.evaluate(() => window.app.customerId);
    await p.evaluate(async (id) => {
      await window.app.start(id);
      await window.app.thread.sendTextMessage('where am I');
    }, `t-${customerId}`);
    return await p.evaluate(() => {
      const frame = globalThis.__sent.map((s) => JSON.parse(s)).find((f) => f.payload?.eventType === 'SendMessage');
      return { fp: frame?.payload?.data?.browserFingerprint, intl: globalThis.__intlCalls, temporal: typeof globalThis.Temporal };
    });
  } finally {
    await context.close();
  }
}

test('the fingerprint location comes from Temporal where the browser has it, without Intl.DateTimeFormat', async () => {
  const r = await sentFingerprint(false);
  assert.equal(r.temporal, 'object', 'this Chromium has Temporal');
  assert.equal(r.fp?.location, 'Asia/Tokyo');
  assert.equal(r.intl, 0, 'Intl.DateTimeFormat was not called');
});

test('without Temporal the location comes from Intl.DateTimeFormat', async () => {
  const r = await sentFingerprint(true);
  assert.equal(r.temporal, 'undefined');
  assert.equal(r.fp?.location, 'Asia/Tokyo');
  assert.ok(r.intl >= 1, 'Intl.DateTimeFormat was asked');
});
