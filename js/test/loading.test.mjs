// The three ways to load the SDK, and the runtime's resilience to a panic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

test('a plain <script> tag sets one global and chats', async () => {
  const { page, context, problems } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/global.html`);
  await waitFor(page, () => window.appReady === true);
  const globals = await page.evaluate(() => Object.keys(window).filter((k) => /chat|cxone/i.test(k)));
  assert.deepEqual(globals.filter((k) => k !== 'sdk'), ['CXoneChatWasm'], 'one global besides the page\'s own');
  await page.evaluate(() => window.run());
  const replies = await waitFor(page, () => window.replies.length >= 2 && window.replies);
  assert.deepEqual(replies, ['from a script tag', 'Mia: you said "from a script tag"']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Go panic inside a call rejects that call and the runtime keeps working', async () => {
  const { page, context } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/chat.html`);
  await waitFor(page, () => window.appReady === true);
  const r = await page.evaluate(async () => {
    const { sdk } = window.app;
    await sdk.connect();
    const out = {};
    try { await sdk._internal.call('internal.panic'); out.async = 'resolved'; } catch (e) { out.async = { name: e.name, code: e.code, message: e.message }; }
    try { sdk._internal.callSync('internal.panic'); out.sync = 'returned'; } catch (e) { out.sync = { name: e.name, code: e.code, message: e.message }; }
    const thread = sdk.getThread('after-panic-' + crypto.randomUUID());
    out.after = (await thread.sendTextMessage('alive')).data.message.messageContent.payload.text;
    return out;
  });
  assert.equal(r.async.code, 'internal');
  assert.match(r.async.message, /Internal error in internal\.panic: .*nil map/);
  assert.equal(r.sync.code, 'internal');
  assert.equal(r.after, 'alive');
  await context.close();
});

test('the npm package lists the built files and its exports resolve', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cxone-chat.global.js', 'dist/cxone-chat.wasm', 'package.json', 'README.md']) {
    assert.ok(files.includes(f), `${f} is packed (packed: ${files.join(', ')})`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const targets = [pkg.exports['.'].types, pkg.exports['.'].import, pkg.exports['./global'].default, pkg.exports['./global'].types, pkg.exports['./cxone-chat.wasm']];
  for (const t of targets) assert.ok(fs.existsSync(path.join(root, t)), `${t} exists`);
  assert.equal(Object.keys(pkg.exports['.'])[0], 'types', 'types come first in the exports map');
});
