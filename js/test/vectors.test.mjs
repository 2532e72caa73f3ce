// Conformance: every step of testdata/protocol/vectors/v1-steps.json, replayed
// against the sandbox's stand-in gateway, must give what the reference SDK
// gave: the same events on the same listeners with the same details, the
// same results, the same error names and messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, startSandbox, launchBrowser, openPage, waitFor } from './harness.mjs';

const vectors = path.join(root, 'testdata', 'protocol', 'vectors');
const steps = JSON.parse(fs.readFileSync(path.join(vectors, 'v1-steps.json'), 'utf8'));
const expected = {
  '3.3.0': JSON.parse(fs.readFileSync(path.join(vectors, 'v1-reference-3.3.0.json'), 'utf8')),
  '2.2.0': JSON.parse(fs.readFileSync(path.join(vectors, 'v1-reference-2.2.0.json'), 'utf8')),
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// Values the client (or the stand-in's default reply) generates are compared
// by shape: uuids as uuids, timestamps of default replies as timestamps.
function same(actual, want, where, generated = false) {
  if (typeof want === 'string' && (uuid.test(want) || (generated && timestamp.test(want)))) {
    assert.match(String(actual), uuid.test(want) ? uuid : timestamp, `${where}: want a ${uuid.test(want) ? 'uuid' : 'timestamp'}`);
    return;
  }
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(actual), `${where}: want an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, want.length, `${where}: length`);
    want.forEach((w, i) => same(actual[i], w, `${where}[${i}]`, generated));
    return;
  }
  if (want !== null && typeof want === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${where}: want an object, got ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(want).sort(), `${where}: keys`);
    for (const k of Object.keys(want)) same(actual[k], want[k], `${where}.${k}`, generated);
    return;
  }
  assert.deepEqual(actual, want, where);
}

let sandbox;
let browser;
let page;
const observed = [];

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
  await fetch(`${sandbox.url}/replay/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
  ({ page } = await openPage(browser, `${sandbox.url}/js/test/pages/replay.html`));
  await waitFor(page, () => window.appReady === true);
  await page.evaluate(() => window.replay.start());
  for (const step of steps) {
    await page.evaluate(() => { window.replay.events.length = 0; window.replay.onError.length = 0; });
    if (step.respond) await fetch(`${sandbox.url}/replay/respond`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: step.respond });
    if (step.push !== undefined) {
      const body = typeof step.push === 'string' ? step.push : JSON.stringify(step.push);
      await fetch(`${sandbox.url}/replay/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    }
    const out = { name: step.name };
    if (step.call) {
      Object.assign(out, await page.evaluate(async (call) => {
        const timeout = new Promise((resolve) => setTimeout(() => resolve('TIMEOUT'), 1500));
        try {
          // eslint-disable-next-line no-new-func
          const value = await Promise.race([new Function('sdk', 'thread', `return (${call});`)(window.sdk, window.thread), timeout]);
          return value === 'TIMEOUT' ? { error: 'TIMEOUT' } : { result: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) };
        } catch (e) {
          return { error: { name: e.name, message: e.message } };
        }
      }, step.call));
    }
    await new Promise((r) => setTimeout(r, step.wait ?? 300));
    const { events, onError } = await page.evaluate(() => ({ events: [...window.replay.events], onError: [...window.replay.onError] }));
    out.events = events;
    if (onError.length) out.onError = onError;
    observed.push(out);
  }
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

for (const version of Object.keys(expected)) {
  test(`v1 vectors replay as the reference ${version} did`, () => {
    assert.equal(observed.length, expected[version].length);
    expected[version].forEach((want, i) => {
      const got = observed[i];
      const where = `${version} step ${i} "${want.name}"`;
      assert.deepEqual(got.events.map((e) => `${e.via} ${e.type}`), want.events.map((e) => `${e.via} ${e.type}`), `${where}: events`);
      want.events.forEach((w, j) => { if (w.detail !== undefined) same(got.events[j].detail, w.detail, `${where} event ${j}`); });
      // Without a queued reply the stand-in answers with its own createdAt.
      const generated = !steps[i].respond;
      if ('result' in want) same(got.result, want.result, `${where}: result`, generated);
      if ('error' in want) assert.deepEqual(got.error, want.error, `${where}: error`);
      if (!('result' in want) && !('error' in want)) assert.equal(got.error, undefined, `${where}: unexpected error`);
      assert.deepEqual(got.onError ?? [], want.onError ?? [], `${where}: onError`);
    });
  });
}

test('outbound frames have the shape the reference sends (captured/)', async () => {
  const log = await (await fetch(`${sandbox.url}/replay/log`)).json();
  const sent = log.filter((e) => e.kind === 'ws-in').map((e) => (typeof e.v === 'string' ? JSON.parse(e.v) : e.v ?? e.frame));
  const wsIn = (file) => fs.readFileSync(path.join(root, 'testdata', 'protocol', ...file), 'utf8')
    .trim().split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l)).filter((e) => e.kind === 'ws-in').map((e) => e.v);
  // Where 2.2.0 and 3.3.0 differ we follow 3.3.0: its frames first; 2.2.0's
  // (captured/) for the types the 3.3.0 run did not send, less the visitor,
  // which 2.2.0 sent empty and 3.3.0 fills with the visitor id.
  const ref33 = wsIn(['vectors', 'v1-reference-3.3.0-frames.jsonl']);
  const ref22 = wsIn(['captured', 'reference-2.2.0-session.jsonl']);
  const byType = (frames, t) => frames.find((f) => f?.payload?.eventType === t);
  const shape = (v) => (Array.isArray(v) ? v.map(shape) : v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v);
  const withoutVisitor = (f) => ({ ...f, payload: { ...f.payload, visitor: undefined } });
  let compared = 0;
  for (const t of ['SendMessage', 'RecoverThread', 'MessageSeenByConsumer', 'FetchThreadList', 'LoadThreadMetadata', 'ArchiveThread', 'LoadMoreMessages']) {
    let ours = byType(sent, t);
    let theirs = byType(ref33, t);
    if (!theirs && ours) {
      theirs = byType(ref22, t) && withoutVisitor(byType(ref22, t));
      ours = withoutVisitor(ours);
    }
    if (!ours || !theirs) continue;
    const o = shape(ours); const r = shape(theirs);
    // The fingerprint's values depend on the browser; its keys must match.
    assert.deepEqual(o, r, `${t} frame shape`);
    compared++;
  }
  assert.ok(compared >= 5, `compared ${compared} frame types`);
  const open = log.find((e) => e.kind === 'ws-open');
  assert.ok(open, 'the socket opening is logged');
});
