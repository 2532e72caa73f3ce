// The one place where a page's arguments are checked. Every public entry
// point is wrapped (guardMethods, guardFunction) with the list of what each
// argument must be; a bad one is refused before anything else runs, with a
// ChatSDKError whose code is 'invalid-argument' and whose message names the
// method and the argument. An async method rejects (an AbortablePromise
// one with an AbortablePromise), a sync one throws. Anything a hostile value
// can do while being read (a Proxy trap that throws, a cycle, a BigInt) is
// caught here and refused the same way.
import { sdkError } from './errors.js';

/** Longest text a page may send in one call (the gateway refuses more anyway). */
export const MAX_TEXT = 1 << 20;
/** Longest id, name, e-mail, url or other short string. */
export const MAX_SHORT = 8192;

const describe = (v) => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  return typeof v === 'object' ? 'an object' : typeof v;
};

class Refusal { constructor(text) { this.text = text; } }
const refuse = (text) => { throw new Refusal(text); };

// A check takes (value, name) and returns the value to use, or refuses.
const optional = (check) => Object.assign((v, name) => (v === undefined ? v : check(v, name)), { optional: true });

export const str = (max = MAX_SHORT) => (v, name) => {
  if (typeof v !== 'string') refuse(`${name} must be a string, got ${describe(v)}`);
  if (v.length > max) refuse(`${name} is too long (${v.length} characters, at most ${max})`);
  return v;
};
export const text = () => str(MAX_TEXT);
export const num = () => (v, name) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) refuse(`${name} must be a finite number ≥ 0, got ${describe(v)}`);
  return v;
};
export const bool = () => (v, name) => {
  if (typeof v !== 'boolean') refuse(`${name} must be a boolean, got ${describe(v)}`);
  return v;
};
export const fn = () => (v, name) => {
  if (typeof v !== 'function') refuse(`${name} must be a function, got ${describe(v)}`);
  return v;
};
/** An event listener: a function or an object with handleEvent (as EventTarget takes). */
export const listener = () => (v, name) => {
  if (typeof v === 'function') return v;
  if (v !== null && typeof v === 'object' && typeof v.handleEvent === 'function') return v;
  return refuse(`${name} must be a function, got ${describe(v)}`);
};
/** A string, or a number (a phone number, a brand id). */
export const strOrNum = (max = MAX_SHORT) => (v, name) => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return str(max)(v, `${name}`);
};
/** A brand id: a positive integer, or its digits as a string. */
export const brandId = () => (v, name) => {
  if ((typeof v === 'number' && Number.isSafeInteger(v) && v > 0) || (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v))) return v;
  return refuse(`${name} must be a positive integer, got ${describe(v)}`);
};
const plain = (v, name) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) refuse(`${name} must be an object, got ${describe(v)}`);
  return v;
};
/** An object with the given members (each checked; others ignored). */
export const shape = (members) => (v, name) => {
  plain(v, name);
  for (const [key, check] of Object.entries(members)) check(v[key], `${name}.${key}`);
  return v;
};
/** Data the SDK sends as JSON: it must serialise (no cycle, no BigInt) and stay under MAX_TEXT. */
export const json = (max = MAX_TEXT) => (v, name) => {
  plain(v, name);
  let s;
  try { s = JSON.stringify(v); } catch (e) { refuse(`${name} cannot be sent as JSON (${e?.name ?? 'error'})`); }
  if (s === undefined || s.length > max) refuse(`${name} is too large to send (${s?.length} characters, at most ${max})`);
  return v;
};
/** Custom fields {ident: value}: values are strings, numbers, booleans or null. */
export const fields = () => (v, name) => {
  plain(v, name);
  for (const [k, value] of Object.entries(v)) fieldValue()(value, `${name}.${k}`);
  return json()(v, name);
};
export const fieldValue = () => (v, name) => {
  if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  return str(MAX_TEXT)(v, name);
};
export const strings = () => (v, name) => {
  if (!Array.isArray(v)) refuse(`${name} must be an array of strings, got ${describe(v)}`);
  if (v.length > 10000) refuse(`${name} has too many items (${v.length})`);
  v.forEach((s, i) => str()(s, `${name}[${i}]`));
  return v;
};
export const arrayOf = (check) => (v, name) => {
  if (!Array.isArray(v)) refuse(`${name} must be an array, got ${describe(v)}`);
  v.forEach((x, i) => check(x, `${name}[${i}]`));
  return v;
};
export const signal = () => (v, name) => {
  if (!(v instanceof AbortSignal)) refuse(`${name} must be an AbortSignal, got ${describe(v)}`);
  return v;
};
/** Files to attach: a FileList, or an array of File/Blob or of uploaded {url, friendlyName}. */
export const files = () => (v, name) => {
  const isFileList = typeof FileList !== 'undefined' && v instanceof FileList;
  if (!isFileList && !Array.isArray(v)) refuse(`${name} must be a FileList or an array of files, got ${describe(v)}`);
  Array.from(v).forEach((f, i) => {
    if (f instanceof Blob) return;
    if (f !== null && typeof f === 'object' && !Array.isArray(f) && typeof f.url === 'string' && typeof f.friendlyName === 'string') return;
    refuse(`${name}[${i}] must be a File or an uploaded {url, friendlyName}, got ${describe(f)}`);
  });
  return v;
};
export const file = () => (v, name) => {
  if (!(v instanceof Blob)) refuse(`${name} must be a File, got ${describe(v)}`);
  return v;
};
/** Any value the caller may pass on as is (checked where it is used). */
export const any = () => (v) => v;

export { optional };

/** Runs the checks of one call; returns the error to raise, or undefined. */
export function check(where, spec, args) {
  for (let i = 0; i < spec.length; i++) {
    const [name, test] = spec[i];
    try {
      test(args[i], name);
    } catch (e) {
      const why = e instanceof Refusal ? e.text : `${name} cannot be read (${e?.name ?? 'error'})`;
      return sdkError(`bad arguments: ${where}: ${why}`, 'invalid-argument');
    }
  }
  return undefined;
}

/**
 * Wraps methods of proto: table maps a method name to [mode, spec], mode
 * being 'sync' (throws), 'async' (rejects) or 'abortable' (an
 * AbortablePromise that rejects), spec a list of [argumentName, check].
 */
export function guardMethods(proto, className, table, AbortablePromise) {
  for (const [method, [mode, spec]] of Object.entries(table)) {
    const inner = proto[method];
    if (typeof inner !== 'function') throw new Error(`guardMethods: ${className}.${method} is not a method`);
    Object.defineProperty(proto, method, {
      value: guardFunction(`${className}.${method}`, mode, spec, inner, AbortablePromise),
      writable: true, configurable: true, enumerable: false,
    });
  }
}

/** Wraps one function as guardMethods does. */
export function guardFunction(where, mode, spec, inner, AbortablePromise) {
  const wrapped = {
    [inner.name || 'guarded'](...args) {
      const err = check(where, spec, args);
      if (err) {
        if (mode === 'sync') throw err;
        if (mode === 'abortable') return new AbortablePromise((_, reject) => reject(err));
        return Promise.reject(err);
      }
      return inner.apply(this, args);
    },
  }[inner.name || 'guarded'];
  Object.defineProperty(wrapped, 'length', { value: inner.length });
  return wrapped;
}
