// Loads the Go runtime (wasm_exec.js, copied unmodified from the Go toolchain
// that built the .wasm) and the chat core, once per page.
//
// When: by default ("import" mode) the load starts right after the module
// graph that imported the SDK has run (a microtask), so that configure() or a
// constructor option set in the importing module's body is still honoured.
// In "connect" mode nothing is fetched until the first call that needs the
// runtime (connect(), any async method) or ChatSdk.preload().
//
// Where: the first of configure({ wasmUrl }), the constructor's wasmUrl
// option, globalThis.CXONE_CHAT_WASM_URL, the entry's own default (beside the
// module, or beside the script tag). Each is honoured until a load starts; a
// failed load re-opens the choice.
import './wasm_exec.js';
import { sdkError } from './errors.js';
import { openOrAdopt, useExports } from './socket.js';

// The calling convention this shim speaks with the runtime (wasm/main.go
// abi): a runtime of another one is refused when it starts.
const WASM_ABI = '2';

let chosenUrl; // configure() or a constructor option
let defaultUrls = []; // the entry's candidates, most likely first
let loadMode = 'import';
let runtime; // the pending or settled load
let startedFrom; // the URL(s) the running load uses, for the "too late" check
let scheduled = false;

/** @internal The binding if loaded, else undefined (for synchronous calls). */
export let loaded;

// Only a browser (or a worker) loads the runtime at import; server-side
// rendering imports the package without side effects.
const inBrowser = typeof window !== 'undefined' || typeof WorkerGlobalScope !== 'undefined';

/**
 * @internal Called once by the entry module: where the .wasm is by default
 * (a list: the first that answers with a wasm wins) and the loading mode its
 * tag asked for. Schedules the load in "import" mode.
 */
export function setDefaults(urls, mode) {
  defaultUrls = urls.filter(Boolean).map(absolute);
  if (mode !== undefined) setMode(mode);
  schedule();
}

function setMode(mode) {
  if (mode !== 'import' && mode !== 'connect') {
    throw sdkError(`configure({ load }): expected 'import' or 'connect', got ${JSON.stringify(mode)}`);
  }
  loadMode = mode;
}

function schedule() {
  if (scheduled || !inBrowser) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    if (loadMode === 'import') loadRuntime().catch(() => {}); // a failure surfaces at the first call
  });
}

// An absolute URL (relative ones are resolved against the page), so that
// messages and comparisons name what is fetched.
function absolute(url) {
  const href = url instanceof URL ? url.href : String(url);
  try {
    return new URL(href, globalThis.document?.baseURI ?? globalThis.location?.href).href;
  } catch {
    return href;
  }
}

function urlsToTry() {
  const chosen = chosenUrl ?? globalThis.CXONE_CHAT_WASM_URL;
  return chosen != null ? [absolute(chosen)] : defaultUrls;
}

/**
 * Sets where the .wasm is and when it loads; see index.d.ts `configure`.
 * Throws a ChatSDKError when a load from another URL has already started.
 */
export function configure(options = {}) {
  if (options === null || typeof options !== 'object') throw sdkError('configure() expects an object: { wasmUrl, load }');
  if (options.wasmUrl != null) chooseUrl(options.wasmUrl, 'configure({ wasmUrl })');
  if (options.load !== undefined) setMode(options.load);
}

/** @internal The constructor's wasmUrl option (same rule as configure). */
export function chooseUrl(url, what = 'the wasmUrl option') {
  if (String(url) === '') throw sdkError(`${what}: the URL is empty`);
  const href = absolute(url);
  if (runtime !== undefined && startedFrom !== undefined && !startedFrom.includes(href)) {
    throw sdkError(`${what} came too late: the chat runtime is already loading from ${startedFrom[0]}. ` +
      'Set it in the module that imports the SDK, before any await, or configure({ load: \'connect\' }).');
  }
  chosenUrl = href;
}

/** @internal Starts the load unless the mode is "connect" (used by the constructor). */
export function wantRuntime() {
  if (loadMode === 'import' && inBrowser) schedule();
}

/** The binding object filled by Go; loads the runtime on first use. */
export function loadRuntime() {
  if (runtime === undefined) {
    const urls = urlsToTry();
    startedFrom = urls;
    runtime = start(urls).catch((error) => {
      runtime = undefined; // a later call may try again (e.g. after going online)
      startedFrom = undefined;
      throw error?.name === 'ChatSDKError' ? error : sdkError(`Cannot load the chat runtime from ${urls[0]}: ${error?.message ?? error}`, 'closed');
    });
  }
  return runtime;
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const printable = (bytes) => String.fromCharCode(...Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? b : 0x2e)));

