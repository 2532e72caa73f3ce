// Where an inbound burst's time goes, for this SDK and the reference, in
// one run (issue 9, burst target). Each page is the benchmark scenario with
// its sockets counting the burst's frames as they arrive
// (bench/pages/burst.html); per burst of n MessageCreated frames it
// measures either
//   floor:    the ms until the page's socket has received the n-th frame,
//             with every frame stopped before any listener of the SDK (the
//             sandbox's and the browser's share), or
//   listener: the ms until the page's MESSAGE_CREATED listener has seen
//             the n-th message (what bench/run.mjs reports),
// alternating floor and listener bursts in one page, the SDKs alternating
// run by run, each run in a fresh browser. The SDK's own share is listener
// minus floor.
//
//   node bench/burst.mjs [--runs 3] [--bursts 5] [--count 1000] [--no-build] [--versus DIR]
//
// --versus DIR adds a saved build of ours (DIR holds its index.js and
// cxone-chat.wasm), run in turn with the other two (bench/side.mjs).
//
// It needs the reference bundle bench/.ref/ref.js, which ./bench/run.sh
// makes (it installs the reference from the npm registry).
import { parseArgs } from 'node:util';
import { inBrowser, label, prepare } from './side.mjs';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    bursts: { type: 'string', default: '5' },
    count: { type: 'string', default: '1000' },
    'no-build': { type: 'boolean', default: false },
    versus: { type: 'string' },
  },
});
const runs = Math.min(Math.max(Number(opt.runs) || 3, 1), 20);
const bursts = Math.min(Math.max(Number(opt.bursts) || 5, 1), 50);
const count = Math.min(Math.max(Number(opt.count) || 1000, 1), 100000);
const { sdks, base, stop } = await prepare({ noBuild: opt['no-build'], versus: opt.versus });

const samples = Object.fromEntries(sdks.map((k) => [k, { floor: [], listener: [] }]));
try {
  for (let r = 0; r < runs; r++) {
    for (const which of r % 2 === 0 ? sdks : [...sdks].reverse()) {
      await inBrowser(`${base}/bench/pages/burst.html?sdk=${which}`, async (page) => {
        await page.evaluate((n) => window.bench.burst(n), count); // warm-up, not counted
        for (let b = 0; b < bursts; b++) {
          samples[which].floor.push(await page.evaluate((n) => window.bench.arrivals(n, true), count));
          samples[which].listener.push(await page.evaluate((n) => window.bench.burst(n), count));
        }
      });
      process.stderr.write(`run ${r + 1} ${which} done\n`);
    }
  }
} finally {
  stop();
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ms = (x) => `${x.toFixed(0)} ms`;
const m = Object.fromEntries(sdks.map((k) => [k, { floor: median(samples[k].floor), listener: median(samples[k].listener) }]));
for (const k of sdks) m[k].own = m[k].listener - m[k].floor;
const vs = sdks.filter((k) => k !== 'ours');
const rows = [
  ['floor: frames stopped at the page\'s socket', 'floor'],
  ['to the listener (bench/run.mjs\'s burst)', 'listener'],
  ['the SDK\'s own share (listener − floor)', 'own'],
];
console.log(`Inbound burst of ${count} MessageCreated: medians of ${runs} runs × ${bursts} bursts per SDK (each burst of a kind alternating with one of the other kind)${opt.versus ? `; base: ${opt.versus}` : ''}.\n`);
console.log(`| | ${sdks.map(label).join(' | ')} | ${vs.map((k) => `ours / ${label(k)}`).join(' | ')} |\n|---|${sdks.map(() => '---|').join('')}${vs.map(() => '---|').join('')}`);
for (const [name, key] of rows) console.log(`| ${name} | ${sdks.map((k) => ms(m[k][key])).join(' | ')} | ${vs.map((k) => `${(m.ours[key] / m[k][key]).toFixed(2)}×`).join(' | ')} |`);
console.log(`\nsamples (ms): ${sdks.map((k) => `${label(k)} floor ${samples[k].floor.map((x) => x.toFixed(0)).join(' ')}; ${label(k)} listener ${samples[k].listener.map((x) => x.toFixed(0)).join(' ')}`).join('; ')}`);
