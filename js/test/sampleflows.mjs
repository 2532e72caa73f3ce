// The sample-style test app's flows (js/test/pages/app/flows.js) and what
// each must show, shared by sampleapp.test.mjs (the app served by the sandbox,
// the package through an import map) and bundlers.test.mjs (the same app
// bundled by Vite from the packed tarball), so that both hold the app to the
// same assertions.
import assert from 'node:assert/strict';

/**
 * Opens the app at url in a fresh context of browser and waits for its
 * flows. Returns { page, problems, run(flow, arg), reload(), close() };
 * run resolves { ok, errors } or { error, errors }, errors being what the
 * app's screen collected (its onError and recover failures).
 */
export async function openApp(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const ready = () => page.waitForFunction(() => window.flowsReady === true, null, { timeout: 30000, polling: 25 });
  try {
    await page.goto(url);
    await ready();
  } catch (e) {
    await context.close();
    throw e;
  }
  return {
    page,
    problems,
    run: (flow, arg) => page.evaluate(async ({ flow, arg }) => {
      try {
        return { ok: await window.flows[flow](arg), errors: window.flows.screen.errors };
      } catch (e) {
        return { error: `${e.name}: ${e.message}`, errors: window.flows.screen.errors };
      }
    }, { flow, arg }),
    reload: async () => { await page.reload(); await ready(); },
    close: () => context.close(),
  };
}

/**
 * The flows, each { title, check(app, { screenshots }) }, in the order the
 * tests run them; title is the test's name. check drives one opened app and
 * asserts on what it shows; with screenshots (a path prefix) it keeps a
 * picture of the screen in <prefix><flow>.png.
 */
export const SAMPLE_FLOWS = {
  messenger: {
    title: 'messenger: a new visitor chats; after a reload the thread is recovered with its messages and the name is on them',
    async check(app, { screenshots } = {}) {
      const a = await app.run('messenger', { name: 'Ann Example', text: 'first visit' });
      assert.equal(a.error, undefined, a.error);
      assert.equal(a.ok.recovered, 0);
      assert.deepEqual(a.errors, ['recover: thread not found'], 'a new thread is not found, as the sample expects');
      assert.equal(a.ok.myAuthor, 'Ann Example', 'setName reached the wire');
      assert.equal(a.ok.livechat, false);
      if (screenshots) await app.page.screenshot({ path: `${screenshots}messenger.png` });

      await app.reload();
      const b = await app.run('messenger', { name: 'Ann Example', text: 'second visit' });
      assert.equal(b.error, undefined, b.error);
      assert.deepEqual([b.ok.customerId, b.ok.threadId], [a.ok.customerId, a.ok.threadId], 'the app remembered its customer and thread');
      assert.ok(b.ok.recovered >= 2, `recovered ${b.ok.recovered}`);
      assert.ok(b.ok.texts.includes('first visit') && b.ok.texts.includes('second visit'), b.ok.texts.join('|'));
      assert.deepEqual(app.problems, []);
    },
  },

  loadOlder: {
    title: 'load older messages: a fresh session recovers the newest page, then pages back to the first message',
    async check(app) {
      const r = await app.run('loadOlder', { count: 15 });
      assert.equal(r.error, undefined, r.error);
      assert.ok(r.ok.pages.length >= 2, `pages ${r.ok.pages}`);
      assert.equal(r.ok.total, 30, '15 sent and 15 replies, each once');
      assert.equal(r.ok.distinct, 30);
      assert.equal(r.ok.oldest, 'older 0');
      assert.deepEqual(app.problems, []);
    },
  },

  livechat: {
    title: 'live chat: a new visitor sees Start, starts the chat, is assigned, chats, ends it',
    async check(app, { screenshots } = {}) {
      const r = await app.run('livechat', {});
      assert.equal(r.error, undefined, r.error);
      assert.equal(r.ok.startShown, true, 'recover of a new live chat fails, so the app offers Start');
      assert.equal(r.ok.agent, 'Mia');
      assert.equal(r.ok.status, 'closed');
      assert.ok(r.ok.texts.includes('Is anyone there?'));
      if (screenshots) await app.page.screenshot({ path: `${screenshots}livechat.png` });
      assert.deepEqual(app.problems, []);
    },
  },

  securedSession: {
    title: 'secured session with CacheStorage: the answer is cached behind the prefix, a reload connects from the cache as the same customer',
    async check(app) {
      const a = await app.run('securedSession');
      assert.equal(a.error, undefined, a.error);
      assert.ok(a.ok.customerId, 'the authorize service named the customer');
      assert.deepEqual(a.ok.cached, ['CHAT_SDK_CACHE_TTR']);
      assert.equal(a.ok.livechat, true);
      await app.reload();
      const b = await app.run('securedSession');
      assert.equal(b.error, undefined, b.error);
      assert.equal(b.ok.customerId, a.ok.customerId);
      assert.deepEqual(app.problems, []);
    },
  },

  // Issue 10 point 1: calls made while connect() is in flight wait for it (on
  // main before that fix, getThreadList rejected with "Cannot get thread list
  // because websocket is disconnected").
  multithread: {
    title: 'multithread: connect() not awaited, then getThreadList; threads named, listed, archived',
    async check(app) {
      const r = await app.run('multithread', {});
      assert.equal(r.error, undefined, r.error);
      assert.equal(r.ok.initial, 0);
      assert.deepEqual(r.ok.listed, ['Topic 1', 'Topic 2']);
      assert.deepEqual(r.ok.afterArchive, ['Topic 1'], 'an archived thread leaves the list');
      assert.equal(r.ok.metadataType, 'ThreadMetadataLoaded');
      assert.deepEqual(app.problems, []);
    },
  },
};

/** Opens the app at url in browser, runs the named flow's check, closes the context. */
export async function checkFlow(browser, url, name, opts) {
  const app = await openApp(browser, url);
  try {
    await SAMPLE_FLOWS[name].check(app, opts);
  } finally {
    await app.close();
  }
}
