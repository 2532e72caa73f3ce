// Per-package size of the wasm: builds an unstripped copy (same flags as
// build.sh but keeping the wasm "name" section), maps every function body in
// the code section to its Go package, and reports raw bytes and brotli bytes
// per package, plus the data segments (rodata, type data, pclntab). Each
// package's brotli figure compresses its own code alone, so they add up to
// more than the brotli of the whole file; they rank costs, they are not a
// partition of it.
//
//   node bench/wasmsize.mjs [--json] [--budget]   (--budget: exit 1 when over bench/budget.json)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const brotli = (buf) => zlib.brotliCompressSync(buf, {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
}).length;

/** Reads a wasm binary into {funcs: [{name, body}], data: Buffer, total}. */
export function parseWasm(buf) {
  let pos = 8;
  const u32 = () => {
    let result = 0, shift = 0, b;
    do { b = buf[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  const str = () => { const n = u32(); const s = buf.toString('utf8', pos, pos + n); pos += n; return s; };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  const data = [];
  while (pos < buf.length) {
    const id = buf[pos++];
    const size = u32();
    const end = pos + size;
    if (id === 2) { // imports
      for (let n = u32(); n > 0; n--) {
        str(); str();
        const kind = buf[pos++];
        if (kind === 0) { u32(); imported++; }
        else if (kind === 1) { pos++; const f = buf[pos++]; u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = buf[pos++]; u32(); if (f & 1) u32(); }
        else if (kind === 3) { pos += 2; }
      }
    } else if (id === 10) { // code
      for (let n = u32(); n > 0; n--) { const len = u32(); bodies.push(buf.subarray(pos, pos + len)); pos += len; }
    } else if (id === 11) { // data
      for (let n = u32(); n > 0; n--) {
        const flag = u32();
        if (flag === 0 || flag === 2) {
          if (flag === 2) u32();
          // The offset, a constant expression: i32.const/i64.const with a
          // LEB immediate (whose bytes may be 0x0b) or global.get, then end.
          const op = buf[pos++];
          if (op === 0x41 || op === 0x42) { while (buf[pos++] & 0x80) { /* LEB */ } } else if (op === 0x23) u32();
          if (buf[pos++] !== 0x0b) throw new Error(`wasm: unexpected data offset expression at ${pos - 1}`);
        }
        const len = u32(); data.push(buf.subarray(pos, pos + len)); pos += len;
      }
    } else if (id === 0) {
      const name = str();
      if (name === 'name') {
        while (pos < end) {
          const sub = buf[pos++];
          const subSize = u32();
          const subEnd = pos + subSize;
          if (sub === 1) for (let n = u32(); n > 0; n--) { const idx = u32(); names.set(idx, str()); }
          pos = subEnd;
        }
      }
    }
    pos = end;
  }
  const funcs = bodies.map((body, i) => ({ name: names.get(imported + i) ?? `func${imported + i}`, body }));
  return { funcs, data: Buffer.concat(data), total: buf.length };
}

// Module paths whose sanitised form (the wasm name section turns "/", "-",
// "(", "*" and ")" into "_") is turned back into the real path.
const modules = ['github.com/cxone-chat-wasm/cxone-chat-wasm', 'github.com/hack-pad/safejs',
  'github.com/coder/websocket', 'github.com/google/uuid'];

/** The Go package a (sanitised) wasm function name belongs to. */
export function packageOf(sym) {
  if (/^(type_\.|go_|gofunc)/.test(sym)) return '(generated: type equality, wrappers)';
  if (/^func\d+$/.test(sym)) return '(unnamed)';
  for (const m of modules) {
    const san = m.replace(/[/\-]/g, '_');
    if (sym.startsWith(san + '.') || sym.startsWith(san + '_')) {
      const rest = sym.slice(san.length);
      const dot = rest.indexOf('.');
      return m + (dot < 0 ? rest : rest.slice(0, dot)).replace(/_/g, '/');
    }
  }
  if (/^[a-z0-9-]+\.(com|org|net|io|dev|in)_/.test(sym)) { // another module: keep its host.tld
    const dot = sym.indexOf('.', sym.indexOf('_'));
    return (dot < 0 ? sym : sym.slice(0, dot)).replace(/_/g, '/');
  }
  const dot = sym.indexOf('.');
  if (dot < 0) return '(runtime assembly)';
  const pkg = sym.slice(0, dot).replace(/_/g, '/');
  return pkg === 'main' ? 'main (wasm/, the js bridge)' : pkg;
}

/** Builds the unstripped wasm and returns rows sorted by raw size. */
export function breakdown() {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasmsize-'));
  try {
    const out = path.join(dir, 'full.wasm');
    execFileSync('go', ['build', '-trimpath', '-ldflags=-w', '-o', out, './wasm'], {
      cwd: root, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, stdio: ['ignore', 'inherit', 'inherit'],
    });
    const w = parseWasm(readFileSync(out));
    const groups = new Map();
    for (const f of w.funcs) {
      const p = packageOf(f.name);
      if (!groups.has(p)) groups.set(p, []);
      groups.get(p).push(f.body);
    }
    const rows = [...groups].map(([pkg, parts]) => {
      const b = Buffer.concat(parts);
      return { pkg, funcs: parts.length, raw: b.length, brotli: brotli(b) };
    });
    rows.push({ pkg: '(data segments: rodata, types, pclntab)', funcs: 0, raw: w.data.length, brotli: brotli(w.data) });
    rows.sort((a, b) => b.raw - a.raw);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = breakdown();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 1));
  else for (const r of rows) console.log(`${String(r.raw).padStart(9)} ${String(r.brotli).padStart(8)} ${String(r.funcs).padStart(5)}  ${r.pkg}`);
  if (process.argv.includes('--budget')) {
    const over = overBudget(rows);
    for (const line of over) console.error(`over budget: ${line}`);
    if (over.length) process.exit(1);
    console.error('within budget (bench/budget.json)');
  }
}

/**
 * Checks rows (from breakdown()) and the stripped wasm's brotli size against
 * bench/budget.json; returns the lines over budget (empty when within).
 */
export function overBudget(rows, wasmBrotli) {
  const budget = JSON.parse(readFileSync(path.join(root, 'bench', 'budget.json'), 'utf8'));
  const over = [];
  if (wasmBrotli !== undefined && wasmBrotli > budget.total) over.push(`whole wasm: ${wasmBrotli} B brotli > budget ${budget.total} B`);
  for (const r of rows) {
    const limit = budget.packages[r.pkg] ?? budget.other;
    if (r.brotli > limit) over.push(`${r.pkg}: ${r.brotli} B brotli > budget ${limit} B${r.pkg in budget.packages ? '' : ' (any other package)'}`);
  }
  return over;
}
