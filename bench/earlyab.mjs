// A/B of the early socket (js/predial.js, issue 11): navigation → connect()
// of the current build (A) against a build of another commit (B, default
// 9a78e38, the last one without early sockets), both served compressed by
// bench/loading.mjs's front server in front of one answering sandbox,
// alternating, each run in a fresh browser.
//
//   git worktree add /tmp/before 9a78e38 && (cd /tmp/before && ./build.sh)
//   node bench/earlyab.mjs --b /tmp/before [--runs 5]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PROFILES, startFront, startAnsweringSandbox, firstMessageRun } from './loading.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { b: { type: 'string' }, runs: { type: 'string', default: '5' } } });
if (!opt.b) throw new Error('--b DIR: a built checkout to compare with');
const runs = Number(opt.runs);
const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

const sandbox = await startAnsweringSandbox(root);
const fronts = { A: await startFront(root, sandbox.url), B: await startFront(path.resolve(opt.b), sandbox.url) };
const rows = [];
try {
  for (const name of ['loopback', 'Fast 4G']) {
    const got = { A: [], B: [] };
    for (let i = 0; i < runs; i++) {
      for (const w of i % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
        const r = await firstMessageRun(launch, fronts[w], 'ours', PROFILES[name]);
        got[w].push(r.cold.connected);
        console.error(`${name} ${w} ${i + 1}/${runs}: connect ${r.cold.connected.toFixed(0)} ms`);
      }
    }
    rows.push(`| navigation → connect() | ${name} | ${med(got.A).toFixed(0)} ms | ${med(got.B).toFixed(0)} ms | ${(med(got.A) / med(got.B)).toFixed(2)}× | ${runs} |`);
  }
} finally {
  await fronts.A.stop();
  await fronts.B.stop();
  await sandbox.stop();
}
console.log('| metric | profile | A (this build) | B (--b) | A/B | runs each |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
