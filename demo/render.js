// Rendering of one message-list entry into DOM nodes. Every text goes in
// through textContent (never innerHTML), and only http(s) URLs ever become
// links or image sources.
import { messageText, authorName } from '../dist/store.js';

/** el('p', {className: 'x'}, 'text', child…): a node; strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'className') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** The URL if it is an absolute http(s) URL, else null. */
export function safeUrl(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Initials of a name ("Mia Agent" → "MA"). */
export function initials(name) {
  const parts = String(name ?? '').trim().split(/\s+/).filter(Boolean);
  return (parts.slice(0, 2).map((p) => [...p][0]).join('') || '?').toUpperCase();
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function image(url, alt, className) {
  const src = safeUrl(url);
  if (!src) return null;
  const img = el('img', { src, alt: alt ?? '', className, loading: 'lazy', decoding: 'async' });
  img.addEventListener('error', () => img.remove(), { once: true });
  return img;
}

function link(url, text, className) {
  const href = safeUrl(url);
  if (!href) return el('span', { className }, text);
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', className }, text);
}

const STATUS = {
  pending: ['○', 'Sending'],
  sent: ['✓', 'Sent'],
  delivered: ['✓✓', 'Delivered'],
  read: ['✓✓', 'Read'],
  failed: ['⚠', 'Not sent'],
};

/**
 * The <li> of one entry. ctx: {grouped, repliesOpen, onPostback(postback, text, entry),
 * onRetry(key), customerName (for the customer's own avatar)}.
 */
export function renderEntry(entry, ctx) {
  if (entry.kind === 'system') {
    return el('li', { className: 'system', dataset: { key: entry.key } }, el('span', {}, entry.text));
  }
  const m = entry.message ?? {};
  const mine = entry.direction === 'inbound';
  const name = mine ? 'You' : authorName(m);
  const li = el('li', {
    className: `msg ${mine ? 'mine' : 'theirs'}${ctx.grouped ? ' grouped' : ''}${entry.status ? ' ' + entry.status : ''}`,
    dataset: { key: entry.key, status: entry.status ?? '', type: entry.kind === 'stream' ? 'STREAMED' : (m.messageContent?.type ?? 'TEXT') },
  });
  const avatar = el('span', { className: `avatar ${mine ? 'me' : 'agent'}`, 'aria-hidden': 'true' }, initials(mine ? (ctx.customerName || name) : name));
  const when = Number.isFinite(entry.time) ? new Date(entry.time) : null;
  const meta = el('div', { className: 'meta' },
    el('span', { className: 'author' }, name),
    when ? el('time', { datetime: when.toISOString(), title: dateFormat.format(when) }, timeFormat.format(when)) : null);
  const body = el('div', { className: 'body' }, meta, content(entry, ctx));
  const files = attachments(m.attachments);
  if (files) body.append(files);
  if (entry.status) {
    const [mark, label] = STATUS[entry.status] ?? ['', entry.status];
    const st = el('div', { className: 'status' }, el('span', { 'aria-hidden': 'true' }, mark + ' '), label);
    if (entry.status === 'failed') {
      st.append(' · ', el('button', { type: 'button', className: 'link retry', onclick: () => ctx.onRetry(entry.key) }, 'Retry'));
    }
    body.append(st);
  }
  li.append(avatar, body);
  return li;
}

function content(entry, ctx) {
  const m = entry.message ?? {};
  if (entry.kind === 'stream') {
    const p = el('div', { className: 'bubble text' + (entry.streaming ? ' streaming' : '') }, entry.text || (entry.streaming ? '' : '(empty reply)'));
    if (entry.streaming) p.setAttribute('aria-busy', 'true');
    if (entry.failed) p.append(el('span', { className: 'note' }, ' (reply interrupted)'));
    return p;
  }
  const c = m.messageContent ?? {};
  const p = c.payload ?? {};
  switch (c.type) {
    case 'QUICK_REPLIES': {
      const box = el('div', { className: 'bubble rich quick' }, el('p', {}, textOf(p.text) || c.fallbackText || ''));
      if (ctx.repliesOpen && Array.isArray(p.actions)) {
        box.append(el('div', { className: 'replies', role: 'group', 'aria-label': 'Quick replies' },
          p.actions.map((a) => el('button', {
            type: 'button', className: 'reply',
            onclick: () => ctx.onPostback(String(a?.postback ?? a?.text ?? ''), String(a?.text ?? ''), entry),
          }, String(a?.text ?? '')))));
      }
      return box;
    }
    case 'LIST_PICKER': {
      const box = el('div', { className: 'bubble rich list' });
      if (textOf(p.title)) box.append(el('p', { className: 'title' }, textOf(p.title)));
      if (textOf(p.text)) box.append(el('p', {}, textOf(p.text)));
      const ul = el('ul', { className: 'choices', 'aria-label': textOf(p.title) || 'Choices' });
      for (const a of Array.isArray(p.actions) ? p.actions : []) {
        ul.append(el('li', {}, el('button', {
          type: 'button', className: 'choice',
          onclick: () => ctx.onPostback(String(a?.postback ?? a?.text ?? ''), String(a?.text ?? ''), entry),
        }, image(a?.icon?.url, '', 'icon'), el('span', { className: 'choice-text' }, String(a?.text ?? '')),
        a?.description ? el('span', { className: 'desc' }, String(a.description)) : null)));
      }
      box.append(ul);
      return box;
    }
    case 'RICH_LINK': {
      const title = textOf(p.title) || c.fallbackText || String(p.url ?? '');
      const href = safeUrl(p.url);
      const card = el('div', { className: 'bubble rich link-card' });
      const img = image(p.media?.url, '', 'media');
      if (img) card.append(img);
      card.append(el('p', { className: 'title' }, href ? link(href, title) : title));
      card.append(el('p', { className: 'url' }, href ? new URL(href).host : String(p.url ?? '')));
      return card;
    }
    case 'ADAPTIVE_CARD':
      return adaptiveCard(p.card, c.fallbackText, entry, ctx);
    case 'STREAMED':
      return el('div', { className: 'bubble text' }, c.fallbackText || '(streamed reply)');
    default: {
      const text = messageText(m);
      if (!text && m.attachments?.length) return null;
      return el('div', { className: 'bubble text' }, text);
    }
  }
}

function textOf(v) {
  if (typeof v === 'string') return v;
  if (v && typeof v.content === 'string') return v.content;
  return '';
}

// An adaptive card, readably: text blocks, fact sets, images, containers and
// column sets, actions as buttons; anything else as the fallback text, once.
function adaptiveCard(card, fallback, entry, ctx) {
  const box = el('div', { className: 'bubble rich card' });
  let unknown = false;
  const walk = (items, into, depth) => {
    if (!Array.isArray(items) || depth > 8) return;
    for (const it of items) {
      switch (it?.type) {
        case 'TextBlock':
          into.append(el('p', { className: `tb${it.weight === 'Bolder' ? ' bold' : ''}${it.size ? ' size-' + String(it.size).toLowerCase() : ''}` }, String(it.text ?? '')));
          break;
        case 'FactSet':
          into.append(el('dl', { className: 'facts' }, (Array.isArray(it.facts) ? it.facts : []).map((f) => [el('dt', {}, String(f?.title ?? '')), el('dd', {}, String(f?.value ?? ''))])));
          break;
        case 'Image': {
          const img = image(it.url, String(it.altText ?? ''), 'card-img');
          if (img) into.append(img);
          break;
        }
        case 'Container':
          walk(it.items, into, depth + 1);
          break;
        case 'ColumnSet':
          for (const col of Array.isArray(it.columns) ? it.columns : []) walk(col?.items, into, depth + 1);
          break;
        case 'ActionSet':
          actions(it.actions, into);
          break;
        default:
          unknown = true;
      }
    }
  };
  const actions = (list, into) => {
    if (!Array.isArray(list) || list.length === 0) return;
    const row = el('div', { className: 'replies' });
    for (const a of list) {
      const title = String(a?.title ?? 'Open');
      if (a?.type === 'Action.OpenUrl') row.append(link(a.url, title, 'reply'));
      else if (a?.type === 'Action.Submit' || a?.type === 'Action.Execute') {
        const postback = typeof a.data === 'string' ? a.data : JSON.stringify(a.data ?? { action: title });
        row.append(el('button', { type: 'button', className: 'reply', onclick: () => ctx.onPostback(postback, title, entry) }, title));
      } else unknown = true;
    }
    if (row.childElementCount) into.append(row);
  };
  if (!card || typeof card !== 'object') {
    box.append(el('p', {}, fallback || '(card)'));
    return box;
  }
  walk(card.body, box, 0);
  actions(card.actions, box);
  if (unknown || box.childElementCount === 0) box.append(el('p', { className: 'note' }, fallback || '(part of this card cannot be shown)'));
  return box;
}

function attachments(list) {
  if (!Array.isArray(list) || list.length === 0) return null;
  const ul = el('ul', { className: 'files', 'aria-label': 'Attachments' });
  for (const a of list) {
    const name = String(a?.friendlyName ?? 'file');
    const url = safeUrl(a?.url);
    const isImage = String(a?.mimeType ?? '').startsWith('image/') && url;
    if (isImage) {
      const img = image(a.previewUrl || a.url, name, 'thumb');
      const thumb = el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', className: 'thumb-link', 'aria-label': name }, img);
      ul.append(el('li', {}, thumb, el('span', { className: 'fname' }, name)));
    } else {
      ul.append(el('li', {}, el('span', { 'aria-hidden': 'true', className: 'file-icon' }, '▤'), url ? link(url, name, 'fname') : el('span', { className: 'fname' }, name)));
    }
  }
  return ul;
}
