// Side-by-side benchmark of this SDK and the reference Chat Web SDK, in
// headless Chromium against the local sandbox. See bench/README section in
// the project README, and bench/RESULTS.md for a recorded run.
//
//   node bench/run.mjs [--runs 3] [--sends 500] [--gap 60] [--burst 1000]
//                      [--messages 10000] [--sessions 5000] [--no-capacity]
//                      [--no-build]
//
// It builds dist/ (./build.sh) and the sandbox, installs the reference SDK
// from the npm registry into bench/.ref (git-ignored) and bundles it with
// esbuild, then runs the scenario (bench/pages/scenario.js) once per run for
// each SDK, alternating, each run in a fresh browser. It prints a table of
// medians and writes it, with the machine, to bench/out/latest.md.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { breakdown, brotli, overBudget } from './wasmsize.mjs';
import { loadingBench } from './loading.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REF_PKG = '@nice-devone/nice-cxone-chat-web-sdk';
const REF_VERSION = '2.2.0';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sends: { type: 'string', default: '500' },
    gap: { type: 'string', default: '60' }, // ms between send starts: both SDKs allow 100 requests per 5 s
    burst: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '10000' },
    sessions: { type: 'string', default: '5000' },
    'capacity-runs': { type: 'string', default: '3' },
    'no-capacity': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'loading-runs': { type: 'string', default: '3' }, // bench/loading.mjs: network profiles, idle pages
    'no-loading': { type: 'boolean', default: false },
  },
});
const RUNS = Number(opt.runs);
const SENDS = Number(opt.sends);
const GAP = Number(opt.gap);
const BURST = Number(opt.burst);
const MESSAGES = Number(opt.messages);

const log = (...a) => console.error('==>', ...a);

function sh(cmd, args, extra = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...extra });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

// ---- preparation -----------------------------------------------------------

function prepare() {
  if (!opt['no-build']) {
    log('./build.sh');
    sh('./build.sh', []);
  }
  log('go build -o dist/sandbox ./sandbox');
  sh('go', ['build', '-o', 'dist/sandbox', './sandbox']);

  const refDir = path.join(root, 'bench', '.ref');
  const pkgJSON = path.join(refDir, 'node_modules', ...REF_PKG.split('/'), 'package.json');
  const installed = existsSync(pkgJSON) && JSON.parse(readFileSync(pkgJSON, 'utf8')).version;
  if (installed !== REF_VERSION) {
    log(`npm install ${REF_PKG}@${REF_VERSION} into bench/.ref (from the npm registry)`);
    mkdirSync(refDir, { recursive: true });
    writeFileSync(path.join(refDir, 'package.json'),
      JSON.stringify({ private: true, dependencies: { [REF_PKG]: REF_VERSION } }, null, 2) + '\n');
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefix', refDir]);
  }
  // The package is a UMD bundle for bundlers; esbuild makes it a browser ES
  // module. Named exports of CommonJS are not static, so they are spelled out.
  writeFileSync(path.join(refDir, 'entry.js'), [
    `import * as ref from '${REF_PKG}';`,
    'export default ref.default;',
    'export const { ChatEvent, EnvironmentName } = ref;', '',
  ].join('\n'));
  sh(path.join(root, 'node_modules', '.bin', 'esbuild'), [path.join(refDir, 'entry.js'), '--bundle', '--format=esm',
    '--minify', '--target=es2022', '--log-level=warning', `--outfile=${path.join(refDir, 'ref.js')}`]);
}

