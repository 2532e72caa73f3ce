// Loading benchmark (issue 11), called by bench/run.mjs: both SDKs served
// compressed (brotli, as a CDN would) by a front server that proxies the chat
// routes to the sandbox, under Chromium network emulation profiles; and idle
// pages (no SDK / ours deferred / ours default) for the cost to a page whose
// visitor never chats. Kept apart from run.mjs so that merges stay easy.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';

// Chromium DevTools-style profiles: throughput in bytes/s, latency = RTT in ms.
export const PROFILES = {
  loopback: null,
  'Fast 4G': { latency: 170, downloadThroughput: 9e6 / 8, uploadThroughput: 1.5e6 / 8 },
  'Slow 4G': { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 },
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const STATIC = /^\/(bench\/pages|bench\/\.ref|dist)\//;

/**
 * A front server: static files of root under /bench/pages/, /bench/.ref/ and
 * /dist/ with Content-Encoding br or gzip (the .br/.gz build.sh writes, or
 * compressed once in memory) and, for the SDK files, an immutable cache
 * policy (a versioned CDN URL); everything else, WebSocket upgrades
 * included, is proxied to the sandbox, with the Host header kept.
 */
export function startFront(root, sandboxUrl) {
  const target = new URL(sandboxUrl);
  const packed = new Map();
  const encoded = (file, enc) => {
    const key = `${file}:${enc}:${statSync(file).mtimeMs}`;
    if (!packed.has(key)) {
      const side = `${file}.${enc === 'br' ? 'br' : 'gz'}`;
      if (existsSync(side) && statSync(side).mtimeMs >= statSync(file).mtimeMs) packed.set(key, readFileSync(side));
      else {
        const raw = readFileSync(file);
        packed.set(key, enc === 'br'
          ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
          : zlib.gzipSync(raw, { level: 9 }));
      }
    }
    return packed.get(key);
  };
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (STATIC.test(p)) {
      const file = path.join(root, p);
      if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) { res.writeHead(404).end(); return; }
      const accept = req.headers['accept-encoding'] ?? '';
      const enc = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
      const body = enc ? encoded(file, enc) : readFileSync(file);
      const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': body.length, vary: 'Accept-Encoding' };
      if (enc) headers['content-encoding'] = enc;
      headers['cache-control'] = p.startsWith('/bench/pages/') ? 'no-cache' : 'public, max-age=31536000, immutable';
      headers['last-modified'] = statSync(file).mtime.toUTCString();
      res.writeHead(200, headers).end(body);
      return;
    }
    const preq = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (pres) => {
      res.writeHead(pres.statusCode, pres.headers);
      pres.pipe(res);
    });
    preq.on('error', () => res.destroy());
    req.pipe(preq);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = net.connect(Number(target.port), target.hostname, () => {
      let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) text += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(text + '\r\n');
      if (head?.length) up.write(head);
      socket.pipe(up);
      up.pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  })));
}

/** A sandbox whose scripted agent answers at once. */
export function startAnsweringSandbox(root) {
  const proc = spawn(path.join(root, 'dist', 'sandbox'), ['-addr', '127.0.0.1:0', '-static', root, '-agent-delay', '1ms'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

// A page with the profile applied before navigation; counts the bytes
// received (encoded, as sent) for every response.
async function openThrottled(context, profile) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
  const bytes = { total: 0 };
  cdp.on('Network.loadingFinished', (e) => { bytes.total += e.encodedDataLength; });
  await cdp.send('Performance.enable');
  return { page, cdp, bytes };
}

async function firstMessageVisit(context, front, which, profile) {
  const { page, bytes } = await openThrottled(context, profile);
  await page.goto(`${front.url}/bench/pages/first-${which}.html`);
  const t = await page.evaluate(() => window.benchLoading);
  if (t.error) throw new Error(`${which}: ${t.error}`);
  await page.close();
  return { ...t, bytes: bytes.total };
}

/** Cold visit then a second visit in the same context (HTTP cache warm). */
export async function firstMessageRun(launch, front, which, profile) {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const cold = await firstMessageVisit(context, front, which, profile);
    const warm = await firstMessageVisit(context, front, which, profile);
    return { cold, warm };
  } finally {
    await browser.close();
  }
}

/** Load event and main-thread busy time of an idle page (1 s after load). */
async function idleRun(launch, front, which, profile) {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const { page, cdp, bytes } = await openThrottled(context, profile);
    await page.goto(`${front.url}/bench/pages/idle-${which}.html`, { waitUntil: 'load' });
    // A fixed window after load: whatever the page starts there is counted.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1000)));
    const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventStart);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const busy = metrics.find((m) => m.name === 'TaskDuration').value * 1000;
    return { load, busy, bytes: bytes.total };
  } finally {
    await browser.close();
  }
}

const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const fms = (x) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;
const fkb = (b) => `${(b / 1000).toFixed(1)} kB`;

/**
 * Runs everything `runs` times (SDKs alternating) and returns
 * {rows, markdown, raw}: rows = [metric, profile, ours, ref, ratio, target, met].
 */
