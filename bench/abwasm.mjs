// A/B of two wasm builds on the cold connect: each build's wasm is copied to
// dist/ab/, served compressed by the loading front server, and loaded by
// bench/pages/first-ours-url.html in a fresh browser, alternating.
//
//   node bench/abwasm.mjs A.wasm B.wasm [runs]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startAnsweringSandbox, startFront } from './loading.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [a, b, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 4);
mkdirSync(path.join(root, 'dist', 'ab'), { recursive: true });
const names = [a, b].map((f, i) => {
  const name = `${i === 0 ? 'A' : 'B'}-${path.basename(f)}`;
  const dst = path.join(root, 'dist', 'ab', name);
  copyFileSync(f, dst);
  const raw = readFileSync(dst);
  writeFileSync(`${dst}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
  return name;
});
const sandbox = await startAnsweringSandbox(root);
const front = await startFront(root, sandbox.url);
const out = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let i = 0; i < runs; i++) {
    for (const n of i % 2 ? [...names].reverse() : names) {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${front.url}/bench/pages/first-ours-url.html?wasm=/dist/ab/${n}`);
      const t = await page.evaluate(() => window.benchLoading);
      await browser.close();
      if (t.error) throw new Error(t.error);
      out[n].push(t.connected);
      console.error(`${n} ${i + 1}/${runs}: connect ${t.connected.toFixed(0)} ms`);
    }
  }
} finally {
  await front.stop();
  await sandbox.stop();
}
const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
for (const n of names) console.log(`${n}: cold connect median ${med(out[n]).toFixed(0)} ms (${out[n].map((x) => x.toFixed(0)).join(', ')})`);
