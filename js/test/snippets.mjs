// Code examples from Markdown, compiled by tsc --strict against js/index.d.ts
// (and js/global.d.ts), so the README and docs/ cannot drift from the API.
// ```js and ```ts blocks are compiled as they are; from ```html blocks, each
// <script type="module"> body. An import of any path ending in index.js (e.g.
// './dist/index.js', a CDN URL) or of 'cxone-chat-wasm' resolves to the
// declarations. A block whose fence reads ```js nocompile is skipped (for
// fragments that only make sense inside a larger page).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The code blocks of a Markdown file: [{lang, code, line, file}]. */
export function codeBlocks(file, { section } = {}) {
  let text = fs.readFileSync(file, 'utf8');
  let offset = 0;
  if (section) {
    const start = text.indexOf(`\n${section}\n`);
    if (start < 0) throw new Error(`${file}: no section "${section}"`);
    const next = text.indexOf('\n## ', start + section.length + 2);
    offset = text.slice(0, start).split('\n').length;
    text = text.slice(start, next < 0 ? undefined : next);
  }
  const blocks = [];
  const re = /^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(text));) {
    const line = offset + text.slice(0, m.index).split('\n').length + 1;
    blocks.push({ lang: m[1], flags: m[2].trim(), code: m[3], line, file: path.relative(root, file) });
  }
  return blocks;
}

/** The TypeScript sources to compile from blocks (js, ts, and html module scripts). */
export function compilable(blocks) {
  const out = [];
  for (const b of blocks) {
    if (b.flags.includes('nocompile')) continue;
    if (b.lang === 'js' || b.lang === 'ts') out.push(b);
    if (b.lang === 'html') {
      const re = /<script type="module">([\s\S]*?)<\/script>/g;
      for (let m; (m = re.exec(b.code));) {
        const line = b.line + b.code.slice(0, m.index).split('\n').length - 1;
        out.push({ ...b, lang: 'html-module', code: m[1], line });
      }
    }
  }
  return out;
}

const PRELUDE = `// Names the examples use without defining them.
declare global {
  function show(text: string): void;
  const threadId: string;
  const customerId: string;
}
export {};
`;

/** Compiles each block as its own module; resolves [] or a list of errors naming file:line. */
export async function typecheck(blocks) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxone-snippets-'));
  try {
    const files = ['prelude.d.ts'];
    fs.writeFileSync(path.join(dir, 'prelude.d.ts'), PRELUDE);
    blocks.forEach((b, i) => {
      const code = b.code.replace(/(from\s+|import\s+)(['"])[^'"]*(?:index\.js|cxone-chat-wasm)\2/g, '$1$2cxone-chat-wasm$2')
        .replace(/(['"])cxone-chat-wasm\/global\.js\1/g, "$1cxone-chat-wasm/global$1");
      const name = `block${i}.ts`;
      // One leading line so tsc's line numbers are the Markdown's minus the offset.
      fs.writeFileSync(path.join(dir, name), `export {};\n${code}`);
      files.push(name);
    });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], skipLibCheck: false,
        paths: { 'cxone-chat-wasm': [path.join(root, 'js', 'index.d.ts')], 'cxone-chat-wasm/global': [path.join(root, 'js', 'global.d.ts')] },
      },
      files,
    }));
    try {
      await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', dir], { cwd: dir });
      return [];
    } catch (e) {
      if (!e.stdout) throw e;
      return e.stdout.trim().split('\n').map((l) => {
        const m = l.match(/^block(\d+)\.ts\((\d+),(\d+)\): (.*)$/);
        if (!m) return l;
        const b = blocks[Number(m[1])];
        return `${b.file}:${b.line + Number(m[2]) - 2}: ${m[4]}`;
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
