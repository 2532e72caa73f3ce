// The message store on its own (no browser, no SDK): merging by message id,
// pending/failed states, ordering, paging, streams and system lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageStore, messageText, authorName } from '../store.js';

let n = 0;
function msg(over = {}) {
  n++;
  return {
    id: `srv-${n}`, idOnExternalPlatform: `ext-${n}`, direction: 'outbound',
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
    messageContent: { type: 'TEXT', payload: { text: `m${n}` } }, delivered: [], isRead: false, userStatistics: {},
    ...over,
  };
}
const ev = (type, message) => ({ type, data: { message } });

test('a pending send, its acknowledgement and its MessageCreated push are one entry that ends sent', () => {
  const s = new MessageStore();
  const changes = [];
  s.subscribe((c) => changes.push(c.changed));
  s.addPending({ messageId: 'mine', text: 'hello' });
  assert.equal(s.entries.length, 1);
  assert.equal(s.entries[0].status, 'pending');
  const server = msg({ idOnExternalPlatform: 'mine', direction: 'inbound', messageContent: { type: 'TEXT', payload: { text: 'hello' } } });
  s.handleEvent(ev('MessageCreated', server)); // the ack
  s.handleEvent(ev('MessageCreated', server)); // the push of the same message
  s.handleEvent(ev('MessageSent', server));
  s.handleEvent({ data: { message: server } }); // an acknowledgement without its type
  assert.equal(s.entries.length, 1);
  assert.equal(s.entries[0].status, 'sent');
  assert.equal(s.entries[0].id, server.id);
  assert.equal(s.get(server.id).key, 'mine', 'found by server id too');
  assert.deepEqual(changes.flat().every((k) => k === 'mine'), true);
});

test('status only goes up: delivered, then read; a late copy without the read mark does not lower it', () => {
  const s = new MessageStore();
  const m = msg({ direction: 'inbound' });
  s.handleEvent(ev('MessageCreated', m));
  s.handleEvent(ev('MessageDeliveryStatusChanged', m));
  assert.equal(s.entries[0].status, 'delivered');
  s.handleEvent(ev('MessageReadChanged', { ...m, isRead: true, userStatistics: { readAt: m.createdAt } }));
  assert.equal(s.entries[0].status, 'read');
  s.handleEvent(ev('MessageCreated', m));
  assert.equal(s.entries[0].status, 'read');
  const agent = msg();
  s.handleEvent(ev('MessageCreated', agent));
  assert.equal(s.get(agent.idOnExternalPlatform).status, undefined, "the agent's messages have no send status");
});

test('a failed send keeps its text, retry puts it back to pending with the same id, and a confirmation wins over a late failure', () => {
  const s = new MessageStore();
  s.addPending({ messageId: 'x', text: 'try me', attachments: [{ friendlyName: 'a.txt' }] });
  const err = new Error('Request sendTextMessage timed out');
  s.markFailed('x', err);
  assert.equal(s.get('x').status, 'failed');
  assert.equal(s.get('x').error, err);
  const draft = s.retry('x');
  assert.deepEqual(draft, { messageId: 'x', text: 'try me', attachments: [{ friendlyName: 'a.txt' }], postback: undefined });
  assert.equal(s.get('x').status, 'pending');
  assert.equal(s.retry('x'), undefined, 'only a failed message is retried');
  s.handleEvent(ev('MessageCreated', msg({ idOnExternalPlatform: 'x', direction: 'inbound' })));
  s.markFailed('x', new Error('late'));
  assert.equal(s.get('x').status, 'sent');
  assert.equal(s.entries.length, 1);
});

test('confirmed messages sort by server time whatever the arrival order; pending ones stay last in send order', () => {
  const s = new MessageStore();
  const [a, b, c] = [msg(), msg(), msg()];
  s.addPending({ messageId: 'p1', text: 'first pending' });
  s.handleEvent(ev('MessageCreated', c));
  s.addPending({ messageId: 'p2', text: 'second pending' });
  s.handleEvent(ev('MessageCreated', a));
  s.addHistory([b]);
  assert.deepEqual(s.entries.map((e) => e.key), [a.idOnExternalPlatform, b.idOnExternalPlatform, c.idOnExternalPlatform, 'p1', 'p2']);
  assert.deepEqual(s.entries.map((e) => messageText(e.message)), ['m' + a.id.slice(4), 'm' + b.id.slice(4), 'm' + c.id.slice(4), 'first pending', 'second pending']);
});

