// The sandbox agent console: a person plays the agent. It polls
// GET /sandbox/threads and acts through the console API (console_api.go),
// always with JSON bodies and Content-Type: application/json from this
// origin. Every text goes in through textContent; only http(s) URLs become
// links.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const state = {
    threads: [], channels: [], selected: null, seen: new Map(), renderedCount: -1, renderedKey: '',
    typing: false, typingTimer: 0, lastRead: new Map(),
  };
  window.consoleState = state;

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'className') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function safeUrl(u) {
    try { const x = new URL(String(u)); return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null; } catch { return null; }
  }
  const keyOf = (t) => [t.brandId, t.channelId, t.customerId, t.threadId].join('/');
  const target = (t) => ({ brandId: t.brandId, channelId: t.channelId, customerId: t.customerId, threadId: t.threadId });
  const text = (v) => (typeof v === 'string' ? v : (v && typeof v.content === 'string' ? v.content : ''));

  async function api(path, body) {
    const res = await fetch(path, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    let data = null;
    try { data = await res.json(); } catch { /* empty */ }
    if (!res.ok) {
      const msg = data?.error?.errorMessage || res.statusText;
      $('status').textContent = `${path}: ${msg}`;
      throw new Error(msg);
    }
    $('status').textContent = '';
    return data;
  }
  async function get(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  // ---- readable rich content, as text ----
  function contentNodes(m) {
    const c = m.messageContent || {};
    const p = c.payload || {};
    const out = [];
    switch (c.type) {
      case 'QUICK_REPLIES':
        out.push(el('div', {}, text(p.text) || c.fallbackText || ''));
        out.push(el('div', { className: 'chips' }, (p.actions || []).map((a) => el('span', { className: 'chip' }, String(a?.text ?? '')))));
        break;
      case 'LIST_PICKER':
        out.push(el('div', { className: 'b' }, text(p.title)), el('div', {}, text(p.text)));
        out.push(el('ul', {}, (p.actions || []).map((a) => el('li', {}, String(a?.text ?? ''), a?.description ? ` — ${a.description}` : ''))));
        break;
      case 'RICH_LINK': {
        const href = safeUrl(p.url);
        out.push(el('div', { className: 'b' }, text(p.title) || c.fallbackText || ''));
        out.push(el('div', { className: 'meta' }, href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, href) : String(p.url ?? '')));
        break;
      }
      case 'ADAPTIVE_CARD': {
        const walk = (items) => {
          for (const it of Array.isArray(items) ? items : []) {
            if (it?.type === 'TextBlock') out.push(el('div', { className: it.weight === 'Bolder' ? 'b' : '' }, String(it.text ?? '')));
            else if (it?.type === 'FactSet') out.push(el('div', {}, (it.facts || []).map((f) => `${f?.title ?? ''}: ${f?.value ?? ''}`).join(' · ')));
            else if (it?.type === 'Container') walk(it.items);
            else if (it?.type === 'ColumnSet') (it.columns || []).forEach((col) => walk(col?.items));
            else out.push(el('div', { className: 'meta' }, `[${String(it?.type ?? 'part')}]`));
          }
        };
        walk(p.card?.body);
        const acts = p.card?.actions || [];
        if (acts.length) out.push(el('div', { className: 'chips' }, acts.map((a) => el('span', { className: 'chip' }, String(a?.title ?? '')))));
        if (!out.length) out.push(el('div', {}, c.fallbackText || '[adaptive card]'));
        break;
      }
      case 'STREAMED':
        out.push(el('div', {}, c.fallbackText || '(streamed reply)'), el('div', { className: 'meta' }, 'streamed'));
        break;
      default:
        if (typeof p.text === 'string' && p.text !== '') out.push(el('div', {}, p.text));
        else if (c.fallbackText) out.push(el('div', {}, c.fallbackText));
        if (p.postback || c.postback) out.push(el('div', { className: 'meta' }, `postback: ${p.postback || c.postback}`));
    }
    for (const a of m.attachments || []) {
      const href = safeUrl(a.url);
      const name = String(a.friendlyName ?? 'file');
      out.push(el('div', { className: 'file' }, 'File: ', href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, name) : name));
    }
    return out;
  }

  const inboundCount = (t) => t.messages.filter((m) => m.direction === 'inbound').length;

  function renderList() {
    const byChannel = new Map();
    for (const t of state.threads) {
      if (!t.contact) continue;
      if (!byChannel.has(t.channelId)) byChannel.set(t.channelId, []);
      byChannel.get(t.channelId).push(t);
    }
    const groups = [];
    for (const ch of state.channels) {
      const list = (byChannel.get(ch.id) || []).slice().sort((a, b) => (a.contact.status === 'closed') - (b.contact.status === 'closed'));
      groups.push(el('section', { className: 'group', 'aria-label': ch.name },
        el('h3', {}, `${ch.name} (${ch.id})`, ch.offline ? ' · offline' : ''),
        list.length ? el('ul', {}, list.map((t) => {
          const k = keyOf(t);
          const unread = state.selected === k ? 0 : inboundCount(t) - (state.seen.get(k) ?? 0);
          const who = t.customer.fullName || t.customerId;
          return el('li', {}, el('button', {
            type: 'button', className: `contact${state.selected === k ? ' current' : ''}${t.contact.status === 'closed' ? ' closed' : ''}`,
            'aria-current': state.selected === k ? 'true' : undefined, 'data-key': k,
            onclick: () => select(k),
          }, el('span', { className: 'who' }, who),
          el('span', { className: 'meta' }, `${t.threadName || 'thread ' + t.threadId.slice(0, 8)} · ${t.contact.status}${t.customerTyping ? ' · typing…' : ''}${t.agentMuted ? ' · muted' : ''}`),
          unread > 0 ? el('span', { className: 'badge', 'aria-label': `${unread} unread` }, String(unread)) : null));
        })) : el('p', { className: 'meta' }, 'No contacts yet.')));
    }
    $('contact-list').replaceChildren(...groups);
    $('channels').replaceChildren(...state.channels.map((ch) => el('label', { className: 'switch' },
      el('input', { type: 'checkbox', 'data-channel': ch.id, checked: ch.offline, onchange: (e) => setOffline(ch.id, e.target.checked) }),
      ` ${ch.id} offline`)));
  }

  function current() { return state.threads.find((t) => keyOf(t) === state.selected); }

  function renderDetail() {
    const t = current();
    $('empty').hidden = Boolean(t);
    $('contact').hidden = !t;
    if (!t) return;
    const k = keyOf(t);
    state.seen.set(k, inboundCount(t));
    $('c-title').textContent = `${t.customer.fullName || t.customerId}`;
    $('c-meta').textContent = `${t.channelId} · thread ${t.threadName || t.threadId} · contact ${t.contact.id} (${t.contact.status})` +
      `${t.contact.inboxAssignee ? ' · assigned to Mia' : ' · unassigned'} · ${t.connections} open${t.archived ? ' · archived' : ''}`;
    $('mute-one').checked = t.agentMuted;
    $('assign').textContent = t.contact.inboxAssignee ? 'Unassign' : 'Assign to me';
    if (document.activeElement !== $('c-status')) $('c-status').value = t.contact.status;
    $('c-typing').textContent = t.customerTyping ? `Customer is typing…${t.preview ? ' “' + t.preview + '”' : ''}` : '';
    const sig = `${k}:${t.messages.length}:${t.messages.filter((m) => m.isRead).length}`;
    if (sig === state.renderedKey) return;
    const list = $('history');
    const bottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40 || state.renderedKey.split(':')[0] !== k;
    state.renderedKey = sig;
    list.replaceChildren(...t.messages.map((m) => {
      const mine = m.direction === 'outbound';
      const who = mine ? (m.authorUser ? `${m.authorUser.firstName} ${m.authorUser.surname}` : 'Brand') : (m.authorEndUserIdentity?.fullName || 'Customer');
      const when = new Date(m.createdAtWithMilliseconds || m.createdAt);
      return el('li', { className: `msg ${m.direction}`, 'data-id': m.id, 'data-type': m.messageContent?.type || 'TEXT' },
        el('div', { className: 'meta' }, `${who} · ${Number.isNaN(when.getTime()) ? '' : when.toLocaleTimeString()}${!mine && m.isRead ? ' · read' : ''}`),
        contentNodes(m));
    }));
    if (bottom) list.scrollTop = list.scrollHeight;
    // A person looking at the contact reads what the customer wrote.
    const unread = t.messages.some((m) => m.direction === 'inbound' && !m.isRead);
    if (unread && document.visibilityState === 'visible' && state.lastRead.get(k) !== t.messages.length) {
      state.lastRead.set(k, t.messages.length);
      api('/sandbox/agent/read', target(t)).catch(() => {});
    }
  }

  function select(k) {
    stopTyping();
    state.selected = k;
    state.renderedKey = '';
    renderList();
    renderDetail();
    $('text').focus();
  }

  // A refresh whose GET left before the user toggled "mute everywhere", or
  // was answered before the toggle's POST, would put the old value back over
  // the click (and the sandbox would stay muted while the box shows
  // unmuted): it applies the value only when no toggle happened since it
  // started and none is still on its way.
  let muteEdits = 0;
  let mutePosts = 0;
  async function refresh() {
    const edits = muteEdits;
    try {
      const [threads, channels, mute] = await Promise.all([get('/sandbox/threads'), get('/sandbox/channels'), get('/sandbox/agent/mute')]);
      state.threads = threads;
      state.channels = channels;
      if (edits === muteEdits && mutePosts === 0) $('mute-all').checked = mute.global;
      renderList();
      renderDetail();
      if ($('status').dataset.err) { $('status').textContent = ''; delete $('status').dataset.err; }
    } catch (e) {
      $('status').textContent = `sandbox unreachable: ${e.message}`;
      $('status').dataset.err = '1';
    } finally {
      setTimeout(refresh, 1000);
    }
  }
  window.consoleRefresh = () => get('/sandbox/threads').then((t) => { state.threads = t; renderList(); renderDetail(); });

  async function setOffline(channelId, offline) {
    await api('/sandbox/channels/offline', { channelId, offline }).catch(() => {});
  }
  $('mute-all').addEventListener('change', (e) => {
    muteEdits++;
    mutePosts++;
    api('/sandbox/agent/mute', { muted: e.target.checked }).catch(() => {}).finally(() => { mutePosts--; muteEdits++; });
  });
  $('mute-one').addEventListener('change', (e) => { const t = current(); if (t) api('/sandbox/agent/mute', { ...target(t), muted: e.target.checked }).then(window.consoleRefresh).catch(() => {}); });
  $('assign').addEventListener('click', () => { const t = current(); if (t) api('/sandbox/agent/assign', { ...target(t), assigned: !t.contact.inboxAssignee }).then(window.consoleRefresh).catch(() => {}); });
  $('c-status').addEventListener('change', () => { const t = current(); if (t) api('/sandbox/agent/status', { ...target(t), status: $('c-status').value }).then(window.consoleRefresh).catch(() => {}); });
  $('set-queue').addEventListener('click', () => { const t = current(); if (t) api('/sandbox/agent/queue', { ...target(t), position: Number($('c-queue').value) }).catch(() => {}); });
  $('end').addEventListener('click', () => { const t = current(); if (t) api('/sandbox/agent/end', target(t)).then(window.consoleRefresh).catch(() => {}); });

  // ---- typing, both ways ----
  function stopTyping() {
    clearTimeout(state.typingTimer);
    const t = current();
    if (state.typing && t) api('/sandbox/agent/typing', { ...target(t), typing: false }).catch(() => {});
    state.typing = false;
  }
  $('text').addEventListener('input', () => {
    const t = current();
    if (!t) return;
    if (!state.typing && $('text').value) {
      state.typing = true;
      api('/sandbox/agent/typing', { ...target(t), typing: true }).catch(() => {});
    }
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, 3000);
  });

  // ---- composing rich content ----
  const hints = {
    TEXT: ['Message', '', false],
    QUICK_REPLIES: ['Question', 'Options, one per line (title or title | postback)', false],
    LIST_PICKER: ['Title', 'Items, one per line (title | postback | description)', false],
    RICH_LINK: ['Link title', '', true],
    ADAPTIVE_CARD: ['Card text (first line is the heading)', 'Facts "Name: value", or buttons "title | postback", one per line', false],
  };
  $('kind').addEventListener('change', () => {
    const [label, opts, url] = hints[$('kind').value];
    $('text-label').textContent = label;
    $('rich-fields').hidden = !opts && !url;
    $('options-label').textContent = opts;
    $('options').hidden = !opts;
    $('options-label').hidden = !opts;
    $('url-row').hidden = !url;
  });
  $('files').addEventListener('change', () => {
    $('file-names').textContent = [...$('files').files].map((f) => f.name).join(', ');
  });
  const lines = (s) => s.split('\n').map((l) => l.trim()).filter(Boolean);
  const parts = (l) => l.split('|').map((x) => x.trim());

  function buildContent(kind, body, options, url) {
    const opts = lines(options);
    switch (kind) {
      case 'QUICK_REPLIES':
        return { type: kind, fallbackText: `${body} ${opts.map((o) => parts(o)[0]).join(', ')}`.trim(), payload: {
          text: { content: body }, actions: opts.map((o) => { const [title, postback] = parts(o); return { type: 'REPLY_BUTTON', text: title, postback: postback || title }; }),
        } };
      case 'LIST_PICKER':
        return { type: kind, fallbackText: body, payload: {
          title: { content: body }, text: { content: body },
          actions: opts.map((o) => { const [title, postback, description] = parts(o); return { type: 'REPLY_BUTTON', text: title, postback: postback || title, description: description || undefined }; }),
        } };
      case 'RICH_LINK':
        return { type: kind, fallbackText: `${body} ${url}`.trim(), payload: { title: { content: body }, url } };
      case 'ADAPTIVE_CARD': {
        const blocks = lines(body).map((l, i) => ({ type: 'TextBlock', text: l, weight: i === 0 ? 'Bolder' : undefined, wrap: true }));
        const facts = opts.filter((o) => !o.includes('|') && o.includes(':')).map((o) => { const i = o.indexOf(':'); return { title: o.slice(0, i).trim(), value: o.slice(i + 1).trim() }; });
        const actions = opts.filter((o) => o.includes('|')).map((o) => { const [title, postback] = parts(o); return { type: 'Action.Submit', title, data: postback || title }; });
        const cardBody = facts.length ? [...blocks, { type: 'FactSet', facts }] : blocks;
        return { type: kind, fallbackText: lines(body)[0] || 'Card', payload: { jsonSchemaVersion: '1.5', card: { type: 'AdaptiveCard', version: '1.5', body: cardBody, actions } } };
      }
      default:
        return null;
    }
  }

  async function uploads(t, files) {
    const out = [];
    for (const f of files) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const res = await fetch(`/chat/1.0/brand/${t.brandId}/channel/${encodeURIComponent(t.channelId)}/attachment`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: btoa(bin), fileName: f.name, mimeType: f.type || 'application/octet-stream' }),
      });
      const data = await res.json();
      if (!res.ok || !data.fileUrl) throw new Error(`upload of ${f.name} refused`);
      out.push({ url: data.fileUrl, friendlyName: f.name, mimeType: f.type || '' });
    }
    return out;
  }

  $('reply').addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = current();
    if (!t) return;
    const kind = $('kind').value;
    const body = $('text').value;
    const files = [...$('files').files];
    try {
      const attachments = files.length ? await uploads(t, files) : [];
      const content = buildContent(kind, body, $('options').value, $('url').value.trim());
      if (!content && !body.trim() && !attachments.length) return;
      stopTyping();
      await api('/sandbox/agent/message', { ...target(t), text: body, content: content ?? undefined, attachments });
      $('text').value = '';
      $('files').value = '';
      $('file-names').textContent = '';
      await window.consoleRefresh();
    } catch (err) {
      $('status').textContent = `not sent: ${err.message}`;
    }
  });
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $('reply').requestSubmit(); }
  });
  $('stream').addEventListener('click', async () => {
    const t = current();
    const body = $('text').value;
    if (!t || !body.trim()) return;
    stopTyping();
    await api('/sandbox/agent/stream', { ...target(t), text: body }).catch(() => {});
    $('text').value = '';
    await window.consoleRefresh();
  });

  refresh();
})();
