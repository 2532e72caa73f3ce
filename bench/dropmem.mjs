// Memory over a long session with drops (issue 9 target: "a 5,000-message
// run with drops every 100 shows flat wasm memory in its second half").
// One page sends N messages one after another while the sandbox drops its
// connection every 100; the wasm linear memory and the JS heap are sampled
// every 250 messages (after a forced GC through CDP) and printed, with the
// growth over the second half.
//   node bench/dropmem.mjs [--messages 5000] [--every 100]   (needs ./build.sh and dist/sandbox)
import { parseArgs } from 'node:util';
import { startSandbox, launchBrowser, openPage, waitFor } from '../js/test/harness.mjs';

const { values: opt } = parseArgs({ options: { messages: { type: 'string', default: '5000' }, every: { type: 'string', default: '100' } } });
const TOTAL = Math.min(Number(opt.messages), 20000);
const EVERY = Math.max(Number(opt.every), 10);
const STEP = 250;
const LIMIT_MS = 15 * 60 * 1000; // the whole run, a bound

const sandbox = await startSandbox(['-agent-delay', '1ms']);
const browser = await launchBrowser();
const started = Date.now();
try {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const keep = (r) => { const m = r.instance?.exports?.mem ?? r.exports?.mem; if (m) globalThis.__wasmMemory = m; return r; };
    const s = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...a) => s.apply(WebAssembly, a).then(keep);
  });
  const opts = { heartbeatInterval: 1000, heartbeatTimeout: 5000, reconnectMinDelay: 10, reconnectMaxDelay: 50, requestRateLimit: -1 };
  const page = await context.newPage();
  await page.goto(`${sandbox.url}/js/test/pages/faults.html?${new URLSearchParams({ opts: JSON.stringify(opts) })}`);
  await waitFor(page, () => window.appReady === true, undefined, 60000);
  const customerId = await page.evaluate(() => window.app.customerId);
  await page.evaluate((id) => window.app.start(id), `mem-${customerId}`);
  const res = await fetch(`${sandbox.url}/sandbox/faults/drop`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customerId, everyMessages: EVERY }) });
  if (!res.ok) throw new Error(`drop fault: HTTP ${res.status}`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const sample = async (sent) => {
    // The test page keeps a record of every message it got (for its own
    // tests); emptied before each sample, the JS heap is the SDK's and the page's basics.
    await page.evaluate(() => { window.app.received.length = 0; });
    await cdp.send('HeapProfiler.collectGarbage');
    const m = await page.evaluate(() => ({ wasm: globalThis.__wasmMemory?.buffer.byteLength ?? 0, js: performance.memory?.usedJSHeapSize ?? 0 }));
    return { sent, ...m };
  };
  const rows = [await sample(0)];
  for (let sent = 0; sent < TOTAL;) {
    const n = Math.min(STEP, TOTAL - sent);
    const failed = await page.evaluate(async ({ from, n }) => {
      let failed = 0;
      for (let i = from; i < from + n; i++) await window.app.thread.sendTextMessage(`mem ${i}`).catch(() => { failed++; });
      return failed;
    }, { from: sent, n });
    sent += n;
    const row = await sample(sent);
    row.failed = failed;
    rows.push(row);
    if (Date.now() - started > LIMIT_MS) { console.log(`stopped after ${sent} messages: the ${LIMIT_MS / 60000} min bound`); break; }
  }
  const faults = await (await fetch(`${sandbox.url}/sandbox/faults`)).json();
  const mib = (b) => (b / 2 ** 20).toFixed(2);
  console.log(`wasm memory over ${rows.at(-1).sent} messages, connection dropped every ${EVERY} (${faults.counts.dropped} drops), samples after a forced GC:`);
  console.log('| messages | wasm memory (MiB) | JS heap (MiB) | sends failed |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.sent} | ${mib(r.wasm)} | ${mib(r.js)} | ${r.failed ?? 0} |`);
  const half = rows.filter((r) => r.sent >= rows.at(-1).sent / 2);
  const g = (a, b) => `${(((b - a) / a) * 100).toFixed(1)}%`;
  console.log(`second half (${half[0].sent} → ${half.at(-1).sent}): wasm ${mib(half[0].wasm)} → ${mib(half.at(-1).wasm)} MiB (${g(half[0].wasm, half.at(-1).wasm)}), JS heap ${mib(half[0].js)} → ${mib(half.at(-1).js)} MiB (${g(half[0].js, half.at(-1).js)}); ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await browser.close();
  await sandbox.stop();
}