test('paging: history pages merge with what is there, hasMore follows the scroll token, older pages are flagged', () => {
  const s = new MessageStore();
  const older = [msg(), msg()];
  const newer = [msg(), msg()];
  const flags = [];
  s.subscribe((c) => flags.push(c.older));
  s.addHistory([...newer].reverse(), { hasMore: true }); // recover(): newest first
  s.handleEvent(ev('MessageCreated', newer[1])); // a push of one already there
  s.addHistory([...older].reverse(), { hasMore: false, older: true });
  assert.equal(s.entries.length, 4);
  assert.deepEqual(s.entries.map((e) => e.id), [...older, ...newer].map((m) => m.id));
  assert.equal(s.hasMore, false);
  assert.deepEqual(flags, [false, false, true]);
  assert.ok(s.entries.every((e) => e.history === true), 'entries first seen in history are marked so (not announced)');
  s.addHistory([], { hasMore: false, older: true });
  assert.equal(s.entries.length, 4);
});

test('a streamed reply grows in place and ends; system lines are placed by time and kept once', () => {
  const s = new MessageStore();
  const first = msg();
  s.handleEvent(ev('MessageCreated', first));
  const original = msg({ messageContent: { type: 'STREAMED', payload: {} } });
  s.handleStream({ type: 'StreamedMessageStarted', data: { messageId: original.id, fullContent: '', originalMessage: original } });
  s.handleStream({ type: 'StreamedMessageDelta', data: { messageId: original.id, fullContent: 'Hello ' } });
  assert.equal(s.get(original.id).text, 'Hello ');
  assert.equal(s.get(original.id).streaming, true);
  s.handleStream({ type: 'StreamedMessageCompleted', data: { messageId: original.id, fullContent: 'Hello world' } });
  assert.equal(s.entries.length, 2);
  assert.deepEqual([s.get(original.id).text, s.get(original.id).streaming, s.get(original.id).failed], ['Hello world', false, false]);
  s.addSystem({ id: 'assigned-1', text: 'Mia joined', time: first.createdAt });
  s.addSystem({ id: 'assigned-1', text: 'Mia joined' });
  assert.equal(s.entries.filter((e) => e.kind === 'system').length, 1);
  assert.equal(s.entries[1].kind, 'system', 'after the first message (same time, later arrival)');
});

test('a streamed reply ends with the event name given beside a detail without type, as the SDK dispatches it', () => {
  const s = new MessageStore();
  const original = msg({ messageContent: { type: 'STREAMED', payload: {} } });
  s.handleStream({ id: 'e1', data: { messageId: original.id, fullContent: 'Hi', originalMessage: original } }, 'StreamedMessageDelta');
  assert.equal(s.get(original.id).streaming, true);
  s.handleStream({ id: 'e2', data: { messageId: original.id, fullContent: 'Hi there' } }, 'StreamedMessageCompleted');
  assert.deepEqual([s.get(original.id).text, s.get(original.id).streaming, s.get(original.id).failed], ['Hi there', false, false]);
  s.handleStream({ id: 'e3', data: { messageId: 'other', fullContent: 'x' } }, 'StreamedMessageFailed');
  assert.deepEqual([s.get('other').streaming, s.get('other').failed], [false, true]);
});

test('what is not a message is ignored; names and texts come from the right fields', () => {
  const s = new MessageStore();
  assert.equal(s.handleEvent(null), undefined);
  assert.equal(s.handleEvent({ type: 'MessageCreated', data: {} }), undefined);
  assert.equal(s.handleEvent({ type: 'AgentTypingStarted', data: { message: msg() } }), undefined);
  s.addHistory([null, 7, {}]);
  assert.equal(s.entries.length, 0);
  assert.throws(() => s.addPending({}), TypeError);
  assert.equal(authorName({ authorUser: { firstName: 'Mia', surname: 'Agent' } }), 'Mia Agent');
  assert.equal(authorName({ authorEndUserIdentity: { fullName: '' }, direction: 'inbound' }), 'You');
  assert.equal(messageText({ messageContent: { type: 'QUICK_REPLIES', payload: { text: { content: 'Pick one' } } } }), 'Pick one');
  assert.equal(messageText({ messageContent: { type: 'RICH_LINK', payload: {}, fallbackText: 'Our store' } }), 'Our store');
  s.addPending({ messageId: 'gone', text: 'x' });
  s.remove('gone');
  assert.equal(s.entries.length, 0);
  s.addPending({ messageId: 'k', text: 'x' });
  s.clear();
  assert.deepEqual([s.entries.length, s.hasMore], [0, false]);
});
