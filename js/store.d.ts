// Types of cxone-chat-wasm/store (js/store.js): the message list of one thread.

/** The send status of the customer's own messages. */
export type EntryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One line of the message list. Entries are immutable; a changed one is replaced. */
export interface Entry {
  /** 'message' (from the server or pending), 'stream' (a streamed reply), 'system' (a system line). */
  kind: 'message' | 'stream' | 'system';
  /** idOnExternalPlatform, else the server id; `system:<id>` for system lines. */
  key: string;
  /** The server's message id, once known. */
  id?: string;
  /** 'inbound' (the customer's), 'outbound' (the agent's or a bot's), 'system' (a system line). */
  direction: 'inbound' | 'outbound' | 'system';
  /** Only for the customer's own (inbound) messages. */
  status?: EntryStatus;
  /** Why a failed send failed. */
  error?: unknown;
  /** Milliseconds since the epoch (server time once confirmed). */
  time: number;
  /** True once the server has the message. */
  confirmed: boolean;
  /** The wire Message (merged from every copy seen); undefined for system lines. */
  message?: any;
  /** The text of a stream so far, or a system line's text. */
  text?: string;
  /** A stream still receiving deltas. */
  streaming: boolean;
  /** A stream that ended early. */
  failed?: boolean;
  /** First seen in recovered or older history (a renderer does not announce it). */
  history: boolean;
}

/** What a subscriber is told after every change. */
export interface StoreChange {
  /** Every entry, in display order. */
  entries: Entry[];
  /** Keys that changed. */
  changed: string[];
  /** The change added older history: keep the scroll position. */
  older: boolean;
}

/** A message the customer is about to send, shown as pending (addPending). */
export interface Draft {
  /** The id passed to the SDK's send (`{ messageId }`), which its acknowledgement and pushes carry. */
  messageId: string;
  /** The text being sent. */
  text?: string;
  /** The files being sent. */
  attachments?: {
    /** The file's name as shown. */
    friendlyName: string;
    /** Where it can be shown from (e.g. an object URL), if anywhere. */
    url?: string;
    /** Its MIME type. */
    mimeType?: string;
  }[];
  /** The postback of a quick reply or list picker choice. */
  postback?: string;
}

/**
 * The messages of one thread in display order, every copy of a message merged
 * into one entry (by idOnExternalPlatform, else id).
 *
 * @example
 * const store = new MessageStore();
 * store.subscribe(({ entries }) => render(entries));
 * thread.onThreadEvent('MessageCreated', (e) => store.handleEvent(e.detail));
 * const messageId = crypto.randomUUID();
 * store.addPending({ messageId, text: 'hi' });
 * thread.sendTextMessage('hi', { messageId }).then((ack) => store.handleEvent(ack), (err) => store.markFailed(messageId, err));
 */
export class MessageStore {
  /** True when older messages remain (set by addHistory). */
  hasMore: boolean;
  /** The entries in display order: confirmed by server time, then pending/failed in send order. */
  readonly entries: Entry[];
  /** The entry of a key, or of a server message id; undefined when there is none. */
  get(key: string): Entry | undefined;
  /** Calls listener after every change; returns the function that unsubscribes it. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /** Merges a chat event detail ({type, data: {message}}) or a send's acknowledgement. */
  handleEvent(detail: unknown): string | undefined;
  /** Adds a page of recovered or older messages, in any order. */
  addHistory(messages: unknown[], options?: { hasMore?: boolean; older?: boolean }): string[];
  /** Shows a message about to be sent as pending; pass the same messageId to the SDK. */
  addPending(draft: Draft): string;
  /** Marks a pending send failed (not one the server already has), keeping why. */
  markFailed(messageId: string, error?: unknown): void;
  /** failed → pending; returns the draft to send again (same messageId). */
  retry(messageId: string): Required<Pick<Draft, 'messageId' | 'text'>> & Draft | undefined;
  /** Removes the entry of a key or server message id. */
  remove(key: string): void;
  /**
   * Streamed reply events (StreamedMessageStarted/Delta/Completed/Failed): the
   * detail and the event's name (`event.type`; the details carry no type).
   */
  handleStream(detail: unknown, type?: string): string | undefined;
  /** Adds (or replaces) a system line, keyed `system:<id>`; returns its key. Throws a TypeError without an id. */
  addSystem(line: { id: string; text: string; time?: number | string; history?: boolean }): string;
  /** Removes every entry and resets hasMore. */
  clear(): void;
}

/** A message's time in ms (createdAtWithMilliseconds, else createdAt); NaN without one. */
export function messageTime(message: unknown): number;
/** 'read', 'delivered' or 'sent', from the message's own fields. */
export function wireStatus(message: unknown): 'read' | 'delivered' | 'sent';
/** Payload text, the rich content's text, else fallbackText. Never HTML. */
export function messageText(message: unknown): string;
/** The agent's or customer's display name. */
export function authorName(message: unknown): string;
