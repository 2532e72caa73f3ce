// index.d.ts against the code: a TypeScript page using every export
// compiles under --strict, every misuse is refused, and the values the
// package exports at run time are exactly the values it declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { root } from './harness.mjs';

const run = promisify(execFile);

test('tsc --strict compiles the consumer page and refuses each misuse', async () => {
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  try {
    await run(tsc, ['-p', path.join(root, 'js', 'test', 'types')], { cwd: root });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test('the runtime exports and the declared values are the same names', async () => {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'js', 'index.js')], bundle: true, format: 'esm', write: false, metafile: true, logLevel: 'silent',
    outdir: path.join(root, 'dist', 'metafile-probe'),
  });
  const out = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const runtime = new Set(out.exports);
  const dts = await readFile(path.join(root, 'js', 'index.d.ts'), 'utf8');
  const declared = new Set([...dts.matchAll(/^export declare (?:const|class|function) (\w+)/gm)].map((m) => m[1]));
  if (/^export default /m.test(dts)) declared.add('default');
  const missing = [...runtime].filter((n) => !declared.has(n)).sort();
  const extra = [...declared].filter((n) => !runtime.has(n)).sort();
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'undeclared runtime exports / declarations without a value');
  assert.ok(runtime.size >= 50, `only ${runtime.size} exports found`);
});
