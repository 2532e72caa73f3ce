// Where a sendTextMessage round trip's time goes, for this SDK and the
// reference, in one run (issue 9, round-trip target). The page is the
// benchmark scenario with its sockets noting when each send's frame leaves
// and when the first frame that answers it arrives, before any listener of
// the SDK (bench/pages/rtsplit.html). Per send it splits the round trip:
//   out:  sendTextMessage called → its frame handed to WebSocket.send
//   wire: frame sent → first reply frame at the page's socket (the
//         sandbox's and the browser's share)
//   in:   reply frame at the socket → the send's promise resolved
// and prints median, p99 and a trimmed mean of each, the SDKs alternating
// run by run, each run in a fresh browser.
//
//   node bench/rtsplit.mjs [--runs 3] [--sends 300] [--gap 60] [--no-build] [--versus DIR]
//
// --versus DIR adds a saved build of ours (DIR holds its index.js and
// cxone-chat.wasm, e.g. a copy of an earlier dist/), run in turn with the
// other two: a change's effect in one run (bench/side.mjs).
//
// It needs the reference bundle bench/.ref/ref.js, which ./bench/run.sh
// makes (it installs the reference from the npm registry).
import { parseArgs } from 'node:util';
import { inBrowser, label, prepare } from './side.mjs';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sends: { type: 'string', default: '300' },
    gap: { type: 'string', default: '60' },
    'no-build': { type: 'boolean', default: false },
    versus: { type: 'string' },
  },
});
const runs = Math.min(Math.max(Number(opt.runs) || 3, 1), 20);
const sends = Math.min(Math.max(Number(opt.sends) || 300, 1), 2000);
const gap = Math.min(Math.max(Number(opt.gap) || 60, 0), 1000);
const { sdks, base, stop } = await prepare({ noBuild: opt['no-build'], versus: opt.versus });

const parts = ['total', 'out', 'wire', 'in'];
const samples = Object.fromEntries(sdks.map((k) => [k, Object.fromEntries(parts.map((p) => [p, []]))]));
const heaps = Object.fromEntries(sdks.map((k) => [k, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const which of r % 2 === 0 ? sdks : [...sdks].reverse()) {
      const { rows, heap } = await inBrowser(`${base}/bench/pages/rtsplit.html?sdk=${which}`, (page) => page.evaluate(async ([n, g, url]) => {
        // Our builds' Go heap counters (ChatSdk._runtimeStats), read around
        // the sends after the first (which creates the thread).
        await window.bench.ready();
        const sdk = url && (await import(url)).default;
        const stats = () => sdk?._runtimeStats?.() ?? {};
        const before = stats();
        await window.bench.roundTrips(n, g);
        const after = stats();
        const w = window.benchWire;
        const heap = before.totalAlloc === undefined ? null : { bytes: after.totalAlloc - before.totalAlloc, mallocs: after.mallocs - before.mallocs, gcs: after.numGC - before.numGC };
        return { rows: window.benchRoundTrips.map(([t0, t1], i) => [t0, w.sent.get(`round trip ${i}`), w.recv.get(`round trip ${i}`), t1]), heap };
      }, [sends, gap, which === 'ours' ? '/dist/index.js' : which === 'base' ? '/dist/ab/base/index.js' : null]));
      if (heap) heaps[which].push(heap);
      for (const [t0, ts, tr, t1] of rows) {
        if (ts === undefined || tr === undefined) throw new Error(`${which}: a send's frame or reply was not seen at the socket`);
        const s = samples[which];
        s.total.push(t1 - t0); s.out.push(ts - t0); s.wire.push(tr - ts); s.in.push(t1 - tr);
      }
      process.stderr.write(`run ${r + 1} ${which} done\n`);
    }
  }
} finally {
  stop();
}

const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const ms = (x) => `${x.toFixed(2)} ms`;
const names = {
  total: 'round trip (call → resolved)',
  out: 'out: call → WebSocket.send',
  wire: 'wire: send → reply at the socket',
  in: 'in: reply at the socket → resolved',
};
console.log(`sendTextMessage round trip split: ${runs} runs × ${sends} sends per SDK, ${gap} ms apart${opt.versus ? `; base: ${opt.versus}` : ''}.\n`);
const cols = sdks.map(label);
const vs = sdks.filter((k) => k !== 'ours');
// performance.now() is coarsened to 0.1 ms on a page that is not
// cross-origin isolated, so the medians move in 0.1 ms steps; the mean
// (of the fastest 95 %, leaving out the GC pauses p99 shows) is finer.
const mean95 = (xs) => { const s = [...xs].sort((a, b) => a - b).slice(0, Math.max(1, Math.floor(xs.length * 0.95))); return s.reduce((a, b) => a + b, 0) / s.length; };
for (const [q, stat] of [[0.5, 'p50'], [0.99, 'p99'], ['mean95', 'mean of the fastest 95 %']]) {
  console.log(`| ${stat} | ${cols.join(' | ')} | ${vs.map((k) => `ours / ${label(k)}`).join(' | ')} |`);
  console.log(`|---|${sdks.map(() => '---|').join('')}${vs.map(() => '---|').join('')}`);
  for (const p of parts) {
    const v = Object.fromEntries(sdks.map((k) => [k, q === 'mean95' ? mean95(samples[k][p]) : pct(samples[k][p], q)]));
    console.log(`| ${names[p]} | ${sdks.map((k) => ms(v[k])).join(' | ')} | ${vs.map((k) => `${(v.ours / v[k]).toFixed(2)}×`).join(' | ')} |`);
  }
  console.log('');
}

// What each send allocated in the Go heap (the garbage the wasm's collector
// clears; its pauses are most of the p99).
for (const k of sdks) {
  const h = heaps[k];
  if (!h.length) continue;
  const sum = (f) => h.reduce((a, x) => a + f(x), 0);
  console.log(`${label(k)}: Go heap per send ${(sum((x) => x.bytes) / (h.length * sends)).toFixed(0)} B in ${(sum((x) => x.mallocs) / (h.length * sends)).toFixed(1)} allocations; ${sum((x) => x.gcs)} collections in ${h.length * sends} sends`);
}
