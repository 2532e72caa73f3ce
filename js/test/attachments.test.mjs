// Attachments in Chromium against the sandbox: files go up from the File
// itself, come back byte for byte, are refused before any upload when the
// channel's fileRestrictions say so, report progress, can be aborted, and
// keep their order; the agent's files arrive with their metadata.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser(['-agent-delay', '20ms']);

// Admin calls as a same-origin page makes them (JSON content type).
const admin = (method, path, body) => fetch(`${env.sandbox.url}${path}`, {
  method, headers: { 'Content-Type': 'application/json', Origin: env.sandbox.url }, body: body === undefined ? undefined : JSON.stringify(body),
});

afterEach(async () => {
  await admin('DELETE', '/sandbox/channels/chat_abc/file-limits');
});

// A connected page on a thread of its own (a new customer, so channel info
// is fetched afresh by its session).
async function connected() {
  const p = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/chat.html?customer=att-${crypto.randomUUID()}`);
  await waitFor(p.page, () => window.appReady === true);
  await p.page.evaluate(async () => {
    await window.app.start(`att-${crypto.randomUUID()}`);
    // bytes(n, seed): every byte value, in a pattern the seed shifts.
    window.bytes = (n, seed) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * 131 + seed + (i >> 8)) & 255; return b; };
    window.admin = (method, path, body) => fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  });
  return p;
}

async function uploadsSeen() {
  return (await admin('GET', '/sandbox/uploads')).json();
}

// The SendMessage frames of the sandbox's received log that carry files.
async function fileMessages(threadId) {
  const list = await (await admin('GET', '/sandbox/received')).json();
  return list.map((e) => e.frame?.payload).filter((p) => p?.eventType === 'SendMessage'
    && p.data?.thread?.idOnExternalPlatform === threadId && p.data.attachments?.length > 0);
}

test('an image and a PDF are sent, received back and downloaded identical byte for byte', async () => {
  const { page, context, problems } = await connected();
  const r = await page.evaluate(async () => {
    const t = window.app.thread;
    const img = new File([window.bytes(300_001, 1)], 'photo één.png', { type: 'image/png' });
    const pdf = new File([window.bytes(123_457, 2)], 'report.pdf', { type: 'application/pdf' });
    const ack = await t.sendAttachments([img, pdf]);
    const recovered = await t.recover();
    const back = recovered.messages.find((m) => m.attachments?.length === 2);
    const downloads = [];
    for (const [i, a] of back.attachments.entries()) {
      const res = await fetch(a.url);
      const got = new Uint8Array(await res.arrayBuffer());
      const want = new Uint8Array(await [img, pdf][i].arrayBuffer());
      downloads.push({
        name: a.friendlyName, mimeType: a.mimeType, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'),
        size: got.length, same: got.length === want.length && got.every((b, j) => b === want[j]),
      });
    }
    return { acked: ack.data.message.attachments.map((a) => a.friendlyName), downloads };
  });
  assert.deepEqual(r.acked, ['photo één.png', 'report.pdf']);
  assert.deepEqual(r.downloads.map((d) => [d.name, d.mimeType, d.type, d.size, d.same]), [
    ['photo één.png', 'image/png', 'image/png', 300_001, true],
    ['report.pdf', 'application/pdf', 'application/pdf', 123_457, true],
  ]);
  assert.match(r.downloads[0].disposition, /^attachment; filename="photo __n.png"; filename\*=UTF-8''photo%20%C3%A9%C3%A9n.png$/);
  assert.match(r.downloads[1].disposition, /filename="report.pdf"/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a too-large file, a forbidden type and a channel without attachments are refused before any upload; the server\'s refusal is the same error', async () => {
  const { page, context } = await connected();
  await admin('DELETE', '/sandbox/uploads');
  const r = await page.evaluate(async () => {
    const m = await import('/dist/index.js');
    await window.admin('PUT', '/sandbox/channels/chat_abc/file-limits', { maxMB: 1, types: [{ mimeType: 'image/*', description: 'Images' }, { mimeType: '.pdf', description: 'PDF' }] });
    const t = window.app.thread;
    const refuse = async (files) => {
      try { await t.sendAttachments(files); return 'sent'; } catch (e) {
        return { cls: e instanceof m.UploadAttachmentError, name: e.name, message: e.message, reason: e.data?.reason, index: e.data?.fileIndex,
          isFile: e.data?.file === files[e.data?.fileIndex], response: e.data?.response };
      }
    };
    const ok = new File(['%PDF-1.4'], 'small.pdf', { type: '' });
    const big = await refuse([ok, new File([window.bytes(1.5 * 2 ** 20, 3)], 'big.png', { type: 'image/png' })]);
    const exe = await refuse([new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' })]);
    return { big, exe };
  });
  assert.deepEqual(r.big, { cls: true, name: 'ChatSDKError', message: '[ChatSDKError]: Upload attachment failed', reason: 'size', index: 1, isFile: true,
    response: { allowedFileSize: '1', allowedFileTypes: [{ mimeType: 'image/*', description: 'Images' }, { mimeType: '.pdf', description: 'PDF' }] } });
  assert.equal(r.exe.reason, 'type');
  assert.equal(r.exe.cls, true);
  assert.deepEqual(await uploadsSeen(), [], 'the sandbox saw no upload request');

  // Attachments off: a new session reads the channel info again.
  await admin('PUT', '/sandbox/channels/chat_abc/file-limits', { disabled: true });
  const off = await connected();
  const disabled = await off.page.evaluate(async () => {
    const m = await import('/dist/index.js');
    try { await window.app.thread.sendAttachments([new File(['x'], 'a.png', { type: 'image/png' })]); return 'sent'; } catch (e) { return [e instanceof m.UploadAttachmentError, e.data?.reason]; }
  });
  assert.deepEqual(disabled, [true, 'disabled']);
  assert.deepEqual(await uploadsSeen(), []);

  // The server's own refusal (limits changed after this session read them).
  await admin('PUT', '/sandbox/channels/chat_abc/file-limits', { maxMB: 0.001 });
  const late = await page.evaluate(async () => {
    const m = await import('/dist/index.js');
    try { await window.app.thread.sendAttachments([new File([window.bytes(5000, 4)], 'ok-then.png', { type: 'image/png' })]); return 'sent'; } catch (e) {
      return [e instanceof m.UploadAttachmentError, e.message, e.data?.reason, e.data?.file?.name, e.data?.response?.allowedFileSize];
    }
  });
  assert.deepEqual(late, [true, '[ChatSDKError]: Upload attachment failed', 'server', 'ok-then.png', '0.001']);
  assert.deepEqual((await uploadsSeen()).map((u) => u.outcome), ['refused']);
  assert.deepEqual(await fileMessages(await page.evaluate(() => window.app.thread.idOnExternalPlatform)), [], 'nothing was sent');
  await off.context.close();
  await context.close();
});

test('an aborted upload rejects with AbortError, sends no message and leaves nothing pending', async () => {
  const { page, context, problems } = await connected();
  await admin('DELETE', '/sandbox/uploads');
  await admin('PUT', '/sandbox/channels/chat_abc/file-limits', { stall: true });
  const r = await page.evaluate(async () => {
    const t = window.app.thread;
    const file = new File([window.bytes(20 << 20, 5)], 'huge.png', { type: 'image/png' });
    const ac = new AbortController();
    const seen = [];
    try {
      await t.sendAttachments([file], { signal: ac.signal, onProgress: (p) => { seen.push(p.loaded); if (p.loaded < p.total) ac.abort(); } });
      return 'sent';
    } catch (e) {
      return { name: e.name, code: e.code, seen: seen.length > 0 && seen.every((n) => n < file.size) };
    }
  });
  assert.deepEqual(r, { name: 'AbortError', code: 'canceled', seen: true });
  // The request was really cancelled: released, the sandbox finds its
  // client gone (the release answers once the upload has read its body).
  const released = await (await admin('POST', '/sandbox/uploads/release')).json();
  assert.deepEqual(released.map((u) => u.outcome), ['aborted']);
  await admin('DELETE', '/sandbox/channels/chat_abc/file-limits');
  const after = await page.evaluate(async () => {
    const t = window.app.thread;
    await t.sendTextMessage('after the abort');
    const ack = await t.sendAttachments([new File(['fine'], 'next.png', { type: 'image/png' })]);
    const { messages } = await t.recover();
    return { ack: ack.data.message.attachments.map((a) => a.friendlyName), inbound: messages.filter((m) => m.direction === 'inbound').map((m) => [m.messageContent.payload.text, m.attachments.map((a) => a.friendlyName)]) };
  });
  assert.deepEqual(after.ack, ['next.png'], 'the next upload goes through');
  assert.deepEqual(after.inbound.sort(), [['', ['next.png']], ['after the abort', []]], 'no message came of the aborted upload');
  const thread = await page.evaluate(() => window.app.thread.idOnExternalPlatform);
  assert.equal((await fileMessages(thread)).length, 1);
  const log = await uploadsSeen();
  assert.ok(log.every((u) => u.outcome !== ''), `no upload is still under way: ${JSON.stringify(log)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('progress events are per file, monotonic and end at the file size', async () => {
  const { page, context } = await connected();
  // The uploads are held after their first 64 KiB until released, so the
  // large file is certainly seen part-way (the final event alone, which the
  // core gives on success, would not show progress), without timing.
  await admin('PUT', '/sandbox/channels/chat_abc/file-limits', { stall: true });
  await page.evaluate(() => {
    const files = [new File([window.bytes(6 << 20, 6)], 'six.png', { type: 'image/png' }), new File(['tiny'], 'tiny.png', { type: 'image/png' })];
    const run = { files, events: [], partial: null, settled: false };
    run.sent = window.app.thread.sendAttachments(files, {
      onProgress: ({ file, loaded, total }) => {
        run.events.push({ i: files.indexOf(file), loaded, total });
        if (file === files[0] && loaded > 0 && loaded < file.size) run.partial ??= loaded;
      },
    }).finally(() => { run.settled = true; });
    window.progressRun = run;
  });
  // Bounded: with no event part-way (progress not forwarded) this fails
  // rather than waiting for a release that never comes.
  const partial = await waitFor(page, () => window.progressRun.partial ?? (window.progressRun.settled ? 'settled first' : null));
  assert.ok(partial > 0 && partial < 6 << 20, `an event part-way through the large file: ${partial}`);
  await admin('POST', '/sandbox/uploads/release');
  const r = await page.evaluate(async () => {
    const { files, events, sent } = window.progressRun;
    await sent;
    return files.map((f, i) => ({ size: f.size, events: events.filter((e) => e.i === i) }));
  });
  for (const { size, events } of r) {
    assert.ok(events.length >= 1, 'at least the last event');
    assert.ok(events.every((e) => e.total === size), 'total is the file size');
    assert.ok(events.every((e, j) => j === 0 || e.loaded > events[j - 1].loaded), `forward only: ${events.map((e) => e.loaded)}`);
    assert.equal(events.at(-1).loaded, size, 'ends at the file size');
  }
  assert.ok(r[0].events.some((e) => e.loaded > 0 && e.loaded < r[0].size), 'the large file reported progress before its end');
  await context.close();
});

test('three files arrive as one message, in the order given', async () => {
  const { page, context } = await connected();
  const r = await page.evaluate(async () => {
    const files = [new File([window.bytes(3 << 20, 7)], 'first-big.png', { type: 'image/png' }),
      new File(['two'], 'second.pdf', { type: 'application/pdf' }), new File([window.bytes(1000, 8)], 'third.png', { type: 'image/png' })];
    const ack = await window.app.thread.sendAttachments(files);
    return { thread: window.app.thread.idOnExternalPlatform, acked: ack.data.message.attachments.map((a) => a.friendlyName) };
  });
  assert.deepEqual(r.acked, ['first-big.png', 'second.pdf', 'third.png']);
  const sent = await fileMessages(r.thread);
  assert.equal(sent.length, 1, 'one message');
  assert.deepEqual(sent[0].data.attachments.map((a) => a.friendlyName), ['first-big.png', 'second.pdf', 'third.png']);
  await context.close();
});

test('the agent\'s image and PDF arrive with their metadata and download', async () => {
  const { page, context } = await connected();
  await page.evaluate(() => window.app.thread.sendTextMessage('send files'));
  await waitFor(page, () => window.app.received.some((m) => m.direction === 'outbound' && m.attachments.length === 2));
  const r = await page.evaluate(async () => {
    const m = window.app.received.find((x) => x.direction === 'outbound' && x.attachments.length === 2);
    const out = [];
    for (const a of m.attachments) {
      const res = await fetch(a.url);
      const head = new Uint8Array(await res.arrayBuffer()).slice(0, 4);
      out.push({ friendlyName: a.friendlyName, mimeType: a.mimeType, preview: a.previewUrl === a.url, id: typeof a.id === 'string', type: res.headers.get('content-type'), head: [...head] });
    }
    return out;
  });
  assert.deepEqual(r, [
    { friendlyName: 'sandbox-logo.png', mimeType: 'image/png', preview: true, id: true, type: 'image/png', head: [0x89, 0x50, 0x4e, 0x47] },
    { friendlyName: 'order-summary.pdf', mimeType: 'application/pdf', preview: false, id: true, type: 'application/pdf', head: [0x25, 0x50, 0x44, 0x46] },
  ]);
  await context.close();
});
