// Error classes of the reference SDK. Every error this SDK raises is an
// instance of one of them (instanceof works), with the reference's `name`
// and `message`, plus a `code` from a small closed set: invalid-argument,
// timeout, canceled, closed, protocol, server, unauthorized, internal.

const UNKNOWN = 'Unknown error';

/** Base class of the SDK's errors: message `[ChatSDKError]: …`, `data` with details. */
export class ChatSDKError extends Error {
  name = 'ChatSDKError';
  data;
  additionalInfo;
  /** @type {string|undefined} */
  code;

  constructor(error, data) {
    super();
    this.data = data;
    if (typeof error === 'string') {
      this.message = `[${this.name}]: ${error}`;
    } else if (error instanceof Error) {
      this.message = `[${this.name}]: ${error.message}`;
      this.cause = error;
      this.additionalInfo = data;
    } else if (error !== undefined) {
      this.message = `[${this.name}]: ${UNKNOWN}`;
      this.additionalInfo = { _thrownValue: error };
    }
  }
}

/** A message could not be sent; `data.response` is the server's answer. */
export class SendMessageFailedError extends ChatSDKError {
  constructor(message, data) { super(message); this.data = data; }
}
/** Recovering a thread failed or it does not exist. */
export class ThreadRecoverFailedError extends ChatSDKError {
  constructor(message, data) { super(message); this.data = data; }
}
/** An attachment was refused; `data.response` tells the allowed size and types. */
export class UploadAttachmentError extends ChatSDKError {
  constructor(message, data) { super(message); this.data = data; }
}
/** Authorization or token refresh failed. */
export class AuthorizationError extends ChatSDKError {
  constructor(message, data) {
    super(message, data);
    if (data !== undefined && data !== null && data.errorMessage !== undefined) {
      this.message = `${message} because of (${data.errorMessage})`;
    }
  }
}
/** A group chat invitation could not be created. */
export class CreateInvitationFailedError extends ChatSDKError {
  constructor(message, data) { super(message); this.data = data; }
}
/** Joining a group chat failed. */
export class JoinGroupChatFailedError extends ChatSDKError {
  constructor(message, data) { super(message); this.data = data; }
}
/** An email invitation to a group chat could not be sent. */
export class SendEmailInvitationFailedError extends ChatSDKError {
  constructor(message, data) { super(message); this.data = data; }
}
/** The call was aborted (AbortablePromise.abort). */
export class AbortError extends ChatSDKError {
  constructor(message = 'Aborted') { super(message); this.name = 'AbortError'; this.code = 'canceled'; }
}
/** The client's IP address is blocked by the brand. */
export class IpAddressBlockedError extends Error {
  name = 'ipAddressBlocked';
}
/** The gateway no longer accepts this SDK version. */
export class SdkVersionNotSupported extends Error {
  name = 'SdkVersionNotSupported';
  message = 'Please update to the latest ChatSDK version';
}
/** A storage given to CacheStorage is unusable. */
export class CacheStorageError extends Error {
  constructor(message) { super(message); this.name = 'CacheStorageError'; }
}
/** The socket failed or closed. */
export class WebSocketClientError extends Error {
  name = 'WebSocketClientError';
  constructor(message, reason = '') { super(`[WebSocketClientError]: ${message}${reason ? ` (${reason})` : ''}`); }
}
/** The socket died (no heartbeat) and could not be restored. */
export class WebSocketConnectionError extends Error {
  name = 'WebSocketConnectionError';
  constructor(message, reason = '') { super(`[WebSocketConnectionError]: ${message}${reason ? ` (${reason})` : ''}`); }
}

/** True for a ChatSDKError that carries data (the reference's test). */
export function isChatSDKError(error) {
  return error instanceof ChatSDKError && error?.data !== undefined;
}

const withResponse = (Cls) => (w) => new Cls(w.message, w.response === undefined ? undefined : { response: w.response });

// kind (sdk.Error.Kind) → how to build the JS error.
const builders = {
  SendMessageFailedError: withResponse(SendMessageFailedError),
  ThreadRecoverFailedError: withResponse(ThreadRecoverFailedError),
  // data: {response: {allowedFileSize, allowedFileTypes}, fileIndex, fileName, reason} (the core builds it).
  UploadAttachmentError: (w) => new UploadAttachmentError(w.message, w.data ?? (w.response === undefined ? undefined : { response: w.response })),
  CreateInvitationFailedError: (w) => new CreateInvitationFailedError(w.message, w.response),
  JoinGroupChatFailedError: withResponse(JoinGroupChatFailedError),
  SendEmailInvitationFailedError: withResponse(SendEmailInvitationFailedError),
  AuthorizationError: (w) => {
    // The core words the reason in already; the class adds it back itself,
    // as the reference's does, so take it out once.
    const reason = w.response?.error?.errorMessage;
    const suffix = ` because of (${reason})`;
    const message = reason !== undefined && w.message.endsWith(suffix) ? w.message.slice(0, -suffix.length) : w.message;
    return new AuthorizationError(message, w.response?.error);
  },
  AbortError: (w) => new AbortError(w.message),
  IpAddressBlockedError: () => new IpAddressBlockedError('Your IP address is blocked.'),
  SdkVersionNotSupported: () => new SdkVersionNotSupported(),
  WebSocketClientError: (w) => new WebSocketClientError(w.message, w.cause),
  WebSocketConnectionError: (w) => new WebSocketConnectionError(w.message, w.cause),
};

/** @internal Builds the JS error for an error the Go core returned. */
export function fromWire(w) {
  const build = builders[w?.kind];
  const err = build ? build(w) : new ChatSDKError(w?.message ?? UNKNOWN, w?.data ?? (w?.response === undefined ? undefined : { response: w.response }));
  err.code = w?.code ?? 'internal';
  return err;
}

/** @internal A ChatSDKError with a code, for checks made in the shim. */
export function sdkError(message, code = 'invalid-argument') {
  const err = new ChatSDKError(message);
  err.code = code;
  return err;
}
