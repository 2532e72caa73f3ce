// The benchmark scenario, shared by ours.html and ref.html: each page
// imports its SDK and hands it here. Everything it does goes through the
// public API that both SDKs have, so the two pages differ only in the
// import. bench/run.mjs drives window.bench.
export function start(ChatSdk, { ChatEvent, EnvironmentName }) {
  window.benchScriptsRun = performance.now();
  const base = location.origin;
  const customerId = crypto.randomUUID();
  const threadId = `bench-${customerId}`;
  const sdk = new ChatSdk({
    brandId: 1086,
    channelId: 'chat_abc',
    customerId,
    customerName: 'Bench Mark',
    environment: EnvironmentName.custom,
    customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
    cacheStorage: null,
    storage: null,
  });
  // Cold connect: performance.now() counts from the navigation start.
  const connected = sdk.connect().then(() => performance.now(), (e) => { throw new Error(`connect failed: ${e?.message ?? e}`); });

  let thread;
  let inbound = 0; // MessageCreated events from the agent seen by the page listener
  let waiter = null;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function ready() {
    if (thread) return thread;
    await connected;
    thread = await sdk.getThread(threadId);
    thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (event) => {
      if (event.detail?.data?.message?.direction !== 'outbound') return;
      inbound++;
      if (waiter && inbound >= waiter.target) { const w = waiter; waiter = null; w.resolve(performance.now()); }
    });
    await thread.sendTextMessage('hello'); // creates the thread and its contact
    return thread;
  }

  // burst asks the sandbox for n agent messages and resolves with the ms
  // from the request to the n-th one reaching the listener.
  async function burst(n) {
    await ready();
    const target = inbound + n;
    const done = new Promise((resolve, reject) => {
      waiter = { target, resolve };
      setTimeout(() => reject(new Error(`burst: ${inbound - (target - n)} of ${n} arrived`)), 120000);
    });
    const t0 = performance.now();
    const [t1] = await Promise.all([done, askBurst(n)]);
    return t1 - t0;
  }

  function askBurst(n) {
    return fetch(`${base}/sandbox/agent/burst`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ brandId: 1086, channelId: 'chat_abc', customerId, threadId, count: n, text: 'burst' }),
    }).then(async (r) => { if (!r.ok) throw new Error(`burst route: HTTP ${r.status} ${await r.text()}`); });
  }

  // arrivals(n, drop) asks for a burst of n and resolves with the ms until
  // the page's socket has received the n-th frame (pages that count them,
  // burst.html); with drop, the frames stop there, before the SDK's own
  // listener: the browser's and the sandbox's share of a burst.
  async function arrivals(n, drop) {
    await ready();
    const a = window.benchArrivals;
    if (!a) throw new Error('this page does not count socket arrivals');
    a.drop = drop;
    const done = new Promise((resolve, reject) => {
      a.want = a.n + n;
      a.resolve = resolve;
      setTimeout(() => reject(new Error(`arrivals: ${a.n - (a.want - n)} of ${n}`)), 120000);
    });
    const t0 = performance.now();
    try {
      await Promise.all([done, askBurst(n)]);
    } finally {
      a.drop = false;
    }
    return a.last - t0;
  }

  window.bench = {
    connected,
    ready: () => ready().then(() => true),
    // n sequential sends, one every gapMs (both SDKs allow 100 requests
    // per 5 s, so 500 sends are paced); the ms of each round trip.
    async roundTrips(n, gapMs) {
      await ready();
      const times = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const ack = await thread.sendTextMessage(`round trip ${i}`);
        const t1 = performance.now();
        if (ack?.data?.message?.messageContent?.payload?.text !== `round trip ${i}`) throw new Error(`send ${i}: unexpected reply`);
        times.push(t1 - t0);
        window.benchRoundTrips?.push([t0, t1]); // bench/rtsplit.mjs
        const rest = gapMs - (performance.now() - t0);
        if (rest > 0) await sleep(rest);
      }
      return times;
    },
    burst,
    arrivals,
    // n inbound messages in bursts of `chunk`, each awaited.
    async receive(n, chunk) {
      for (let done = 0; done < n; done += chunk) await burst(Math.min(chunk, n - done));
      return inbound;
    },
    // Where the cold connect went: module scripts evaluated, wasm fetched,
    // instantiated (compiled), connect resolved; ms from navigation start.
    phases: async () => {
      const at = await connected;
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return { scriptsRun: window.benchScriptsRun, wasmStart: window.benchWasmStart, wasmFetched: wasm?.responseEnd, wasmReady: window.benchWasmReady, connected: at };
    },
    wasmBytes: () => (window.benchWasmMemory ? window.benchWasmMemory.buffer.byteLength : 0),
  };
  window.benchReady = true;
}
