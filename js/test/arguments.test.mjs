// A careless page (issue 9, finding 13): every public entry point is called
// with values of the wrong kind. Each call must be refused with a
// ChatSDKError whose code is 'invalid-argument' and whose message names the
// argument — an async method by rejecting, a sync one by throwing — and
// nothing may reach the server. Accepted values must still work afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxAndBrowser, openPage, waitFor } from './harness.mjs';

const env = sandboxAndBrowser();

test('finding 13: every public entry point refuses bad arguments with invalid-argument', async () => {
  const { page, context, problems } = await openPage(env.browser, `${env.sandbox.url}/js/test/pages/faults.html`);
  try {
    await waitFor(page, () => window.appReady === true);
    const r = await page.evaluate(async () => {
      const api = await import('/dist/index.js');
      const { sdk } = window.app;
      const thread = await window.app.start('args-' + crypto.randomUUID());
      // This channel's threads are not live chats: the method is reached through the prototype.
      const live = { startChat: (...a) => api.LivechatThread.prototype.startChat.apply(thread, a) };
      const customer = sdk.getCustomer();
      const ws = sdk.getWebsocketClient();

      const cyclic = {}; cyclic.self = cyclic;
      const trap = () => { throw new Error('trap'); };
      const proxy = new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap });
      const big = 'x'.repeat(10 * 1024 * 1024);
      const common = [42, null, {}, 10n, cyclic, proxy, big, [], true];
      const bad = {
        str: [undefined, ...common],
        optStr: common,
        text: [undefined, ...common],
        optText: common,
        fn: ['x', 42, null, {}, 10n],
        num: ['x', null, {}, 10n, NaN, -1, Infinity],
        json: [undefined, 42, 'x', null, 10n, cyclic, proxy, [], { big }],
        optJson: [42, 'x', null, 10n, cyclic, proxy, []],
        bool: [42, 'x', null, {}],
        strOrNum: [undefined, null, {}, 10n, proxy, big, NaN, []],
        fields: [undefined, 42, 'x', null, cyclic, proxy, { a: {} }, { a: 10n }, { a: big }],
        fieldValue: [undefined, {}, 10n, proxy, big, []],
        strings: ['x', 42, null, {}, [1], proxy],
        files: [undefined, 42, 'x', null, {}, [42], [{}], proxy],
        file: [undefined, 42, 'x', null, {}, proxy],
        offline: [undefined, 42, 'x', null, 10n, proxy, { name: 42 }, { email: {} }, { message: big }],
        sendOpts: [42, 'x', null, { messageId: 42 }, { signal: 'x' }, proxy],
        attachOpts: [42, 'x', null, { messageId: 42 }, proxy],
        payload: [undefined, 42, null, {}, { eventType: 42 }, { eventType: 'X', data: cyclic }, proxy],
        brandId: [undefined, null, {}, 'abc', -1, 1.5, 10n, proxy],
        chanOpts: [42, 'x', null, { environment: 42 }, { httpHeaders: cyclic }, proxy],
        listener: ['x', 42, null, {}, 10n],
        signal: ['x', 42, null, {}],
      };
      const fileBlob = new File(['hi'], 'a.txt', { type: 'text/plain' });
      // [name, call(args), mode, [argumentName, kind, good value]...]
      const entries = [
        ['sdk.connect', (a) => sdk.connect(...a), 'async', ['authorizationCode', 'optStr']],
        ['sdk.authorize', (a) => sdk.authorize(...a), 'async', ['authorizationCode', 'optStr'], ['visitorId', 'optStr'], ['browserFingerprint', 'optJson']],
        ['sdk.resetSession', (a) => sdk.resetSession(...a), 'async', ...['customerId', 'customerName', 'customerImage', 'visitorId', 'visitId'].map((n) => [n, 'optStr'])],
        ['sdk.generateAuthorizationToken', (a) => sdk.generateAuthorizationToken(...a), 'async', ['threadIdOnExternalPlatform', 'str', 't'], ['url', 'str', 'https://x']],
        ['sdk.sendOfflineMessage', (a) => sdk.sendOfflineMessage(...a), 'async', ['offlineMessageData', 'offline']],
        ['sdk.onChatEvent', (a) => sdk.onChatEvent(...a), 'sync', ['type', 'str', 'MessageCreated'], ['handler', 'listener', () => {}]],
        ['sdk.getThread', (a) => sdk.getThread(...a), 'sync', ['id', 'str']],
        ['sdk.recoverThreadData', (a) => sdk.recoverThreadData(...a), 'async', ['threadIdOnExternalPlatform', 'optStr']],
        ['sdk.recoverLivechatThreadData', (a) => sdk.recoverLivechatThreadData(...a), 'async', ['threadIdOnExternalPlatform', 'optStr']],
        ['thread.sendTextMessage', (a) => thread.sendTextMessage(...a), 'async', ['messageText', 'text', 'hi'], ['options', 'sendOpts']],
        ['thread.sendPostbackMessage', (a) => thread.sendPostbackMessage(...a), 'async', ['postback', 'text', 'p'], ['messageText', 'text', 'hi'], ['options', 'sendOpts']],
        ['thread.setName', (a) => thread.setName(...a), 'async', ['name', 'str']],
        ['thread.keystroke', (a) => thread.keystroke(...a), 'sync', ['timeout', 'num', 10], ['onSendCallback', 'fn', () => {}]],
        ['thread.sendMessage', (a) => thread.sendMessage(...a), 'async', ['messageData', 'json']],
        ['thread.sendOutboundMessage', (a) => thread.sendOutboundMessage(...a), 'async', ['messageData', 'json']],
        ['thread.sendAttachments', (a) => thread.sendAttachments(...a), 'async', ['files', 'files', [fileBlob]], ['options', 'attachOpts']],
        ['thread.keystrokeForPreview', (a) => thread.keystrokeForPreview(...a), 'sync', ['currentText', 'text', 'h'], ['timeout', 'num', 10]],
        ['thread.stopTypingForPreview', (a) => thread.stopTypingForPreview(...a), 'sync', ['shouldSendPreview', 'bool']],
        ['thread.sendMessagePreview', (a) => thread.sendMessagePreview(...a), 'async', ['text', 'text']],
        ['thread.sendTranscript', (a) => thread.sendTranscript(...a), 'async', ['contactNumber', 'strOrNum', '123'], ['email', 'str', 'a@b.c']],
        ['thread.setCustomFields', (a) => thread.setCustomFields(...a), 'async', ['customFields', 'fields']],
        ['thread.setCustomField', (a) => thread.setCustomField(...a), 'async', ['ident', 'str', 'k'], ['value', 'fieldValue', 'v']],
        ['thread.removeCustomField', (a) => thread.removeCustomField(...a), 'sync', ['ident', 'str']],
        ['thread.sendCustomFields', (a) => thread.sendCustomFields(...a), 'async', ['selectedFieldIdents', 'strings']],
        ['thread.onThreadEvent', (a) => thread.onThreadEvent(...a), 'sync', ['type', 'str', 'MessageCreated'], ['handler', 'listener', () => {}]],
        ['livechat.startChat', (a) => live.startChat(...a), 'async', ['initialMessageText', 'optText']],
        ['customer.setId', (a) => customer.setId(...a), 'sync', ['id', 'str']],
        ['customer.setName', (a) => customer.setName(...a), 'sync', ['name', 'str']],
        ['customer.setImage', (a) => customer.setImage(...a), 'sync', ['image', 'str']],
        ['customer.setCustomField', (a) => customer.setCustomField(...a), 'sync', ['ident', 'str', 'k'], ['value', 'fieldValue', 'v']],
        ['customer.setCustomFields', (a) => customer.setCustomFields(...a), 'sync', ['customFields', 'fields']],
        ['ws.on', (a) => ws.on(...a), 'sync', ['eventType', 'str', 'open'], ['handler', 'listener', () => {}]],
        ['ws.off', (a) => ws.off(...a), 'sync', ['eventType', 'str', 'open'], ['handler', 'listener', () => {}]],
        ['sendChatEvent', (a) => api.sendChatEvent(...a), 'async', ['payloadData', 'payload', { eventType: 'X' }]],
        ['createAttachmentPayload', (a) => api.createAttachmentPayload(...a), 'async', ['file', 'file', fileBlob]],
        ['createTemporaryAttachmentsUpload', (a) => api.createTemporaryAttachmentsUpload(...a), 'async', ['files', 'files', [fileBlob]]],
        ['createAttachmentUploadMessageData', (a) => api.createAttachmentUploadMessageData(...a), 'async', ['files', 'files', [fileBlob]], ['threadIdOnExternalPlatform', 'str', 't']],
        ['getChannelInfo', (a) => api.getChannelInfo(...a), 'async', ['brandId', 'brandId', 1086], ['channelId', 'str', 'chat_abc'], ['language', 'optStr', 'en'], ['options', 'chanOpts']],
        ['getChannelAvailability', (a) => api.getChannelAvailability(...a), 'async', ['brandId', 'brandId', 1086], ['channelId', 'str', 'chat_abc'], ['options', 'chanOpts']],
      ];
      const describe = (v) => { try { return typeof v === 'string' ? `string(${v.length})` : typeof v === 'bigint' ? 'bigint' : JSON.stringify(v) ?? String(v); } catch { return typeof v; } };
      const failures = [];
      let calls = 0;
      for (const [name, call, mode, ...spec] of entries) {
        const good = spec.map((s) => s[2]);
        for (let i = 0; i < spec.length; i++) {
          const [arg, kind] = spec[i];
          for (const value of bad[kind]) {
            calls++;
            const args = good.slice(0, i);
            args[i] = value;
            let result;
            let threw;
            try { result = call(args); } catch (e) { threw = e; }
            let err = threw;
            if (!threw) {
              if (mode === 'sync') { failures.push(`${name}(${arg}=${describe(value)}): accepted`); continue; }
              if (!(result instanceof Promise)) { failures.push(`${name}(${arg}=${describe(value)}): returned ${describe(result)}`); continue; }
              err = await result.then(() => undefined, (e) => e);
              if (err === undefined) { failures.push(`${name}(${arg}=${describe(value)}): resolved`); continue; }
            } else if (mode !== 'sync') {
              failures.push(`${name}(${arg}=${describe(value)}): threw synchronously instead of rejecting`);
            }
            if (!(err instanceof api.ChatSDKError) || err.code !== 'invalid-argument' || !String(err.message).includes(arg)) {
              failures.push(`${name}(${arg}=${describe(value)}): ${err?.name} ${err?.code} ${String(err?.message).slice(0, 120)}`);
            }
          }
        }
      }
      // Accepted values still work.
      const ok = {};
      ok.text = (await thread.sendTextMessage('still works')).data.message.messageContent.payload.text;
      ok.offline = typeof (await sdk.sendOfflineMessage({ name: 'Ann', email: 'ann@example.com', message: 'hello' }));
      ok.off = typeof sdk.onChatEvent('MessageCreated', { handleEvent() {} });
      thread.keystroke(50, () => {});
      thread.stopTyping();
      customer.setName('Ann');
      ok.name = customer.getName();
      ok.transcript = typeof (await thread.sendTranscript(123456, 'ann@example.com'));
      const base = location.origin;
      const custom = { environment: 'custom', customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' } };
      ok.info = typeof (await api.getChannelInfo('1086', 'chat_abc', 'en', custom));
      return { calls, failures, ok };
    });
    console.log(`# finding 13: ${r.calls} calls with bad arguments, ${r.failures.length} not refused as invalid-argument`);
    assert.deepEqual(r.failures, []);
    assert.ok(r.calls > 400, `${r.calls} calls`);
    assert.deepEqual(r.ok, { text: 'still works', offline: 'object', off: 'function', name: 'Ann', transcript: 'object', info: 'object' });
    assert.deepEqual(problems.filter((m) => !/status of 4\d\d/.test(m)), []);
  } finally {
    await context.close();
  }
});
