// The rest of the reference surface: free helper functions, group chat
// between two customers, resetSession, attachments and channel info
// without an instance, against the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser(['-agent-delay', '20ms']);

async function page() {
  const p = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/auth.html`);
  await waitFor(p.page, () => window.appReady === true);
  return p;
}

test('free helpers give the reference results', async () => {
  const { page: pg, context, problems } = await page();
  const r = await pg.evaluate(async () => {
    const m = await import('/dist/index.js');
    m.registerWindowUnload();
    const fp = m.getBrowserFingerprint({ country: 'CZ' });
    return {
      fp: { browser: fp.browser, country: fp.country, applicationType: fp.applicationType, deviceType: fp.deviceType, language: fp.language, hasLocation: fp.location.length > 0 },
      lang: m.getBrowserLanguage() === navigator.language,
      where: m.getBrowserLocation() === Intl.DateTimeFormat().resolvedOptions().timeZone,
      id: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(m.generateId()),
      uploads: [m.isAttachmentUpload([{ url: 'u', friendlyName: 'f' }]), m.isAttachmentUpload([new File(['x'], 'x.txt')])],
      device: [m.getDeviceType('mobile'), m.getDeviceType('tablet'), m.getDeviceType('smarttv'), m.getDeviceType()],
      valid: [m.getValidLanguage('en_us'), m.getValidLanguage('cs-CZ.UTF-8')],
      fields: m.getCustomFieldsArray(new Map([['a', '1']])).concat(m.getCustomFieldsArray({ b: '2' })),
      back: m.getCustomFieldsFromArray([{ ident: 'a', value: '1' }, { ident: 'b', value: '2' }]),
      authors: [
        m.getAuthor({ direction: 'inbound', authorEndUserIdentity: { fullName: 'Ann Example' } }),
        m.getAuthor({ direction: 'outbound', authorUser: { firstName: 'Mia', surname: 'Agent' } }),
        m.getAuthor({ direction: 'outbound', authorUser: null }),
      ],
      reconnect: m.createReconnectPayloadData({ token: 'tok', expiresIn: 60 }, 'vis-1'),
      closing: m.isWindowClosing(),
      split: m.splitName('Ann Marie Example'),
      payloads: [m.createCreateInvitationToGroupChatPayloadData('c1'), m.createJoinGroupChatPayloadData('code'),
        m.createLeaveGroupChatPayloadData('c1'), m.createSendEmailInvitationToGroupChatPayloadData('c1', 'code', 'a@b.c')],
    };
  });
  assert.deepEqual(r.fp, { browser: 'Chrome', country: 'CZ', applicationType: 'browser', deviceType: 'desktop', language: r.fp.language, hasLocation: true });
  assert.equal(r.lang, true);
  assert.equal(r.where, true);
  assert.equal(r.id, true, 'generateId makes a uuid v4');
  assert.deepEqual(r.uploads, [true, false], 'isAttachmentUpload tells uploaded files from File objects');
  assert.deepEqual(r.device, ['mobile', 'tablet', 'desktop', 'desktop']);
  assert.deepEqual(r.valid, ['en-US', 'cs-CZ']);
  assert.deepEqual(r.fields, [{ ident: 'a', value: '1' }, { ident: 'b', value: '2' }]);
  assert.deepEqual(r.back, { a: '1', b: '2' });
  assert.deepEqual(r.authors, ['Ann Example', 'Mia Agent', '']);
  assert.deepEqual(r.reconnect, { eventType: 'ReconnectConsumer', visitor: { id: 'vis-1' }, data: { accessToken: { token: 'tok' } } });
  assert.equal(r.closing, false);
  assert.deepEqual(r.split, ['Ann', 'Marie Example']);
  assert.deepEqual(r.payloads, [
    { eventType: 'CreateInvitationToGroupChat', data: { contact: { id: 'c1' } } },
    { eventType: 'JoinGroupChat', data: { invitation: { code: 'code' } } },
    { eventType: 'LeaveGroupChat', data: { contact: { id: 'c1' } } },
    { eventType: 'SendEmailInvitationToGroupChat', data: { contact: { id: 'c1' }, invitation: { code: 'code' }, recipients: [{ idOnExternalPlatform: 'a@b.c' }] } },
  ]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('group chat: an invited customer joins a contact, sees its messages, and leaves', async () => {
  const owner = await page();
  const guest = await page();
  const { code, contactId } = await owner.page.evaluate(async () => {
    const { app } = window;
    const m = await import('/dist/index.js');
    const sdk = app.make({ customerId: 'gc-owner-' + crypto.randomUUID() });
    await sdk.connect();
    const thread = sdk.getThread('gc-thread');
    const created = new Promise((resolve) => thread.onThreadEvent('ContactCreated', (e) => resolve(e.detail.data.case.id)));
    await thread.sendTextMessage('hello group');
    const contactId = await created;
    const ws = sdk.getWebsocketClient();
    const invite = await m.sendCreateInvitationToGroupChatEvent(m.createCreateInvitationToGroupChatPayloadData(contactId), ws);
    await m.sendEmailInvitationToGroupChatEvent(m.createSendEmailInvitationToGroupChatPayloadData(contactId, invite.data.invitation.code, 'bob@example.com'), ws);
    let refused = null;
    try { await m.sendCreateInvitationToGroupChatEvent(m.createCreateInvitationToGroupChatPayloadData('no-such-contact'), ws); } catch (e) {
      refused = e instanceof m.CreateInvitationFailedError;
    }
    window.ownerId = sdk.getCustomer().getId();
    return { code: invite.data.invitation.code, contactId, refused };
  }).then((r) => { assert.equal(r.refused, true, 'an invitation to an unknown contact fails with CreateInvitationFailedError'); return r; });

  const joined = await guest.page.evaluate(async ({ code }) => {
    const { app } = window;
    const m = await import('/dist/index.js');
    const sdk = app.make({ customerId: 'gc-guest-' + crypto.randomUUID() });
    await sdk.connect();
    window.seen = [];
    sdk.onChatEvent('MessageCreated', (e) => window.seen.push(e.detail.data.message.messageContent.payload.text));
    let bad = null;
    try { await m.sendJoinGroupChatEvent(m.createJoinGroupChatPayloadData('wrong'), sdk.getWebsocketClient()); } catch (e) {
      bad = m.isJoinGroupChatFailedError(e) && e.data.response.error.errorCode;
    }
    const r = await m.sendJoinGroupChatEvent(m.createJoinGroupChatPayloadData(code), sdk.getWebsocketClient());
    return { type: r.type, bad };
  }, { code });
  assert.deepEqual(joined, { type: 'GroupChatJoined', bad: 'InvalidInvitation' });

  const ownerId = await owner.page.evaluate(() => window.ownerId);
  const agentSays = (text) => fetch(`${env.sandbox.url}/sandbox/agent/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ brandId: 1086, channelId: 'chat_abc', customerId: ownerId, threadId: 'gc-thread', text }) });
  await agentSays('hello everyone');
  await waitFor(guest.page, () => window.seen.includes('hello everyone'));

  const left = await guest.page.evaluate(async (contactId) => {
    const m = await import('/dist/index.js');
    const r = await m.sendLeaveGroupChatEvent(m.createLeaveGroupChatPayloadData(contactId), window.app.sdk.getWebsocketClient());
    return r.type;
  }, contactId);
  assert.equal(left, 'GroupChatLeft');
  await agentSays('after you left');
  await waitFor(owner.page, () => window.app.log.replies.includes('after you left'));
  // A round trip on the guest's socket instead of a sleep: the sandbox has
  // queued the message to every member before the owner saw it, and a
  // socket's frames arrive and dispatch in order, so any copy sent to the
  // guest would have been seen before this answer.
  await guest.page.evaluate(() => window.app.sdk.getThreadList());
  assert.equal(await guest.page.evaluate(() => window.seen.includes('after you left')), false, 'a guest who left sees no more');
  await owner.context.close();
  await guest.context.close();
});

