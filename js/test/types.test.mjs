// js/index.d.ts against the code, without a browser:
//  1. tsc --strict compiles types/consumer.ts (a page using every export) and
//     refuses every misuse in types/misuse.ts (each carries @ts-expect-error);
//  2. the values the ES module exports at run time are exactly the values
//     declared, of the declared kind (class, function, constant), with the
//     declared members: enumeration keys and literal values, class methods
//     and statics (both ways);
//  3. each type guard accepts what its type predicate names and refuses the rest.
// The module is bundled by esbuild with the Go loader stubbed out, so it can
// be imported by node; the declarations are read with the TypeScript API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dtsPath = path.join(root, 'js', 'index.d.ts');

// The reference SDK 3.3.0's runtime export names (listed in the project's shared protocol notes, API.md; the reference's dist/index.js exports them).
const REFERENCE_EXPORTS = [
  'AbortError', 'AbortablePromise', 'AuthorizationError', 'CHAT_SDK_VERSION', 'CacheStorage', 'CacheStorageError',
  'ChannelAvailability', 'ChatEvent', 'ChatSDKError', 'ChatSdk', 'ContactStatus', 'CreateInvitationFailedError',
  'Customer', 'EnvironmentName', 'IpAddressBlockedError', 'JoinGroupChatFailedError', 'LivechatThread',
  'MessageType', 'SdkVersionNotSupported', 'SecureSessions', 'SendEmailInvitationFailedError',
  'SendMessageFailedError', 'Thread', 'ThreadRecoverFailedError', 'UploadAttachmentError', 'WebSocketClientError',
  'WebSocketClientEvent', 'WebSocketConnectionError', 'createAttachmentPayload', 'createAttachmentUploadMessageData',
  'createCreateInvitationToGroupChatPayloadData', 'createJoinGroupChatPayloadData',
  'createLeaveGroupChatPayloadData', 'createReconnectPayloadData', 'createSendEmailInvitationToGroupChatPayloadData',
  'createTemporaryAttachmentsUpload', 'default', 'generateId', 'getAuthor', 'getBrowserFingerprint',
  'getBrowserLanguage', 'getBrowserLocation', 'getChannelAvailability', 'getChannelInfo', 'getCustomFieldsArray',
  'getCustomFieldsFromArray', 'getDeviceType', 'getValidLanguage', 'isAgentTypingEndedEvent',
  'isAgentTypingStartedEvent', 'isAssignedAgentChangedEvent', 'isAttachmentUpload', 'isAuthSuccessEvent',
  'isChatSDKError', 'isContactCreatedEvent', 'isContactRecipientsChangedEvent', 'isContactStatusChangedEvent',
  'isContactToRoutingQueueAssignmentChangedEvent', 'isCustomerReconnectSuccessPayloadData',
  'isJoinGroupChatFailedError', 'isLoadMetadataSuccessPayload', 'isMessage', 'isMessageCreatedEvent',
  'isMessageReadChangedEvent', 'isMessageSentEvent', 'isMoreMessagesLoadedEvent', 'isRecoverSuccessEvent',
  'isSetPositionInQueueEvent', 'isStreamedMessageEventData', 'isThreadArchivedSuccessPayload',
  'isThreadListFetchedPostbackData', 'isTokenRefreshedSuccessResponse', 'isWindowClosing', 'registerWindowUnload',
  'sendChatEvent', 'sendCreateInvitationToGroupChatEvent', 'sendEmailInvitationToGroupChatEvent',
  'sendJoinGroupChatEvent', 'sendLeaveGroupChatEvent', 'splitName',
];
// Ours beyond that list: the reference declares WebSocketClient as a class but
// does not export it; exporting it lets pages use instanceof.
const OUR_EXTRAS = ['WebSocketClient', 'configure'];

test('tsc --strict compiles the consumer page and refuses each misuse', async () => {
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  try {
    await promisify(execFile)(tsc, ['-p', path.join(root, 'js', 'test', 'types')], { cwd: root });
  } catch (e) {
    assert.fail(`tsc exited ${e.code}:\n${e.stdout}${e.stderr}`);
  }
});