function startSandbox() {
  const proc = spawn(path.join(root, 'dist', 'sandbox'), ['-addr', '127.0.0.1:0', '-static', root, '-agent-delay', '1h'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) });
      }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited (${code})`)); });
  });
}

// ---- one run -----------------------------------------------------------------

const launch = () => chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

async function heap(cdp, page) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.bench.wasmBytes());
  return { js: usedSize, wasm, total: usedSize + wasm };
}

async function run(sandbox, which, measureTransfer) {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const bodies = [];
    if (measureTransfer) {
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/bench/pages/') || u.pathname.startsWith('/sandbox/') || u.pathname.startsWith('/chat/')) return;
        bodies.push(r.body().then((b) => ({ path: u.pathname, raw: b.length, brotli: brotli(b) }), () => null));
      });
    }
    await page.goto(`${sandbox.url}/bench/pages/${which}.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 })
      .catch((e) => { throw new Error(`${which}: page not ready (${e.message}); page errors: ${problems.join('; ')}`); });
    const connectMs = await page.evaluate(() => window.bench.connected);
    const phases = await page.evaluate(() => window.bench.phases());
    await page.evaluate(() => window.bench.ready());
    const transfer = measureTransfer ? (await Promise.all(bodies)).filter(Boolean) : null;

    const rt = await page.evaluate(([n, gap]) => window.bench.roundTrips(n, gap), [SENDS, GAP]);
    const { value: burstMs, longestTaskMs } = await longestTaskDuring(page, () => page.evaluate((n) => window.bench.burst(n), BURST));

    const cdp = await context.newCDPSession(page);
    await page.evaluate(([n, c]) => window.bench.receive(n, c), [MESSAGES, BURST]);
    const mem1 = await heap(cdp, page);
    await page.evaluate(([n, c]) => window.bench.receive(n, c), [MESSAGES, BURST]);
    const mem2 = await heap(cdp, page);
    if (problems.length) throw new Error(`${which}: page errors: ${problems.join('; ')}`);
    rt.sort((a, b) => a - b);
    return {
      connectMs, phases, burstMs, longestTaskMs, mem1, mem2, transfer,
      rtP50: quantile(rt, 0.5), rtP99: quantile(rt, 0.99),
    };
  } finally {
    await browser.close();
  }
}

// longestTaskDuring runs fn and reports, with its value, the longest
// main-thread task the page saw meanwhile (the Long Tasks API: tasks over
// 50 ms; 0 when there was none).
async function longestTaskDuring(page, fn) {
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__longTaskObserver?.disconnect();
    window.__longTaskObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); });
    window.__longTaskObserver.observe({ type: 'longtask' });
  });
  const value = await fn();
  // Entries are delivered in a later task: let one pass.
  const longestTaskMs = await page.evaluate(() => new Promise((resolve) => setTimeout(() => {
    window.__longTaskObserver.disconnect();
    resolve(Math.max(0, ...window.__longTasks));
  }, 0)));
  return { value, longestTaskMs };
}

function quantile(sorted, q) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

// The burst's longest main-thread task (median of the runs' maxima).
function longestTaskRow(row, ours, ref) {
  row('longest main-thread task during the burst', ours, ref, ms, '≤ 50 ms (ours)', ours <= 50, ref > 0 ? ours / ref : NaN);
}

// ---- capacity (Go) -----------------------------------------------------------

// Runs the capacity tool --capacity-runs times; the figures are the median
// run by p99 (all runs are kept in the JSON and listed in the markdown).
function capacity() {
  const bin = path.join(root, 'dist', 'capacity');
  sh('go', ['build', '-o', bin, './bench/capacity']);
  const runs = [];
  for (let i = 0; i < Number(opt['capacity-runs']); i++) {
    log(`dist/capacity -sessions ${opt.sessions} (${i + 1}/${opt['capacity-runs']})`);
    const out = execFileSync(bin, ['-sessions', opt.sessions, '-json'], {
      cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
    }).toString();
    runs.push(JSON.parse(out.trim().split('\n').pop()));
  }
  const byP99 = [...runs].sort((a, b) => a.p99Ms - b.p99Ms);
  return { ...byP99[Math.floor((byP99.length - 1) / 2)], held: Math.min(...runs.map((x) => x.held)), runs };
}

// ---- report ------------------------------------------------------------------

const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const ms = (x) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model;
  let chromiumVersion = '?';
  try { chromiumVersion = execFileSync(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* keep ? */ }
  return {
    date: new Date().toISOString(),
    cpu, cores: os.cpus().length, memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    chromium: chromiumVersion,
    go: execFileSync('go', ['version']).toString().trim(),
    node: process.version,
    commit: (() => { try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim(); } catch { return '?'; } })(),
  };
}

