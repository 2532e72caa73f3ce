// A hostile server (issue 9, findings 1 and 2): frames nested deep enough
// to exhaust a recursive decoder. The wasm must neither die nor freeze nor
// keep the memory: the session goes on and later requests still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

// Captures the wasm memory of the page (test only: the SDK does not expose it).
const captureMemory = () => {
  const keep = (r) => { const m = r.instance?.exports?.mem ?? r.exports?.mem; if (m) globalThis.__wasmMemory = m; return r; };
  const s = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...a) => s.apply(WebAssembly, a).then(keep);
  const i = WebAssembly.instantiate;
  WebAssembly.instantiate = (...a) => i.apply(WebAssembly, a).then(keep);
  // The longest main-thread task, for the log.
  globalThis.__longest = 0;
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) globalThis.__longest = Math.max(globalThis.__longest, e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no long task API */ }
};

async function page() {
  const context = await env.browser.newContext();
  await context.addInitScript(captureMemory);
  const p = await context.newPage();
  const problems = [];
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await p.goto(`${env.sandbox.url}/js/test/pages/faults.html`);
  await waitFor(p, () => window.appReady === true);
  const customerId = await p.evaluate(() => window.app.customerId);
  const threadId = `t-${customerId}`;
  await p.evaluate(async (id) => {
    await window.app.start(id);
    window.app.seen = [];
    for (const type of ['ThreadRecovered', 'MessageCreated']) {
      window.app.sdk.onChatEvent(type, (e) => window.app.seen.push({ type, id: e.detail.id, at: performance.now() }));
    }
  }, threadId);
  const push = async (frame) => {
    const res = await fetch(`${env.sandbox.url}/sandbox/push?brandId=1086&channelId=chat_abc&customerId=${customerId}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: frame });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).count, 1, 'the frame reached the page socket');
  };
  return { p, context, problems, push, threadId };
}

// A ThreadRecovered whose contactHistory holds a ThreadRecovered, depth deep.
function nestedRecovered(id, threadId, depth, pad) {
  const filler = 'x'.repeat(pad);
  let s = '';
  for (let i = 0; i < depth; i++) {
    s += `{"eventId":"${i === 0 ? id : `${id}-${i}`}","eventType":"ThreadRecovered","data":{"thread":{"idOnExternalPlatform":"${threadId}"},"messages":[],"note":"${filler}","contactHistory":[`;
  }
  s += `{"eventId":"${id}-leaf","eventType":"CaseCreated","data":{"case":{}}}`;
  return s + ']}}'.repeat(depth);
}

// The session goes on: a send resolves and the agent's reply arrives.
async function stillWorks(t, text) {
  const r = await t.p.evaluate(async (txt) => {
    const res = await window.app.thread.sendTextMessage(txt);
    return { ok: typeof res === 'object' && res !== null };
  }, text);
  assert.ok(r.ok);
  await waitFor(t.p, (txt) => window.app.replies(txt) === 1, text);
}

const memory = (p) => p.evaluate(() => globalThis.__wasmMemory?.buffer.byteLength ?? -1);

test('finding 1: a history nested 300 and 1,000 deep is normalised without freezing or keeping memory', async () => {
  const t = await page();
  try {
    const before = await memory(t.p);
    assert.ok(before > 0, 'the wasm memory was captured');
    const f300 = nestedRecovered('deep300', t.threadId, 300, 3000);
    const f1000 = nestedRecovered('deep1000', t.threadId, 1000, 3900);
    assert.ok(f1000.length > 3.9e6 && f1000.length < 4 << 20, `frame is ${f1000.length} bytes`);
    const t0 = await t.p.evaluate(() => performance.now());
    await t.push(f300);
    await t.push(f1000);
    const seen = await waitFor(t.p, () => {
      const ids = window.app.seen.filter((e) => e.type === 'ThreadRecovered').map((e) => e.id);
      return ids.includes('deep300') && ids.includes('deep1000') && window.app.seen;
    });
    const last = Math.max(...seen.filter((e) => e.type === 'ThreadRecovered').map((e) => e.at));
    const after = await memory(t.p);
    const longest = await t.p.evaluate(() => globalThis.__longest);
    console.log(`# finding 1: both frames dispatched ${Math.round(last - t0)} ms after the first push; longest main-thread task ${Math.round(longest)} ms; wasm memory ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB`);
    // Before: 300 levels alone took the memory to 1.9 GB (and 1,000 ran out).
    assert.ok(after < 256 * 2 ** 20, `wasm memory ${after} B`);
    await stillWorks(t, 'after the deep history');
    assert.deepEqual(t.problems, []);
  } finally {
    await t.context.close();
  }
});

test('finding 2: 10,000 levels of nesting neither overflow the stack nor end the session', async () => {
  const t = await page();
  try {
    const nest = (n) => '['.repeat(n) + ']'.repeat(n);
    const msg = (id, n) => `{"eventId":"${id}","eventType":"MessageCreated","data":{"message":{"id":"${id}","threadIdOnExternalPlatform":"${t.threadId}","direction":"outbound","messageContent":{"type":"TEXT","payload":{"text":"deep"}},"hasAdditionalMessageContent":false,"x":${nest(n)}}}}`;
    // Past the decoder's depth limit (10,000, encoding/json's): dropped.
    const over = msg('over', 10000);
    // Just within it: decoded, dispatched and parsed by the page.
    const within = msg('within', 9990);
    assert.ok(over.length > 20000 && over.length < 50000);
    await t.push(over);
    await t.push(within);
    await waitFor(t.p, () => window.app.seen.some((e) => e.id === 'within'));
    const states = await t.p.evaluate(() => window.app.states);
    assert.ok(!states.includes('close') && !states.includes('reconnecting'), `states ${states}`);
    assert.ok(!(await t.p.evaluate(() => window.app.seen.some((e) => e.id === 'over'))), 'the frame past the limit is dropped');
    await stillWorks(t, 'after the deep frame');
    assert.deepEqual(t.problems, []);
  } finally {
    await t.context.close();
  }
});

test('finding 10: a 64 MiB frame is dropped before its text reaches wasm memory', async () => {
  const t = await page();
  try {
    const before = await memory(t.p);
    const customerId = await t.p.evaluate(() => window.app.customerId);
    const res = await fetch(`${env.sandbox.url}/sandbox/faults/malformed`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'giant', brandId: 1086, channelId: 'chat_abc', customerId }),
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).count, 1, 'the frame went to the page socket');
    // The reply to a later send comes on the same socket, after the frame.
    await stillWorks(t, 'after the giant frame');
    const after = await memory(t.p);
    const stats = await t.p.evaluate(() => window.app.sdk.constructor._runtimeStats());
    console.log(`# finding 10: wasm memory ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB; oversized frames ${stats.oversizedFrames}`);
    assert.equal(stats.oversizedFrames, 1, 'counted as refused for its size');
    // Copied in, the frame alone would take 64 MiB (and the Go heap keeps it).
    assert.ok(after - before < 16 * 2 ** 20, `wasm memory grew by ${after - before} B`);
    assert.deepEqual(t.problems, []);
  } finally {
    await t.context.close();
  }
});

