// Package hygiene (issue 14.2): what `npm pack` puts in the tarball, and that
// the tarball works as an installed dependency for TypeScript. Needs dist/
// (./build.sh); packs with --ignore-scripts so the test does not rebuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });

function packedFiles() {
  const out = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  return JSON.parse(out)[0].files.map((f) => f.path).sort();
}

test('the tarball holds LICENSE, CHANGELOG, the builds with their source maps, the API reference, and nothing else', () => {
  const all = packedFiles();
  // The API reference (./build.sh docs, run by npm pack's prepack): every
  // file typedoc wrote, the three entry points' pages among them.
  const api = all.filter((f) => f.startsWith('dist/docs/api/'));
  const onDisk = fs.readdirSync(path.join(root, 'dist', 'docs', 'api'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath ?? d.path, d.name))).sort();
  assert.deepEqual(api, onDisk, 'the tarball holds the API reference as built');
  for (const f of ['index.html', 'modules/index.html', 'modules/store.html', 'modules/global.html', 'classes/index.ChatSdk.html', 'classes/store.MessageStore.html']) {
    assert.ok(api.includes(`dist/docs/api/${f}`), `the API reference has ${f}`);
  }
  const files = all.filter((f) => !f.startsWith('dist/docs/api/'));
  const want = [
    'CHANGELOG.md', 'LICENSE', 'NOTICE.md', 'README.md', 'package.json',
    'dist/cxone-chat.global.js', 'dist/cxone-chat.global.js.map', 'dist/cxone-chat.wasm',
    'dist/global.d.ts', 'dist/global.mjs', 'dist/index.d.ts', 'dist/index.js', 'dist/index.js.map',
    'dist/store.d.ts', 'dist/store.js', 'dist/store.js.map',
  ];
  assert.deepEqual(files, want.sort());
  assert.ok(!files.some((f) => /wasm_exec/.test(f)), 'wasm_exec.js is bundled into index.js, not shipped');
  assert.ok(!all.some((f) => /(^|\/)test(s)?\/|\.test\.|\.spec\./.test(f)), 'no test files');
});

test('the API reference in dist/ is as new as the declarations it documents, and the tarball stays small', () => {
  const built = fs.statSync(path.join(root, 'dist', 'docs', 'api', 'index.html')).mtimeMs;
  for (const d of ['js/index.d.ts', 'js/store.d.ts', 'js/global.d.ts', 'typedoc.json']) {
    assert.ok(fs.statSync(path.join(root, d)).mtimeMs <= built, `${d} changed after ./build.sh docs ran: run it again`);
  }
  assert.match(pkg.scripts.prepack, /\.\/build\.sh docs/, 'npm pack builds the API reference');
  const [{ size }] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']));
  // 1.38 MB without the reference, 1.65 MB with it (2026-12-02).
  assert.ok(size < 2_000_000, `the tarball is ${size} B`);
});

