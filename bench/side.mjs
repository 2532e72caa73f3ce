// What bench/burst.mjs and bench/rtsplit.mjs share: build, the sandbox, the
// SDKs to run side by side (ours, the reference, and with --versus DIR a
// saved build of ours), and a fresh headless Chromium per run.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

/**
 * Builds (unless noBuild) and starts the sandbox; returns the SDK names to
 * run ('ours', 'base' when versus names a saved build, 'ref'), the
 * sandbox's base URL and a stop function. A saved build (its index.js and
 * cxone-chat.wasm) is copied to dist/ab/base/, where bench/pages/pick.js
 * loads it for ?sdk=base.
 */
export async function prepare({ noBuild = false, versus } = {}) {
  if (!existsSync(path.join(root, 'bench', '.ref', 'ref.js'))) {
    console.error('bench/.ref/ref.js is missing: run ./bench/run.sh once (it installs and bundles the reference SDK)');
    process.exit(2);
  }
  if (!noBuild) sh('./build.sh', []);
  sh('go', ['build', '-o', 'dist/sandbox', './sandbox']);
  const sdks = ['ours', 'ref'];
  if (versus) {
    const dst = path.join(root, 'dist', 'ab', 'base');
    mkdirSync(dst, { recursive: true });
    for (const f of ['index.js', 'cxone-chat.wasm']) copyFileSync(path.join(versus, f), path.join(dst, f));
    sdks.splice(1, 0, 'base');
  }
  const sandbox = spawn(path.join(root, 'dist', 'sandbox'), ['-addr', '127.0.0.1:0', '-static', root, '-agent-delay', '1h'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 15000);
    sandbox.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    sandbox.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited (${code})`)); });
  });
  return { sdks, base, stop: () => sandbox.kill('SIGTERM') };
}

/** A column's name for an SDK. */
export const label = (k) => (k === 'ref' ? 'reference' : k);

/** Runs fn(page) in a fresh headless Chromium on the page at url; fails on a page error. */
export async function inBrowser(url, fn) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
    await page.evaluate(() => window.bench.ready());
    const r = await fn(page);
    if (errors.length) throw new Error(errors.join('; '));
    return r;
  } finally {
    await browser.close();
  }
}
