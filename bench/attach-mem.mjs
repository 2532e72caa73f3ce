// Memory while uploading an attachment: peak wasm linear memory and peak JS
// heap while thread.sendAttachments uploads a file, in headless Chromium
// against the sandbox. The file's bytes never enter Go (the browser
// uploads the File itself), so wasm memory should not grow with the file.
//
//   node bench/attach-mem.mjs [--sizes 1,10] [--no-build]
//
// Without --no-build it runs ./build.sh and `go build -o dist/sandbox
// ./sandbox` first; --no-build skips both and uses dist/ and dist/sandbox
// as they are.
//
// Sizes are MiB. Target: peak wasm memory under 3x the file size for the
// 10 MiB upload (the issue's), printed as a ratio.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { sizes: { type: 'string', default: '1,10' }, 'no-build': { type: 'boolean', default: false } } });
const sizes = opt.sizes.split(',').map(Number).filter((n) => n > 0 && n <= 40);

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

function startSandbox() {
  const proc = spawn(path.join(root, 'dist', 'sandbox'), ['-addr', '127.0.0.1:0', '-static', root, '-agent-delay', '1h'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve({ url: m[1], stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) }); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited (${code})`)); });
  });
}

if (!opt['no-build']) {
  sh('./build.sh', []);
  sh('go', ['build', '-o', 'dist/sandbox', './sandbox']);
}
const sandbox = await startSandbox();
let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
} catch (err) {
  await sandbox.stop(); // else the sandbox outlives this script, orphaned
  throw err;
}
const MiB = 2 ** 20;
const mb = (n) => `${(n / MiB).toFixed(1)} MiB`;
try {
  const rows = [];
  for (const size of sizes) {
    const page = await browser.newPage(); // a fresh page (and wasm) per size
    await page.goto(`${sandbox.url}/bench/pages/attach.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
    // The timer is cleared once the race settles: left pending it keeps
    // node alive for up to 120 s after the table is printed.
    let limit;
    const r = await Promise.race([
      page.evaluate((n) => window.bench.upload(n), size * MiB),
      new Promise((_, reject) => { limit = setTimeout(() => reject(new Error('upload took over 120 s')), 120000); }),
    ]).finally(() => clearTimeout(limit));
    if (r.back !== r.size) throw new Error(`the sandbox got ${r.back} bytes of ${r.size}`);
    rows.push(r);
    await page.close();
  }
  console.log('attachment upload memory (sendAttachments, one file, Chromium, sandbox)');
  console.log('file      | wasm before | wasm peak | wasm growth | peak wasm / file | JS heap before | JS heap peak | JS heap growth | time   | progress events');
  for (const r of rows) {
    console.log([mb(r.size).padEnd(9), mb(r.before.wasm).padStart(11), mb(r.peak.wasm).padStart(9), mb(r.peak.wasm - r.before.wasm).padStart(11),
      `${(r.peak.wasm / r.size).toFixed(2)}x`.padStart(16), mb(r.before.heap).padStart(14), mb(r.peak.heap).padStart(12),
      mb(r.peak.heap - r.before.heap).padStart(14), `${(r.ms / 1000).toFixed(1)} s`.padStart(6), String(r.events).padStart(15)].join(' | '));
  }
  const ten = rows.find((r) => r.size === 10 * MiB);
  if (ten) console.log(`10 MiB: peak wasm memory ${mb(ten.peak.wasm)} = ${(ten.peak.wasm / ten.size).toFixed(2)}x the file (target < 3x): ${ten.peak.wasm < 3 * ten.size ? 'yes' : 'NO'}`);
} finally {
  await browser.close();
  await sandbox.stop();
}