// Fetches url and compiles it; resolves the instance, or a description of
// what came back instead of a wasm module.
async function fetchModule(url, imports) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    return { problem: `${url}: the request failed (${error?.message ?? error}; offline, blocked by CSP connect-src, or a CORS refusal?)` };
  }
  const type = response.headers.get('content-type') ?? '(none)';
  if (response.ok && /^application\/wasm\b/i.test(type) && typeof WebAssembly.instantiateStreaming === 'function') {
    // Streaming compile; the Response is cloned so a compile error can still
    // show the first bytes.
    const copy = response.clone();
    try {
      return { instance: (await WebAssembly.instantiateStreaming(response, imports)).instance };
    } catch (error) {
      const head = new Uint8Array(await copy.arrayBuffer()).subarray(0, 8);
      return { problem: `${url}: HTTP ${response.status}, content-type ${type}, first bytes ${hex(head)}: ${error?.message ?? error}` };
    }
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const head = bytes.subarray(0, 8);
  const isWasm = head[0] === 0 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
  if (!response.ok || !isWasm) {
    return {
      problem: `${url}: HTTP ${response.status}, content-type ${type}, ${bytes.length} bytes starting ${hex(head)} ("${printable(head)}")` +
        (isWasm ? '' : ', which is not a wasm module (it starts "00 61 73 6d")'),
    };
  }
  // A wasm module served with another MIME type: compile from bytes.
  return { instance: (await WebAssembly.instantiate(bytes, imports)).instance };
}

async function start(urls) {
  if (urls.length === 0) throw sdkError('No wasm URL: call configure({ wasmUrl }) before the first load', 'closed');
  const go = new globalThis.Go();
  const slot = `__cxoneChatWasm${Math.random().toString(36).slice(2)}`;
  const binding = { openSocket: openOrAdopt }; // an early socket to the same URL is taken over
  const ready = new Promise((resolve) => { binding.ready = resolve; });
  const problems = [];
  let instance;
  let loadedFrom;
  for (const url of urls) {
    const r = await fetchModule(url, go.importObject);
    if (r.instance) { instance = r.instance; loadedFrom = url; break; }
    problems.push(r.problem);
  }
  if (!instance) {
    throw sdkError(`Cannot load the chat runtime (cxone-chat.wasm). Tried ${problems.join('; then ')}. ` +
      'Fix: serve dist/cxone-chat.wasm from the package with Content-Type application/wasm and point the SDK at it with ' +
      'configure({ wasmUrl }) from \'cxone-chat-wasm\', the ChatSdk option wasmUrl, or (script tag) data-wasm-url. ' +
      'See the README, "Hosting the wasm".', 'closed');
  }
  globalThis[slot] = binding;
  go.argv = ['cxone-chat-wasm', slot];
  const exited = go.run(instance).then(() => {
    binding.exited = true;
    throw new Error('the Go runtime exited');
  });
  await Promise.race([ready, exited]);
  if (binding.abi !== WASM_ABI) {
    throw sdkError(`The chat runtime at ${loadedFrom} does not match this SDK's JavaScript (runtime ${JSON.stringify(binding.abi ?? 'of an older release')}, ` +
      `JavaScript ${WASM_ABI}): it is a copy from another release, perhaps a stale cache. Fix: serve the cxone-chat.wasm of the same package ` +
      'release as the JavaScript (a URL that changes with each release keeps caches apart).', 'closed');
  }
  // Go's own resume, with no event pending, runs what the frame woke. (A
  // no-op js.FuncOf call instead was slower: bench/RESULTS.md.)
  useExports(instance.exports, () => go._resume(), () => go.exited);
  binding.mem = instance.exports.mem; // where Go writes its reports (sdk.js #fromGo)
  delete globalThis[slot];
  loaded = binding;
  return binding;
}

/**
 * The default URLs for an ES module at moduleUrl whose .wasm is beside it.
 * Vite's dev server moves pre-bundled dependencies into
 * node_modules/.vite/deps/ without the .wasm beside them (vitejs/vite#8427):
 * there the package's own copy under node_modules is tried first.
 */
export function besideModule(wasmHref) {
  const u = new URL(wasmHref);
  const i = u.pathname.indexOf('/node_modules/.vite/');
  if (i < 0) return [wasmHref];
  const original = new URL(`${u.pathname.slice(0, i)}/node_modules/cxone-chat-wasm/dist/cxone-chat.wasm`, u);
  return [original.href, wasmHref];
}