function table(rows) {
  const head = ['metric', 'ours (median)', 'reference (median)', 'ratio', 'target', 'met'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  prepare();
  const sandbox = await startSandbox();
  const results = { ours: [], ref: [] };
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const which of i % 2 === 0 ? ['ours', 'ref'] : ['ref', 'ours']) {
        log(`run ${i + 1}/${RUNS}: ${which}`);
        const r = await run(sandbox, which, i === 0);
        log(`  connect ${ms(r.connectMs)}, round trip p50 ${ms(r.rtP50)} p99 ${ms(r.rtP99)}, burst ${ms(r.burstMs)}, memory ${mb(r.mem1.total)} -> ${mb(r.mem2.total)}`);
        results[which].push(r);
      }
    }
  } finally {
    await sandbox.stop();
  }
  const loading = opt['no-loading'] ? null : await loadingBench({ root, launch, runs: Number(opt['loading-runs']), log });
  const cap = opt['no-capacity'] ? null : capacity();
  log('wasm per-package breakdown');
  const sizes = breakdown();

  const pick = (which, f) => median(results[which].map(f));
  const transfer = (which) => results[which][0].transfer;
  const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
  const o = (f) => pick('ours', f);
  const r = (f) => pick('ref', f);
  const wasmFile = transfer('ours').find((t) => t.path.endsWith('.wasm'));
  const growth = (which) => pick(which, (x) => (x.mem2.total - x.mem1.total) / x.mem1.total);
  const rows = [];
  const row = (name, ours, ref, fmt, target, met, ratio = ours / ref) =>
    rows.push([name, fmt(ours), ref === null ? '—' : fmt(ref), ref === null || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(2)}×`, target, met === null ? '' : met ? 'yes' : 'NO']);

  row('transfer, brotli (all SDK files)', sum(transfer('ours'), 'brotli'), sum(transfer('ref'), 'brotli'), kb, '', null);
  row('  of which .wasm, brotli', wasmFile?.brotli ?? 0, null, kb, '≤ 650 kB', (wasmFile?.brotli ?? Infinity) <= 650e3);
  row('transfer, raw (all SDK files)', sum(transfer('ours'), 'raw'), sum(transfer('ref'), 'raw'), kb, '', null);
  const c = [o((x) => x.connectMs), r((x) => x.connectMs)];
  row('cold navigation → connect() resolved (uncompressed, no-store)', c[0], c[1], ms, '≤ 1.5×', c[0] <= 1.5 * c[1]);
  const p50 = [o((x) => x.rtP50), r((x) => x.rtP50)];
  row(`sendTextMessage round trip p50 (${SENDS} sends)`, p50[0], p50[1], ms, '≤ 1.0×', p50[0] <= p50[1]);
  const p99 = [o((x) => x.rtP99), r((x) => x.rtP99)];
  row(`sendTextMessage round trip p99 (${SENDS} sends)`, p99[0], p99[1], ms, '≤ 1.0×', p99[0] <= p99[1]);
  const b = [o((x) => x.burstMs), r((x) => x.burstMs)];
  row(`inbound burst of ${BURST} MessageCreated → listener`, b[0], b[1], ms, '≤ 0.8×', b[0] <= 0.8 * b[1]);
  longestTaskRow(row, o((x) => x.longestTaskMs), r((x) => x.longestTaskMs));
  row(`JS heap + wasm memory after ${MESSAGES} messages`, o((x) => x.mem1.total), r((x) => x.mem1.total), mb, '≤ 3.0×', o((x) => x.mem1.total) <= 3 * r((x) => x.mem1.total));
  row(`JS heap + wasm memory after ${2 * MESSAGES} messages`, o((x) => x.mem2.total), r((x) => x.mem2.total), mb, '', null);
  rows.push([`memory growth, 2nd ${MESSAGES} vs 1st`, pct(growth('ours')), pct(growth('ref')), '', '≤ 10%', growth('ours') <= 0.10 ? 'yes' : 'NO']);
  if (cap) {
    rows.push(['sandbox: concurrent sessions held (native Go client)', `${cap.held} of ${cap.sessions}`, '—', '', '≥ 5000', cap.held >= 5000 ? 'yes' : 'NO']);
    rows.push(['sandbox: echo latency p50 / p99 under load', `${ms(cap.p50Ms)} / ${ms(cap.p99Ms)}`, '—', '', 'p99 < 50 ms', cap.p99Ms < 50 ? 'yes' : 'NO']);
  }

  const over = overBudget(sizes, wasmFile?.brotli);
  const budgetText = over.length ? over.map((l) => `- over budget: ${l}`).join('\n') : 'Every package and the whole wasm within budget.';
  const m = machine();
  const main = table(rows);
  const detail = [
    '| run | SDK | connect (scripts run / wasm fetched / compiled) | rt p50 | rt p99 | burst | mem 1st (JS + wasm) | mem 2nd (JS + wasm) |',
    '|---|---|---|---|---|---|---|---|',
    ...['ours', 'ref'].flatMap((w) => results[w].map((x, i) => `| ${i + 1} | ${w} | ${ms(x.connectMs)} (${[x.phases.scriptsRun, x.phases.wasmFetched, x.phases.wasmReady].map((v) => (v === undefined || v === null ? '—' : Math.round(v))).join(' / ')}) | ${ms(x.rtP50)} | ${ms(x.rtP99)} | ${ms(x.burstMs)} | ${mb(x.mem1.js)} + ${mb(x.mem1.wasm)} | ${mb(x.mem2.js)} + ${mb(x.mem2.wasm)} |`)),
  ].join('\n');
  const files = [
    '| SDK | file | raw | brotli |', '|---|---|---|---|',
    ...['ours', 'ref'].flatMap((w) => transfer(w).map((t) => `| ${w} | ${t.path} | ${t.raw} B | ${t.brotli} B |`)),
  ].join('\n');
  const pkgs = [
    '| package | functions | code raw | code brotli (alone) |', '|---|---|---|---|',
    ...sizes.map((s) => `| ${s.pkg} | ${s.funcs} | ${s.raw} B | ${s.brotli} B |`),
  ].join('\n');
  const capText = cap ? [
    `${cap.sessions} sessions on one sandbox (served in the same process, loopback), messages at ${cap.rate}/s in total; ` +
    `held = still connected at the end; table row = median run by p99, fewest held.`, '',
    '| run | held | connect all | echoes | errors | p50 | p99 | max | goroutines | heap |', '|---|---|---|---|---|---|---|---|---|---|',
    ...cap.runs.map((x, i) => `| ${i + 1} | ${x.held} of ${x.sessions} for ${x.holdSeconds} s | ${x.connectSeconds} s | ${x.echoes} | ${x.errors} | ${ms(x.p50Ms)} | ${ms(x.p99Ms)} | ${ms(x.maxMs)} | ${x.goroutines} | ${mb(x.heapBytes)} |`),
  ].join('\n') : '(skipped)';
  const md = [
    `Run of \`./bench/run.sh\` on ${m.date} (commit ${m.commit}).`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}; ${m.os}; ${m.chromium}; ${m.go}; node ${m.node}.`,
    `Settings: ${RUNS} runs per SDK, alternating, each in a fresh headless Chromium; ${SENDS} sends paced ${GAP} ms apart; ` +
    `bursts of ${BURST}; ${MESSAGES} + ${MESSAGES} inbound messages for memory (forced GC before each reading).`,
    '',
    main, '', '### Runs', '', detail, '', '### Files downloaded for the SDK', '', files, '',
    '### Loading: compressed serving, network profiles, idle pages (bench/loading.mjs)', '', loading ? loading.markdown : '(skipped)', '',
    '### Size budget (bench/budget.json)', '', budgetText, '',
    '### Capacity', '', capText, '',
    '### wasm by Go package (unstripped build, code section; data segments listed whole)', '', pkgs, '',
  ].join('\n');
  mkdirSync(path.join(root, 'bench', 'out'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'out', 'latest.md'), md);
  writeFileSync(path.join(root, 'bench', 'out', 'latest.json'), JSON.stringify({ machine: m, results, capacity: cap, sizes, loading: loading?.raw }, null, 1));
  console.log(main);
  console.log('\nwasm by package (top 15; full list in bench/out/latest.md):');
  for (const s of sizes.slice(0, 15)) console.log(`  ${String(s.raw).padStart(9)} B raw  ${String(s.brotli).padStart(8)} B brotli  ${s.pkg}`);
  if (cap) console.log(`\ncapacity:\n${capText}`);
  console.log(`\nmachine: ${m.cpu}, ${m.cores} cores; ${m.chromium}; ${m.go}`);
  if (loading) console.log(`\nloading:\n${loading.markdown}`);
  console.log(`\nsize budget: ${budgetText}`);
  console.log('written: bench/out/latest.md, bench/out/latest.json');
  if (over.length) {
    console.error('FAIL: the wasm is over its size budget (bench/budget.json)');
    process.exitCode = 1;
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
