// JS→Go call cost, three ways, in headless Chromium (issue 9: "measure
// whether //go:wasmexport beats js.FuncOf for the hot paths"). Each call
// hands Go one inbound frame of a given size that starts as a JS string:
//   funcOf string  js.FuncOf, Go reads the string (js.Value.String)
//   funcOf bytes   js.FuncOf, JS encodes to a Uint8Array, Go copies it
//                  (CopyBytesToGo): what js/socket.js + wasm/websocket.go do
//   wasmexport     JS encodes straight into a buffer in Go's memory
//                  (TextEncoder.encodeInto) and calls a //go:wasmexport
//                  function with the length
// Prints ns per call, medians of the rounds, side by side, and whether a
// goroutine woken by an export runs before Go is entered through js.FuncOf
// (the core's pipeline runs on goroutines: if not, an export cannot feed it
// alone).
//   node bench/crossing.mjs [--calls 20000] [--rounds 3]
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { calls: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } } });
const CALLS = Math.min(Number(opt.calls), 200000);
const ROUNDS = Math.min(Number(opt.rounds), 20);
const out = path.join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const wasmFile = path.join(out, 'crossing.wasm');
execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', wasmFile, './bench/crossing'], { cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: 'inherit' });
const goroot = execFileSync('go', ['env', 'GOROOT']).toString().trim();
const files = {
  '/wasm_exec.js': [readFileSync(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js')), 'text/javascript'],
  '/crossing.wasm': [readFileSync(wasmFile), 'application/wasm'],
  '/': [Buffer.from('<!doctype html><meta charset="utf-8"><script src="/wasm_exec.js"></script>'), 'text/html'],
};
const server = http.createServer((req, res) => {
  const f = files[req.url];
  if (!f) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'Content-Type': f[1] }).end(f[0]);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
const sizes = [100, 1000, 10000];
const results = {}; // key → [ns per call per round]
let wake;
try {
  for (let round = 0; round < ROUNDS; round++) {
    const page = await browser.newPage();
    await page.goto(url);
    const r = await page.evaluate(async ({ calls, sizes }) => {
      const go = new Go();
      const ready = new Promise((res) => { globalThis.crossingReady = res; });
      const { instance } = await WebAssembly.instantiateStreaming(fetch('/crossing.wasm'), go.importObject);
      go.run(instance);
      await ready;
      const ex = instance.exports;
      const enc = new TextEncoder();
      const ptr = ex.inboundPtr() >>> 0;
      const out = {};
      for (const size of sizes) {
        const s = `{"eventId":"e1","eventType":"MessageCreated","data":{"text":"${'x'.repeat(Math.max(0, size - 60))}"}}`;
        const ways = {
          'funcOf string': () => { for (let i = 0; i < calls; i++) crossingFuncOfString(s); },
          'funcOf bytes': () => { for (let i = 0; i < calls; i++) { const u = enc.encode(s); crossingFuncOf(u, u.length); } },
          wasmexport: () => { for (let i = 0; i < calls; i++) { const { written } = enc.encodeInto(s, new Uint8Array(ex.mem.buffer, ptr, 1 << 20)); ex.inbound(written); } },
        };
        for (const [name, fn] of Object.entries(ways)) {
          fn(); // warm up (compile, grow)
          const t0 = performance.now();
          fn();
          out[`${name} ${size} B`] = ((performance.now() - t0) * 1e6) / calls;
        }
      }
      // Does a goroutine woken by an export run on its own?
      const before = ex.woken();
      ex.inboundWake();
      const afterReturn = ex.woken() - before;
      await new Promise((r) => setTimeout(r, 50));
      const afterWait = ex.woken() - before;
      crossingPoke();
      out.wake = { afterReturn, afterWait, afterFuncOf: ex.woken() - before };
      return out;
    }, { calls: CALLS, sizes });
    wake = r.wake;
    delete r.wake;
    for (const [k, v] of Object.entries(r)) (results[k] ??= []).push(v);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`JS→Go call cost, ns per call (median of ${ROUNDS} rounds of ${CALLS} calls; Chromium headless)`);
console.log('| frame | funcOf string | funcOf bytes | wasmexport | funcOf bytes / wasmexport |');
console.log('|---|---|---|---|---|');
for (const size of sizes) {
  const a = median(results[`funcOf string ${size} B`]);
  const b = median(results[`funcOf bytes ${size} B`]);
  const c = median(results[`wasmexport ${size} B`]);
  console.log(`| ${size} B | ${a.toFixed(0)} | ${b.toFixed(0)} | ${c.toFixed(0)} | ${(b / c).toFixed(1)}× |`);
}
const yes = (n) => (n > 0 ? 'yes' : 'no');
console.log(`a goroutine woken by a //go:wasmexport call: had run when the call returned: ${yes(wake.afterReturn)}; within 50 ms: ${yes(wake.afterWait)}; once Go was entered through js.FuncOf: ${yes(wake.afterFuncOf)}`);