test('resetSession starts over as another customer and forgets the tokens', async () => {
  const { page: pg, context, problems } = await page();
  const r = await pg.evaluate(async () => {
    const { app } = window;
    const m = await import('/dist/index.js');
    // The token is cached only through a cacheStorage, as in the reference.
    const sdk = app.make({ customerId: 'before-reset', securedSession: app.SecureSessions.ANONYMOUS, cacheStorage: new m.CacheStorage(localStorage, 'reset:') });
    await sdk.connect();
    await sdk.getThread('old-thread').sendTextMessage('from the first session');
    const cachedBefore = Object.keys(localStorage).filter((k) => k.endsWith(':TTR')).length;
    await sdk.resetSession('after-reset', 'Bob Builder');
    const cachedAfterReset = Object.keys(localStorage).filter((k) => k.endsWith(':TTR') && localStorage.getItem(k)?.includes('before-reset')).length;
    const list = await sdk.getThreadList();
    await sdk.getThread('new-thread').sendTextMessage('from the second session');
    return {
      cachedBefore, cachedAfterReset, id: sdk.getCustomer().getId(), name: sdk.getCustomer().getName(),
      threads: list.map((t) => t.idOnExternalPlatform), auth: app.log.authorization.map((a) => a.status),
    };
  });
  assert.equal(r.cachedBefore, 1, 'a transaction token was cached');
  assert.equal(r.cachedAfterReset, 0, 'the old token is gone');
  assert.equal(r.id, 'after-reset');
  assert.equal(r.name, 'Bob Builder');
  assert.deepEqual(r.threads, [], 'the new customer has none of the old threads');
  assert.deepEqual(r.auth, ['success', 'success'], 'the new session asked for its own token');
  assert.deepEqual(problems, []);
  await context.close();
});