// The package's entry (js/index.js) as node can import it: wasm_exec.js (Go's
// loader, copied in by build.sh) is replaced by an empty module, so loading
// the runtime fails quietly, as on a page whose .wasm is missing.
async function importPackage() {
  const stub = {
    name: 'no-go-runtime',
    setup(build) {
      build.onResolve({ filter: /wasm_exec\.js$/ }, () => ({ path: 'wasm_exec', namespace: 'stub' }));
      build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: '', loader: 'js' }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'js', 'index.js')], bundle: true, format: 'esm', platform: 'neutral',
    write: false, metafile: true, logLevel: 'silent', plugins: [stub], outfile: 'index.mjs',
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-types-'));
  try {
    const file = path.join(dir, 'index.mjs');
    await writeFile(file, result.outputFiles[0].contents);
    const mod = await import(pathToFileURL(file).href);
    const listed = Object.values(result.metafile.outputs)[0].exports;
    return { mod, listed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The value exports of index.d.ts: name → {kind, members…}.
function readDeclarations() {
  const program = ts.createProgram([dtsPath], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  assert.equal(diagnostics.length, 0, ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(dtsPath);
  const declared = new Map();
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(file))) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(sym.flags & ts.SymbolFlags.Value)) continue; // interfaces and type aliases exist only for tsc
    const decl = sym.valueDeclaration;
    const name = exported.escapedName;
    if (sym.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(sym);
      const statics = checker.getTypeOfSymbolAtLocation(sym, decl);
      const methods = (type, own) => checker.getPropertiesOfType(type)
        .filter((p) => p.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.GetAccessor))
        .filter((p) => !own || p.declarations?.some((d) => d.parent === decl))
        .map((p) => p.escapedName);
      const staticMembers = checker.getPropertiesOfType(statics)
        .filter((p) => p.escapedName !== 'prototype' && p.declarations?.some((d) => d.parent === decl)).map((p) => p.escapedName);
      declared.set(name, { kind: 'class', target: sym.escapedName, methods: methods(instance), ownMethods: methods(instance, true), statics: staticMembers });
    } else if (sym.flags & ts.SymbolFlags.Function) {
      declared.set(name, { kind: 'function' });
    } else {
      const type = checker.getTypeOfSymbolAtLocation(sym, decl);
      const members = {};
      for (const p of checker.getPropertiesOfType(type)) {
        const t = checker.getTypeOfSymbolAtLocation(p, decl);
        members[p.escapedName] = t.isStringLiteral() ? t.value : `<${checker.typeToString(t)}>`;
      }
      const flags = type.getFlags();
      declared.set(name, { kind: 'const', members, isString: Boolean(flags & ts.TypeFlags.String), literal: type.isStringLiteral() ? type.value : undefined });
    }
  }
  return declared;
}

