// The loading scenario, shared by first-ours.html and first-ref.html: what a
// visitor who starts chatting at once waits for. connect() at load; once it
// resolves, one message; the sandbox's scripted agent (started with a zero
// delay by bench/loading.mjs) answers it. Times count from the navigation.
export function start(ChatSdk, { ChatEvent, EnvironmentName }) {
  const base = location.origin;
  const sdk = new ChatSdk({
    brandId: 1086,
    channelId: 'chat_abc',
    customerId: crypto.randomUUID(),
    customerName: 'Load Bench',
    environment: EnvironmentName.custom,
    customEnvironment: { name: 'sandbox', chat: base, gateway: base.replace(/^http/, 'ws') + '/gw', authorize: base + '/auth' },
    cacheStorage: null,
    storage: null,
  });
  window.benchLoading = (async () => {
    const t = { scriptsRun: performance.now() };
    await sdk.connect();
    t.connected = performance.now();
    const thread = await sdk.getThread(`first-${crypto.randomUUID()}`);
    const answer = new Promise((resolve) => thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (event) => {
      if (event.detail?.data?.message?.direction === 'outbound') resolve(performance.now());
    }));
    await thread.sendTextMessage('hello');
    t.firstAgentMessage = await answer;
    return t;
  })().catch((e) => ({ error: String(e?.message ?? e) }));
}