test('LICENSE is MIT with our copyright line; CHANGELOG has Unreleased and this version', () => {
  const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
  assert.equal(pkg.license, 'MIT');
  assert.match(license, /^MIT License/);
  assert.match(license, /Copyright \(c\) \d{4} cxone-chat-wasm contributors/);
  assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS"/);
  const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, /keepachangelog\.com/);
  assert.match(changelog, /^## \[Unreleased\]$/m);
  assert.match(changelog, new RegExp(`^## \\[${pkg.version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
});

test('package.json names repository, homepage, bugs and engines', () => {
  assert.match(pkg.repository?.url ?? '', /^git\+https:\/\/github\.com\/.+\.git$/);
  assert.match(pkg.homepage ?? '', /^https:\/\//);
  assert.match(pkg.bugs?.url ?? '', /^https:\/\/.+\/issues$/);
  assert.equal(pkg.engines?.node, '>=18');
  assert.equal(pkg.exports['./global'].types, './dist/global.d.ts');
  for (const dep of Object.values(pkg.devDependencies)) assert.match(dep, /^\d+\.\d+\.\d+$/, 'devDependencies are pinned');
});

test('each build ends with a sourceMappingURL to a valid map that embeds its sources', () => {
  for (const js of ['dist/index.js', 'dist/cxone-chat.global.js']) {
    const code = fs.readFileSync(path.join(root, js), 'utf8');
    const m = code.match(/\n\/\/# sourceMappingURL=([^\s]+)\s*$/);
    assert.ok(m, `${js} names its map`);
    assert.equal(m[1], `${path.basename(js)}.map`);
    const map = JSON.parse(fs.readFileSync(path.join(root, path.dirname(js), m[1]), 'utf8'));
    assert.equal(map.version, 3);
    assert.ok(map.mappings.length > 1000, `${js}.map has mappings`);
    assert.ok(map.sources.length >= 5, `${js}.map lists its sources`);
    assert.equal(map.sourcesContent?.length, map.sources.length, `${js}.map embeds every source`);
    map.sourcesContent.forEach((s, i) => assert.ok(typeof s === 'string' && s.length > 0, `${map.sources[i]} is embedded`));
    assert.ok(map.sources.some((s) => s.endsWith('js/wasm_exec.js')), `${js} bundles wasm_exec.js`);
  }
});

test('npm pack leaves no tarball in the tree, and *.tgz is ignored by git', () => {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'cxone-pack-'));
  try {
    const before = run('git', ['status', '--porcelain', '--untracked-files=all']);
    const out = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest]));
    const tgz = path.join(dest, out[0].filename);
    assert.ok(fs.existsSync(tgz));
    assert.equal(run('git', ['status', '--porcelain', '--untracked-files=all']), before, 'packing changed the work tree');
    assert.equal(run('git', ['check-ignore', '--no-index', out[0].filename]).trim(), out[0].filename, '*.tgz is gitignored');

    // Installed as a dependency (extracted as npm would), its exports map gives
    // tsc --strict the types of both entries.
    const app = path.join(dest, 'app');
    const installed = path.join(app, 'node_modules', 'cxone-chat-wasm');
    fs.mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', installed, '--strip-components=1']);
    fs.writeFileSync(path.join(app, 'page.ts'), [
      "import ChatSdk, { ChatEvent, EnvironmentName } from 'cxone-chat-wasm';",
      "import 'cxone-chat-wasm/global';",
      "const sdk = new ChatSdk({ brandId: 1, channelId: 'c', environment: EnvironmentName.EU1, cacheStorage: null });",
      "sdk.onChatEvent(ChatEvent.MESSAGE_CREATED, (e) => console.log(e.detail.data.message.id));",
      "const viaTag: typeof ChatSdk = CXoneChatWasm.ChatSdk;",
      'void viaTag;',
      "import { MessageStore, type Entry } from 'cxone-chat-wasm/store';",
      'const store = new MessageStore();',
      "store.subscribe(({ entries }) => { const first: Entry | undefined = entries[0]; console.log(first?.status); });",
    ].join('\n'));
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] },
      files: ['page.ts'],
    }));
    try {
      execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', app], { encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc on a page using the installed package:\n${e.stdout}${e.stderr}`);
    }
    // And at run time: Node resolves `cxone-chat-wasm/store` through the
    // installed package's exports map (the store needs no DOM and no wasm).
    fs.writeFileSync(path.join(app, 'store-check.mjs'), [
      "import { MessageStore } from 'cxone-chat-wasm/store';",
      'const s = new MessageStore();',
      "s.addPending({ messageId: 'm1', text: 'hi' });",
      "console.log(JSON.stringify([import.meta.resolve('cxone-chat-wasm/store'), s.entries.map((e) => [e.key, e.status])]));",
    ].join('\n'));
    const [resolved, entries] = JSON.parse(execFileSync(process.execPath, ['store-check.mjs'], { cwd: app, encoding: 'utf8' }));
    assert.ok(resolved.endsWith('/node_modules/cxone-chat-wasm/dist/store.js'), resolved);
    assert.deepEqual(entries, [['m1', 'pending']]);
  } finally {
    fs.rmSync(dest, { recursive: true, force: true });
  }
});
