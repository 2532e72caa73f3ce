// build.sh's portability (issue 14, finding 10), without building: with no
// Chromium and no apt-get it says what to install and how to name it with
// CHROMIUM=; the README's prerequisites name the Go of go.mod and the Node
// of package.json; the fuzz step's check fails a run that stalls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './snippets.mjs';

const buildSh = path.join(root, 'build.sh');

/** The directory of a command on this machine's PATH. */
function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && fs.existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  throw new Error(`${cmd} not on PATH`);
}

/** A PATH holding only the given commands (symlinks in a temporary folder). */
function onlyCommands(cmds) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxone-path-'));
  for (const c of cmds) fs.symlinkSync(which(c), path.join(dir, c));
  return dir;
}

const run = (args, env) => spawnSync(which('bash'), [buildSh, ...args], { cwd: root, env, encoding: 'utf8', timeout: 20000 });

test('check-chromium: no Chromium at CHROMIUM and no apt-get: exit 1, saying what to install and to set CHROMIUM=', () => {
  const bin = onlyCommands(['dirname', 'cat']);
  try {
    const r = run(['check-chromium'], { PATH: bin, HOME: os.tmpdir(), CHROMIUM: '/nonexistent/chromium' });
    assert.equal(r.status, 1, `status ${r.status}; stderr: ${r.stderr}`);
    assert.match(r.stderr, /no Chromium at CHROMIUM=\/nonexistent\/chromium/);
    assert.match(r.stderr, /no apt-get/);
    assert.match(r.stderr, /CHROMIUM=\/path\/to\/chrome/);
    assert.match(r.stderr, /brew install --cask chromium/, 'names what to install on macOS');
    assert.doesNotMatch(r.stderr, /command not found/, 'the message is build.sh\'s, not the shell\'s');
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

test('check-chromium: an executable at CHROMIUM is taken as it is, nothing installed', () => {
  const bin = onlyCommands(['dirname', 'cat']);
  try {
    const r = run(['check-chromium'], { PATH: bin, HOME: os.tmpdir(), CHROMIUM: which('true') });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

test("the README's prerequisites name go.mod's Go and package.json's Node, as build.sh's header does", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const prereq = readme.slice(readme.indexOf('Prerequisites:'), readme.indexOf('\n\n', readme.indexOf('Prerequisites:'))).replace(/\s+/g, ' ');
  assert.ok(prereq.length > 20, 'README has a Prerequisites paragraph');
  const goLine = fs.readFileSync(path.join(root, 'go.mod'), 'utf8').match(/^go (\d+\.\d+)(?:\.\d+)?$/m);
  assert.ok(goLine, 'go.mod has a go line');
  assert.match(prereq, new RegExp(`\\bGo ${goLine[1].replace('.', '\\.')}\\b`), `README says Go ${goLine[1]}`);
  const engines = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines?.node;
  const node = engines?.match(/^>=\s*(\d+)$/)?.[1];
  assert.ok(node, `package.json engines.node is ">=N": ${engines}`);
  assert.match(prereq, new RegExp(`Node\\.js ${node} or newer`), `README says Node.js ${node} or newer`);
  const header = fs.readFileSync(buildSh, 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
  assert.match(header, new RegExp(`Node >= ${node}\\b`));
  assert.match(header, /Go \(the version in go\.mod\)/);
  assert.match(prereq, /CHROMIUM=/, 'README says how to name the browser');
});

// Progress lines as go test -fuzz prints them (this run: go1.26, 1 worker).
const healthy = `fuzz: elapsed: 0s, gathering baseline coverage: 0/19 completed
fuzz: elapsed: 0s, gathering baseline coverage: 19/19 completed, now fuzzing with 1 workers
fuzz: elapsed: 3s, execs: 5075 (1691/sec), new interesting: 28 (total: 47)
fuzz: elapsed: 6s, execs: 14712 (3212/sec), new interesting: 53 (total: 72)
fuzz: elapsed: 9s, execs: 22011 (2433/sec), new interesting: 59 (total: 78)
fuzz: elapsed: 10s, execs: 24630 (2619/sec), new interesting: 60 (total: 79)
PASS
ok  	github.com/cxone-chat-wasm/cxone-chat-wasm/sdk	10.192s
`;

function fuzzCheck(log, env = {}) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cxone-fuzz-')), 'fuzz.log');
  fs.writeFileSync(file, log);
  try {
    return run(['fuzz-check', file], { ...process.env, ...env });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

test('fuzz-check passes a run that fuzzed the whole time', () => {
  const r = fuzzCheck(healthy);
  assert.equal(r.status, 0, r.stderr);
});

test('fuzz-check fails a run whose progress shows 0 execs/sec after its first 3 s (workers paused, e.g. minimizing)', () => {
  // What the issue saw: the count stops after the third second.
  const stalled = healthy.replace('14712 (3212/sec)', '5075 (0/sec)').replace('22011 (2433/sec)', '5075 (0/sec)').replace('24630 (2619/sec)', '5075 (0/sec)');
  const r = fuzzCheck(stalled);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /fuzzing stalled: fuzz: elapsed: 6s/);
  // A pause only inside the first 3 s (baseline coverage) is fine.
  assert.equal(fuzzCheck(healthy.replace('5075 (1691/sec)', '0 (0/sec)')).status, 0);
  // Minutes are read as such: 1m3s is after the first 3 s.
  assert.equal(fuzzCheck(healthy.replace('elapsed: 10s, execs: 24630 (2619/sec)', 'elapsed: 1m3s, execs: 24630 (0/sec)')).status, 1);
});

test('fuzz-check fails a run with too few executions, or none shown', () => {
  const few = fuzzCheck(healthy, { FUZZMINEXECS: '100000' });
  assert.equal(few.status, 1);
  assert.match(few.stderr, /made 24630 execs, fewer than FUZZMINEXECS=100000/);
  const none = fuzzCheck('PASS\nok  \tgithub.com/cxone-chat-wasm/cxone-chat-wasm/sdk\t0.1s\n');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no progress line/);
});

test('./build.sh test runs the fuzz step through the check', () => {
  const sh = fs.readFileSync(buildSh, 'utf8');
  const fuzz = sh.slice(sh.indexOf('\nfuzz() {'), sh.indexOf('\n}', sh.indexOf('\nfuzz() {')));
  assert.match(fuzz, /go test [^\n]*-fuzz [^\n]*\| tee "\$out"/);
  assert.match(fuzz, /fuzz_check "\$out"/);
  const goTests = sh.slice(sh.indexOf('\ngo_tests() {'), sh.indexOf('\n}', sh.indexOf('\ngo_tests() {')));
  assert.match(goTests, /\n\s*fuzz$/);
  assert.match(sh, /set -euo pipefail/, 'a failing go test in the pipe fails the step');
});