test('attachments and channel info without going through a thread or an instance', async () => {
  const { page: pg, context } = await page();
  const r = await pg.evaluate(async () => {
    const { app } = window;
    const m = await import('/dist/index.js');
    const base = location.origin;
    const env = { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' };
    const info = await m.getChannelInfo(1086, 'chat_live', 'en-US', { environment: 'custom', customEnvironment: env });
    const availability = await m.getChannelAvailability(1086, 'chat_abc', { environment: 'custom', customEnvironment: env });
    const sdk = app.make({ customerId: crypto.randomUUID() });
    await sdk.connect();
    const file = new File(['hello'], 'note.txt', { type: 'text/plain' });
    const upload = await m.createAttachmentPayload(file, 1086, 'chat_abc');
    const both = await m.createTemporaryAttachmentsUpload([file, new File(['pic'], 'pic.png', { type: 'image/png' })], 1086, 'chat_abc');
    const data = await m.createAttachmentUploadMessageData([upload], 'att-thread', { messageId: 'msg-1' });
    const ack = await sdk.getThread('att-thread').sendMessage(data);
    const viaThread = await sdk.getThread('att-thread').sendAttachments([new File(['%PDF'], 'doc.pdf', { type: 'application/pdf' })]);
    let refused = null;
    try { await sdk.getThread('att-thread').sendAttachments([new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' })]); } catch (e) {
      refused = { upload: e instanceof m.UploadAttachmentError, types: e.data?.response?.data?.allowedFileTypes?.length ?? e.data?.response?.allowedFileTypes?.length };
    }
    return { both: both.map((u) => u.friendlyName), viaThread: viaThread.data.message.attachments.map((a) => a.friendlyName), refused, live: info.isLiveChat, availability: availability.status, upload, attachments: ack.data.message.attachments.map((a) => a.friendlyName), id: data.idOnExternalPlatform };
  });
  assert.equal(r.live, true);
  assert.equal(r.availability, 'online');
  assert.equal(r.upload.friendlyName, 'note.txt');
  assert.ok(r.upload.url.startsWith('http'), r.upload.url);
  assert.deepEqual(r.attachments, ['note.txt']);
  assert.equal(r.id, 'msg-1');
  assert.deepEqual(r.viaThread, ['doc.pdf']);
  assert.deepEqual(r.both, ['note.txt', 'pic.png']);
  assert.deepEqual(r.refused, { upload: true, types: 3 }, 'a refused type rejects with UploadAttachmentError carrying the restrictions');
  await context.close();
});

test('visitor events are accepted, a page view comes back, and a proactive action reaches FIRE_PROACTIVE', async () => {
  const { page: pg, context, problems } = await page();
  const customer = `visitor-${crypto.randomUUID()}`;
  const r = await pg.evaluate(async (customer) => {
    const { app } = window;
    const m = await import('/dist/index.js');
    const sdk = app.make({ customerId: customer, visitorId: 'visitor-1', destinationId: 'widget-1' });
    window.proactive = [];
    window.pageViews = [];
    sdk.onChatEvent(m.ChatEvent.FIRE_PROACTIVE, (e) => window.proactive.push(e.detail.data));
    sdk.onChatEvent(m.ChatEvent.PAGE_VIEW_CREATED, (e) => window.pageViews.push(e.detail.data.pageView));
    await sdk.connect();
    const ws = sdk.getWebsocketClient();
    const answers = [];
    for (const [eventType, data] of [
      ['StoreVisitor', { visitor: { customerIdentity: { idOnExternalPlatform: customer } } }],
      ['StoreVisitorEvents', { visitorEvents: [{ id: 'e1', type: 'ProactiveActionDisplayed', createdAtWithMilliseconds: new Date().toISOString() }] }],
      ['AddVisitorTags', { visitorTags: ['vip'] }],
      ['SendPageViews', { pageViews: [{ url: location.href, title: document.title }] }],
    ]) {
      answers.push((await m.sendChatEvent({ eventType, data }, ws)).error === undefined);
    }
    return answers;
  }, customer);
  assert.deepEqual(r, [true, true, true, true]);
  await waitFor(pg, () => window.pageViews.length > 0);
  const fired = await (await fetch(`${env.sandbox.url}/sandbox/proactive`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ brandId: 1086, channelId: 'chat_abc', customerId: customer, destinationId: 'widget-1', actionType: 'WelcomeMessage', actionName: 'Hello', data: { content: { bodyText: 'Hi there' } } }),
  })).json();
  assert.deepEqual(fired, { count: 1 });
  await waitFor(pg, () => window.proactive.length > 0);
  const got = await pg.evaluate(() => ({ proactive: window.proactive[0], view: window.pageViews[0].title }));
  assert.deepEqual(got.proactive, {
    destination: { id: 'widget-1' },
    proactiveAction: { action: { actionType: 'WelcomeMessage', actionName: 'Hello', data: { content: { bodyText: 'Hi there' } } }, conditions: [] },
  });
  assert.equal(got.view, 'configurable page');
  const sent = (await (await fetch(`${env.sandbox.url}/sandbox/received`)).json()).map((e) => e.frame)
    .filter((f) => f?.payload?.consumerIdentity?.idOnExternalPlatform === customer).map((f) => [f.payload.eventType, f.payload.visitor, f.payload.destination]);
  assert.deepEqual(sent[0], ['StoreVisitor', { id: 'visitor-1' }, { id: 'widget-1' }], 'frames carry the visitor and destination ids');
  assert.deepEqual(problems, []);
  await context.close();
});