// Public method names along a runtime prototype chain (own classes only).
function runtimeMethods(Cls) {
  const names = new Set();
  for (let p = Cls.prototype; p && p !== Object.prototype && p !== Error.prototype && p !== Promise.prototype; p = Object.getPrototypeOf(p)) {
    for (const [n, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (n !== 'constructor' && !n.startsWith('_') && (typeof d.value === 'function' || d.get)) names.add(n);
    }
  }
  return names;
}

test('the runtime exports are exactly the declared values, with their members', async (t) => {
  const { mod, listed } = await importPackage();
  const runtime = Object.keys(mod).sort();
  assert.deepEqual(runtime, [...listed].sort(), 'esbuild and node disagree on the export list');
  const declared = readDeclarations();
  const missing = runtime.filter((n) => !declared.has(n));
  const extra = [...declared.keys()].filter((n) => !(n in mod)).sort();
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'runtime exports without a declaration / declarations without a runtime value');
  assert.ok(runtime.length >= 50, `only ${runtime.length} exports found`);

  const problems = [];
  for (const [name, d] of declared) {
    const v = mod[name];
    if (d.kind === 'class') {
      if (typeof v !== 'function' || typeof v.prototype !== 'object') { problems.push(`${name}: declared a class, is ${typeof v}`); continue; }
      if (d.target !== name && v !== mod[d.target]) problems.push(`${name}: should be the same class as ${d.target}`);
      const have = runtimeMethods(v);
      for (const m of d.methods) {
        const onProto = m in v.prototype;
        if (!onProto) problems.push(`${name}.prototype.${m}: declared, missing at run time`);
      }
      for (const m of have) if (!d.methods.includes(m)) problems.push(`${name}.prototype.${m}: at run time, not declared`);
      for (const s of d.statics) if (!(s in v)) problems.push(`${name}.${s}: declared static, missing at run time`);
    } else if (d.kind === 'function') {
      if (typeof v !== 'function') problems.push(`${name}: declared a function, is ${typeof v}`);
    } else if (d.isString || d.literal !== undefined) {
      if (typeof v !== 'string') problems.push(`${name}: declared a string, is ${typeof v}`);
      if (d.literal !== undefined && v !== d.literal) problems.push(`${name}: declared ${d.literal}, is ${v}`);
    } else {
      if (!Object.isFrozen(v)) problems.push(`${name}: declared read-only, not frozen at run time`);
      const want = Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
      const have = Object.fromEntries(Object.entries(d.members).sort(([a], [b]) => a.localeCompare(b)));
      try { assert.deepEqual(have, want); } catch { problems.push(`${name}: declared ${JSON.stringify(have)}, runtime ${JSON.stringify(want)}`); }
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(mod.default, mod.ChatSdk, 'the default export is ChatSdk');

  // Only the reference's names (plus OUR_EXTRAS) are public; list what it has that we lack.
  const foreign = runtime.filter((n) => !REFERENCE_EXPORTS.includes(n) && !OUR_EXTRAS.includes(n));
  assert.deepEqual(foreign, [], 'exports that are not the reference SDK\'s');
  const gaps = REFERENCE_EXPORTS.filter((n) => !(n in mod));
  t.diagnostic(`reference exports not provided yet: ${gaps.length ? gaps.join(', ') : 'none'}`);
});

test('each type guard accepts what its predicate names and refuses the rest', async () => {
  const { mod } = await importPackage();
  const ev = (type, data = {}, extra = {}) => ({ id: 'e1', type, createdAt: '2026-01-01T00:00:00Z', data, ...extra });
  const message = { id: 'm1', idOnExternalPlatform: 'x', direction: 'inbound', messageContent: { type: 'TEXT', payload: { text: 'hi' } }, attachments: [] };
  const recovered = { contact: null, thread: { id: 't', idOnExternalPlatform: 't', threadName: '' }, messages: [message], messagesScrollToken: '', inboxAssignee: null, ownerAssignee: null, customer: null, contactHistory: [] };
  const streamed = { messageId: 'm1', threadId: 't', originalMessage: { ...message, messageContent: { type: 'STREAMED', payload: { protocol: 'sse', sourceUrl: 'x' } } }, fullContent: 'he' };
  const queue = ev('SetPositionInQueue', { consumerContact: { id: '7' }, positionInQueue: 2 });
  // guard → [accepted…], [refused…]
  const cases = {
    isMessageCreatedEvent: [[ev('MessageCreated', { message })], [ev('MessageSent'), null, 'MessageCreated']],
    isMessageSentEvent: [[ev('MessageSent')], [ev('MessageCreated'), undefined]],
    isMessageReadChangedEvent: [[ev('MessageReadChanged')], [ev('MessageSeenChanged')]],
    isAgentTypingStartedEvent: [[ev('AgentTypingStarted')], [ev('SenderTypingStarted')]],
    isAgentTypingEndedEvent: [[ev('AgentTypingEnded')], [ev('AgentTypingStarted')]],
    isAssignedAgentChangedEvent: [[ev('AssignedAgentChanged')], [ev('CaseInboxAssigneeChanged')]],
    isContactCreatedEvent: [[ev('ContactCreated')], [ev('CaseCreated')]],
    isContactStatusChangedEvent: [[ev('ContactStatusChanged')], [ev('CaseStatusChanged')]],
    isContactRecipientsChangedEvent: [[ev('ContactRecipientsChanged')], [ev('ContactCreated')]],
    isContactToRoutingQueueAssignmentChangedEvent: [[ev('ContactToRoutingQueueAssignmentChanged')], [ev('CaseToRoutingQueueAssignmentChanged')]],
    isSetPositionInQueueEvent: [[queue, new CustomEvent('SetPositionInQueue', { detail: queue })], [ev('MessageCreated'), new CustomEvent('x')]],
    isMoreMessagesLoadedEvent: [[ev('MoreMessagesLoaded', { messages: [], scrollToken: '' })], [ev('MoreMessagesLoaded', {}), ev('ThreadRecovered', recovered)]],
    isLoadMetadataSuccessPayload: [[ev('ThreadMetadataLoaded', { lastMessage: message, ownerAssignee: null })], [ev('ThreadMetadataLoaded', {})]],
    isThreadArchivedSuccessPayload: [[ev('ThreadArchived')], [ev('ThreadRecovered')]],
    isThreadListFetchedPostbackData: [[{ threads: [] }], [{}, null, 'threads']],
    isTokenRefreshedSuccessResponse: [[ev('TokenRefreshed', { accessToken: { token: 't', expiresIn: 60 } })], [ev('TokenRefreshed', {})]],
    isAuthSuccessEvent: [[ev('ConsumerAuthorized', { status: 'success', consumerIdentity: { idOnExternalPlatform: 'c' } })], [ev('ConsumerAuthorized', { consumerIdentity: {} }, { error: { errorCode: 'x' } }), ev('TokenRefreshed')]],
    isCustomerReconnectSuccessPayloadData: [[{ reconnected: true }], [{ reconnected: false }, { consumerIdentity: { idOnExternalPlatform: 'c' } }, null]],
    isRecoverSuccessEvent: [[ev('ThreadRecovered', recovered), ev('LivechatRecovered', recovered)], [ev('ThreadRecovered', recovered, { error: { errorCode: 'x' } }), ev('ThreadRecovered', {})]],
    isMessage: [[message], [{ id: 'm1' }, null]],
    isStreamedMessageEventData: [[streamed], [{ ...streamed, fullContent: undefined }, { ...streamed, originalMessage: message }, null]],
    isAttachmentUpload: [[[{ url: 'u', friendlyName: 'f' }]], [[{ name: 'f.png' }]]],
    isChatSDKError: [[new mod.ChatSDKError('x', { response: 1 })], [new mod.ChatSDKError('x'), new Error('x')]],
    isJoinGroupChatFailedError: [[new mod.JoinGroupChatFailedError('x', { response: {} })], [new mod.JoinGroupChatFailedError('x'), new mod.ChatSDKError('x', {})]],
  };
  // isWindowClosing is a plain boolean question, not a type guard.
  const guards = Object.keys(mod).filter((n) => /^is[A-Z]/.test(n) && n !== 'isWindowClosing').sort();
  assert.deepEqual(guards, Object.keys(cases).sort(), 'every exported guard has cases here');
  for (const [name, [yes, no]] of Object.entries(cases)) {
    yes.forEach((v, i) => assert.equal(mod[name](v), true, `${name} should accept case ${i}`));
    no.forEach((v, i) => assert.equal(Boolean(mod[name](v)), false, `${name} should refuse case ${i}`));
  }
});

// Issue 14.3: the README's quick start is compiled from README.md itself.
test('the README quick start compiles under tsc --strict', async () => {
  const { codeBlocks, compilable, typecheck } = await import('./snippets.mjs');
  const blocks = compilable(codeBlocks(path.join(root, 'README.md'), { section: '## Quick start (a page)' }));
  assert.equal(blocks.length, 1, 'one module script in the quick start');
  assert.match(blocks[0].code, /sendTextMessage/);
  assert.deepEqual(await typecheck(blocks), []);
});

// Issue 14.3: types/reference-2.2.0-page.ts was written against the reference
// 2.2.0's declarations; it must differ from such a page only by its import.
test('the page written for the reference 2.2.0 imports only cxone-chat-wasm and sets no storage', async () => {
  const source = await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'js', 'test', 'types', 'reference-2.2.0-page.ts'), 'utf8'));
  const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(specifiers)], ['cxone-chat-wasm']);
  assert.doesNotMatch(source, /\bstorage\s*:/, '2.2.0 has no storage option');
  // Names 2.2.0 does not export must not appear (API.md lists what 2.2.0 lacks).
  for (const name of ['getPersistentMenuItems', 'isChatSDKError', 'isStreamedMessageEventData', 'WebSocketConnectionError', 'ChatCustomEvent']) {
    assert.doesNotMatch(source, new RegExp(`\\b${name}\\b`), `${name} is not in 2.2.0`);
  }
  // It is compiled by the first test (listed in types/tsconfig.json).
  const config = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'js', 'test', 'types', 'tsconfig.json'), 'utf8')));
  assert.ok(config.files.includes('reference-2.2.0-page.ts'));
});