// The inbound frame path (issue 9, "cross once"): frames reach Go through
// the exports of wasm/inbound.go, encoded by js/socket.js straight into
// wasm memory. Frames of every size class (the reused 64 KiB buffer, a
// buffer of their own, one large enough to grow wasm memory on its way in)
// and of every UTF-8 width arrive exactly once, whole, in order, and all of
// them through the exports.
test('inbound frames of every size and UTF-8 width cross through the exports, once each and whole', async () => {
  const t = await page();
  const { p, problems, threadId } = t;
  try {
    const customerId = await p.evaluate(() => window.app.customerId);
    const stats = () => p.evaluate(() => window.app.sdk.constructor._runtimeStats());

    // [label, character, count]: the frame's UTF-8 size is about count ×
    // the character's width, the shim's room three bytes per UTF-16 unit.
    const cases = [
      ['ascii, small', 'a', 100],
      ['2-byte, just under the reused buffer', 'ü', 30000],
      ['3-byte, over the reused buffer', '字', 22000],
      ['4-byte (surrogate pairs), own buffer', '😀', 20000],
      ['ascii, 3 MB: wasm memory grows for it', 'a', 3_000_000],
      ['ascii, small, after the growth', 'b', 100],
    ];
    const before = await stats();
    const memBefore = await memory(p);
    assert.ok(memBefore > 0, 'the wasm memory was captured');
    const ids = [];
    for (const [label, ch, count] of cases) {
      const id = `in-${label.replace(/\W+/g, '-')}-${customerId}`;
      ids.push(id);
      const text = `${label}: ${ch.repeat(count)}`;
      const frame = JSON.stringify({
        eventId: id, eventType: 'MessageCreated', createdAt: new Date().toISOString(),
        data: { message: { id, threadIdOnExternalPlatform: threadId, direction: 'outbound', messageContent: { type: 'TEXT', payload: { text } }, hasAdditionalMessageContent: false } },
      });
      await t.push(frame);
      await waitFor(p, (i) => window.app.received.some((m) => m.id === i), id);
      const got = await p.evaluate((i) => window.app.received.filter((m) => m.id === i).map((m) => m.text), id);
      assert.equal(got.length, 1, `${label}: delivered once`);
      assert.equal(got[0].length, text.length, `${label}: the whole text`);
      assert.ok(got[0] === text, `${label}: the same text`);
    }
    const after = await stats();
    const memAfter = await memory(p);
    const crossed = after.inboundFrames - before.inboundFrames;
    const exported = after.exportedFrames - before.exportedFrames;
    console.log(`# inbound: ${crossed} frames, ${exported} through the exports; wasm memory ${(memBefore / 2 ** 20).toFixed(1)} → ${(memAfter / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(crossed >= cases.length, `${crossed} frames crossed`);
    assert.equal(exported, crossed, 'every frame of the core\'s socket came through the exports');
    assert.ok(memAfter > memBefore, 'the 3 MB frame grew wasm memory (the view is made after the growth)');
    // The order the page saw is the order they were pushed.
    const order = await p.evaluate(() => window.app.received.filter((m) => m.id.startsWith('in-')).map((m) => m.id));
    assert.deepEqual(order, ids);
    assert.deepEqual(problems, []);
  } finally {
    await t.context.close();
  }
});
