// The inbound frame path (issue 9, "cross once"): frames reach Go through
// the exports of wasm/inbound.go, encoded by js/socket.js straight into
// wasm memory. Frames of every size class (the reused 64 KiB buffer, a
// buffer of their own, one large enough to grow wasm memory on its way in)
// and of every UTF-8 width arrive exactly once, whole, in order, and all of
// them through the exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

const captureMemory = () => {
  const keep = (r) => { const m = r.instance?.exports?.mem ?? r.exports?.mem; if (m) globalThis.__wasmMemory = m; return r; };
  const s = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...a) => s.apply(WebAssembly, a).then(keep);
  const i = WebAssembly.instantiate;
  WebAssembly.instantiate = (...a) => i.apply(WebAssembly, a).then(keep);
};

test('inbound frames of every size and UTF-8 width cross through the exports, once each and whole', async () => {
  const context = await env.browser.newContext();
  try {
    await context.addInitScript(captureMemory);
    const p = await context.newPage();
    const problems = [];
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await p.goto(`${env.sandbox.url}/js/test/pages/faults.html`);
    await waitFor(p, () => window.appReady === true);
    const customerId = await p.evaluate(() => window.app.customerId);
    const threadId = `t-${customerId}`;
    await p.evaluate((id) => window.app.start(id), threadId);
    const stats = () => p.evaluate(() => window.app.sdk.constructor._runtimeStats());
    const memory = () => p.evaluate(() => globalThis.__wasmMemory?.buffer.byteLength ?? -1);

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
    const memBefore = await memory();
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
      const res = await fetch(`${env.sandbox.url}/sandbox/push?brandId=1086&channelId=chat_abc&customerId=${customerId}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: frame });
      assert.equal(res.status, 200, label);
      assert.equal((await res.json()).count, 1, `${label}: the frame reached the page socket`);
      await waitFor(p, (i) => window.app.received.some((m) => m.id === i), id);
      const got = await p.evaluate((i) => window.app.received.filter((m) => m.id === i).map((m) => m.text), id);
      assert.equal(got.length, 1, `${label}: delivered once`);
      assert.equal(got[0].length, text.length, `${label}: the whole text`);
      assert.ok(got[0] === text, `${label}: the same text`);
    }
    const after = await stats();
    const memAfter = await memory();
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
    await context.close();
  }
});