export async function loadingBench({ root, launch, runs, log, profiles = Object.keys(PROFILES) }) {
  const sandbox = await startAnsweringSandbox(root);
  const front = await startFront(root, sandbox.url);
  const raw = { first: {}, idle: {} };
  try {
    for (const name of profiles) {
      raw.first[name] = { ours: [], ref: [] };
      for (let i = 0; i < runs; i++) {
        for (const which of i % 2 === 0 ? ['ours', 'ref'] : ['ref', 'ours']) {
          const r = await firstMessageRun(launch, front, which, PROFILES[name]);
          log(`loading ${name} ${which} ${i + 1}/${runs}: connect ${fms(r.cold.connected)}, first agent message ${fms(r.cold.firstAgentMessage)}, ${fkb(r.cold.bytes)}; second visit connect ${fms(r.warm.connected)}`);
          raw.first[name][which].push(r);
        }
      }
    }
    for (const name of profiles.filter((p) => p !== 'Slow 4G')) {
      raw.idle[name] = { none: [], deferred: [], eager: [] };
      for (let i = 0; i < runs; i++) {
        for (const which of ['none', 'deferred', 'eager', 'none', 'deferred'].slice(i % 3, i % 3 + 3)) { // rotated: no page always first
          const r = await idleRun(launch, front, which, PROFILES[name]);
          log(`idle page ${name} ${which} ${i + 1}/${runs}: load ${fms(r.load)}, busy ${fms(r.busy)}, ${fkb(r.bytes)}`);
          raw.idle[name][which].push(r);
        }
      }
    }
  } finally {
    await front.stop();
    await sandbox.stop();
  }

  const rows = [];
  const ratioRow = (metric, profile, o, r, fmt, target, limit) => rows.push([metric, profile, fmt(o), fmt(r), `${(o / r).toFixed(2)}×`, target,
    limit === undefined ? '' : o / r <= limit ? 'yes' : 'NO']);
  for (const [name, v] of Object.entries(raw.first)) {
    const m = (which, f) => med(v[which].map(f));
    ratioRow('navigation → connect() resolved', name, m('ours', (x) => x.cold.connected), m('ref', (x) => x.cold.connected), fms,
      name === 'loopback' ? '≤ 1.5×' : name === 'Fast 4G' ? '≤ 2.0×' : '', name === 'loopback' ? 1.5 : name === 'Fast 4G' ? 2 : undefined);
    ratioRow('navigation → first agent message shown', name, m('ours', (x) => x.cold.firstAgentMessage), m('ref', (x) => x.cold.firstAgentMessage), fms, '');
    ratioRow('bytes transferred (all responses, encoded)', name, m('ours', (x) => x.cold.bytes), m('ref', (x) => x.cold.bytes), fkb, '');
    ratioRow('second visit (HTTP cache warm): → connect()', name, m('ours', (x) => x.warm.connected), m('ref', (x) => x.warm.connected), fms, '');
  }
  const idleRows = [];
  for (const [name, v] of Object.entries(raw.idle)) {
    const m = (which, f) => med(v[which].map(f));
    for (const which of ['deferred', 'eager']) {
      const load = [m(which, (x) => x.load), m('none', (x) => x.load)];
      const busy = [m(which, (x) => x.busy), m('none', (x) => x.busy)];
      const bytes = [m(which, (x) => x.bytes), m('none', (x) => x.bytes)];
      const met = which === 'deferred' ? (load[0] <= load[1] * 1.05 ? 'yes' : 'NO') : '';
      idleRows.push([`ours, ${which === 'deferred' ? "load: 'connect'" : 'default (load on import)'}`, name,
        `${fms(load[0])} vs ${fms(load[1])} (${(load[0] / load[1]).toFixed(2)}×)`,
        `${fms(busy[0])} vs ${fms(busy[1])}`, `${fkb(bytes[0])} vs ${fkb(bytes[1])}`, which === 'deferred' ? 'load ≤ 1.05×' : '', met]);
    }
  }
  const table = (head, body) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const markdown = [
    `Both SDKs served by a front server with brotli (\`Content-Encoding: br\`, the .br files build.sh writes) and ` +
    `\`Cache-Control: public, max-age=31536000, immutable\` for the SDK files, chat routes proxied to a sandbox whose ` +
    `agent answers at once; Chromium network emulation through CDP (Fast 4G: 9 Mbps down, 1.5 Mbps up, 170 ms; ` +
    `Slow 4G: 1.6 Mbps down, 0.75 Mbps up, 150 ms); ${runs} runs per SDK and profile, alternating, each in a fresh browser; medians. ` +
    'The second visit opens the same page again in the same browser context.', '',
    table(['metric', 'profile', 'ours', 'reference', 'ratio', 'target', 'met'], rows), '',
    'Idle page (a visitor who never chats): the same page with the SDK imported and constructed, against the page without any chat SDK; ' +
    'main-thread busy = CDP Performance.getMetrics TaskDuration, read 1 s after the load event.', '',
    table(['page', 'profile', 'load event (vs no SDK)', 'main-thread busy (vs no SDK)', 'bytes (vs no SDK)', 'target', 'met'], idleRows),
  ].join('\n');
  return { rows, idleRows, markdown, raw };
}