test('every push type reaches onChatEvent under its SDK name, EventInS3 after its fetch', async () => {
  const { page: pg, context, problems } = await page();
  const customer = `pushes-${crypto.randomUUID()}`;
  await pg.evaluate(async (customer) => {
    const m = await import('/dist/index.js');
    const sdk = window.app.make({ customerId: customer });
    window.got = {};
    for (const type of Object.values(m.ChatEvent)) sdk.onChatEvent(type, (e) => { (window.got[type] ??= []).push(e.detail); });
    await sdk.connect();
  }, customer);
  const message = (id, text) => ({ id, idOnExternalPlatform: id, threadIdOnExternalPlatform: 'push-thread', direction: 'outbound',
    hasAdditionalMessageContent: false, messageContent: { type: 'TEXT', payload: { text } }, attachments: [] });
  const base = { brand: { id: 1086 }, channel: { id: 'chat_abc' }, thread: { idOnExternalPlatform: 'push-thread' } };
  // The real event behind EventInS3 is uploaded to the sandbox and fetched from there.
  const s3 = await (await fetch(`${env.sandbox.url}/chat/1.0/brand/1086/channel/chat_abc/attachment`, {
    method: 'POST',
    body: JSON.stringify({ fileName: 'event.txt', mimeType: 'text/plain', content: Buffer.from(JSON.stringify({
      eventId: 'real-1', eventType: 'MessageCreated', createdAt: '2026-11-25T10:00:00.000Z', data: { ...base, message: message('m-s3', 'from S3') },
    })).toString('base64') }),
  })).json();
  const pushes = [
    ['CaseToRoutingQueueAssignmentChanged', { ...base, case: { id: 'c1', status: 'pending' }, routingQueue: { id: 'q1' } }],
    ['ConsumerContactInboxPreAssigneeChanged', { ...base, case: { id: 'c1' }, inboxPreAssignee: null }],
    ['ContactPreferredUserChanged', { ...base, case: { id: 'c1' } }],
    ['MessageAddedIntoCase', { ...base, message: message('m-1', 'added') }],
    ['MessageDeliveryStatusChanged', { ...base, message: message('m-2', 'delivered') }],
    ['MessageSeenChanged', { ...base, message: message('m-3', 'seen') }],
    ['MessageReadChanged', { ...base, message: message('m-4', 'read') }],
    ['MessageSent', { ...base, message: message('m-5', 'sent') }],
    ['MessageUpdated', { ...base, message: message('m-6', 'updated') }],
    ['UserStatusChanged', { user: { id: 7, status: 'online' } }],
    ['PageViewCreated', { pageView: { url: 'https://example.invalid/', title: 'Home' } }],
    ['FireProactiveAction', { proactiveAction: { action: { actionType: 'PopupBox', actionName: 'Hi' }, conditions: [] } }],
    ['SenderTypingStarted', { ...base, direction: 'inbound' }],
    ['EventInS3', { s3Object: { url: s3.fileUrl } }],
  ];
  for (const [eventType, data] of pushes) {
    const r = await fetch(`${env.sandbox.url}/sandbox/push?brandId=1086&channelId=chat_abc&customerId=${customer}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ eventId: `e-${eventType}`, eventType, createdAt: '2026-11-25T10:00:00.000Z', data }),
    });
    assert.deepEqual(await r.json(), { count: 1 });
  }
  const expected = ['ContactToRoutingQueueAssignmentChanged', 'ConsumerContactInboxPreAssigneeChanged', 'ContactPreferredUserChanged',
    'MessageAddedIntoCase', 'MessageDeliveryStatusChanged', 'MessageSeenChanged', 'MessageReadChanged', 'MessageSent', 'MessageUpdated',
    'UserStatusChanged', 'PageViewCreated', 'FireProactiveAction', 'SenderTypingStarted'];
  await waitFor(pg, (want) => want.every((t) => window.got[t]?.length) && window.got.MessageCreated?.length, expected);
  const r = await pg.evaluate(() => ({
    shapes: Object.fromEntries(Object.entries(window.got).map(([t, list]) => [t, Object.keys(list[0]).sort().join(',')])),
    s3: window.got.MessageCreated.map((d) => [d.id, d.data.message.messageContent.payload.text]),
    renamedAway: window.got.CaseToRoutingQueueAssignmentChanged === undefined,
    s3Raw: window.got.EventInS3 === undefined,
  }));
  for (const t of expected) assert.equal(r.shapes[t], 'createdAt,data,id,type', `${t} detail shape`);
  assert.deepEqual(r.s3, [['real-1', 'from S3']], 'EventInS3 is replaced by the event it points at');
  assert.equal(r.renamedAway, true, 'the platform name is not dispatched; the SDK name is');
  assert.equal(r.s3Raw, true);
  assert.deepEqual(problems, []);
  await context.close();
});
