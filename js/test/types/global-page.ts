// A page using the script-tag build's global through `cxone-chat-wasm/global`'s
// types (dist/global.d.ts): CXoneChatWasm holds every export of the module.
import 'cxone-chat-wasm/global';
import type { ChatSdk } from 'cxone-chat-wasm';

globalThis.CXONE_CHAT_WASM_URL = 'https://cdn.example.com/cxone-chat-wasm@0.1.0/cxone-chat.wasm';
const sdk: ChatSdk = new CXoneChatWasm.ChatSdk({
  brandId: 1086, channelId: 'chat_abc', environment: CXoneChatWasm.EnvironmentName.EU1, cacheStorage: null,
});
sdk.onChatEvent(CXoneChatWasm.ChatEvent.MESSAGE_CREATED, (e) => console.log(e.detail.data.message.id));
const same: typeof CXoneChatWasm.ChatSdk = window.CXoneChatWasm.ChatSdk;
void same;
