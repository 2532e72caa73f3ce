// The reference's free helper functions: browser facts, custom-field
// conversions, payload builders and the group-chat calls. Each group-chat
// call sends one chat event over the SDK's connection (sendChatEvent) and
// checks the answer's type, as the reference does.
import { ChatEvent } from './constants.js';
import { CreateInvitationFailedError, JoinGroupChatFailedError, SendEmailInvitationFailedError, isChatSDKError } from './errors.js';
import { sendChatEvent } from './sdk.js';

/** The browser's language (navigator.language). */
export const getBrowserLanguage = () => navigator.language;

/** The browser's time zone, e.g. Europe/Prague. */
export const getBrowserLocation = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** 'mobile' and 'tablet' are kept; anything else is 'desktop'. */
export function getDeviceType(deviceType) {
  return deviceType === 'mobile' || deviceType === 'tablet' ? deviceType : 'desktop';
}

/** A language tag cleaned up and made canonical: 'en_us' → 'en-US'. */
export function getValidLanguage(language) {
  const cleaned = String(language).replace(/_/g, '-').split(/[^a-z0-9-]/i)[0];
  try {
    return Intl.getCanonicalLocales(cleaned)[0];
  } catch {
    return 'en-US';
  }
}

// Browser and OS from the user agent: the common cases, newest first.
const browsers = [[/Edg\/([\d.]+)/, 'Edge'], [/OPR\/([\d.]+)/, 'Opera'], [/Firefox\/([\d.]+)/, 'Firefox'],
  [/Chrome\/([\d.]+)/, 'Chrome'], [/Version\/([\d.]+).*Safari/, 'Safari']];
const systems = [[/Windows NT ([\d.]+)/, 'Windows'], [/Android ([\d.]+)/, 'Android'], [/(?:iPhone|iPad).*OS ([\d_]+)/, 'iOS'],
  [/Mac OS X ([\d_]+)/, 'Mac OS'], [/CrOS/, 'Chrome OS'], [/Linux/, 'Linux']];

function match(table, ua) {
  for (const [re, name] of table) {
    const m = ua.match(re);
    if (m) return [name, m[1] ? m[1].replace(/_/g, '.') : null];
  }
  return [null, null];
}

/** What the SDK tells the server about the browser (browserFingerprint on messages). */
export function getBrowserFingerprint(options = {}) {
  const ua = navigator.userAgent;
  const [browser, browserVersion] = match(browsers, ua);
  const [os, osVersion] = match(systems, ua);
  const device = /iPad|Tablet/.test(ua) ? 'tablet' : /Mobi|iPhone|Android/.test(ua) ? 'mobile' : undefined;
  const { country = '', location = getBrowserLocation(), language = getBrowserLanguage(), ip = null } = options;
  return {
    browser, browserVersion, country, ip, language, location, os, osVersion,
    deviceType: getDeviceType(device), applicationType: 'browser',
  };
}

/** Who wrote a message: the customer's full name, or the agent's first name and surname. */
export function getAuthor(message) {
  return message.direction === 'inbound'
    ? message.authorEndUserIdentity?.fullName ?? ''
    : `${message.authorUser?.firstName ?? ''} ${message.authorUser?.surname ?? ''}`.trim();
}

/** Custom fields (a Map or an {ident: value} object) → [{ident, value}]. */
export function getCustomFieldsArray(fields) {
  const entries = fields instanceof Map ? [...fields] : Object.entries(fields ?? {});
  return entries.map(([ident, value]) => ({ ident, value }));
}

/** [{ident, value}] → {ident: value}. */
export function getCustomFieldsFromArray(fields) {
  return Object.fromEntries((fields ?? []).map((f) => [f.ident, f.value]));
}

/** The ReconnectConsumer event payload for sendChatEvent. */
export function createReconnectPayloadData(accessToken, visitorId) {
  return { eventType: 'ReconnectConsumer', visitor: { id: visitorId }, data: { accessToken: { token: accessToken.token } } };
}

let unloading = false;
const onUnload = () => { unloading = true; window.removeEventListener('beforeunload', onUnload); };

/** True once the page has started to unload (after registerWindowUnload). */
export const isWindowClosing = () => unloading;

/** Starts watching for the page unloading (see isWindowClosing). */
export function registerWindowUnload() {
  if (!unloading) window.addEventListener('beforeunload', onUnload);
}

// ---- group chat ----

export const createCreateInvitationToGroupChatPayloadData = (contactId) =>
  ({ eventType: 'CreateInvitationToGroupChat', data: { contact: { id: contactId } } });

export const createSendEmailInvitationToGroupChatPayloadData = (contactId, invitationCode, email) => ({
  eventType: 'SendEmailInvitationToGroupChat',
  data: { contact: { id: contactId }, invitation: { code: invitationCode }, recipients: [{ idOnExternalPlatform: email }] },
});

export const createJoinGroupChatPayloadData = (code) => ({ eventType: 'JoinGroupChat', data: { invitation: { code } } });

export const createLeaveGroupChatPayloadData = (contactId) => ({ eventType: 'LeaveGroupChat', data: { contact: { id: contactId } } });

/** Resolves the InvitationToGroupChatCreated event (its data.invitation.code), else CreateInvitationFailedError. */
export async function sendCreateInvitationToGroupChatEvent(payloadData, websocketClient) {
  const response = await sendChatEvent(payloadData, websocketClient);
  if (response?.type === ChatEvent.GROUP_CHAT_INVITE_CREATED) return response;
  throw new CreateInvitationFailedError('Create invitation failed', response);
}

/** Resolves the EmailInvitationToGroupChatSent event, else SendEmailInvitationFailedError. */
export async function sendEmailInvitationToGroupChatEvent(payloadData, websocketClient) {
  const response = await sendChatEvent(payloadData, websocketClient);
  if (response?.type === ChatEvent.GROUP_CHAT_INVITE_SENT) return response;
  throw new SendEmailInvitationFailedError('Send email invitation failed', { response });
}

/** Resolves the GroupChatJoined event, else JoinGroupChatFailedError. */
export async function sendJoinGroupChatEvent(payloadData, websocketClient) {
  const response = await sendChatEvent(payloadData, websocketClient);
  if (response?.type === ChatEvent.GROUP_CHAT_JOINED) return response;
  throw new JoinGroupChatFailedError('Join Group chat failed', { response });
}

/** Sends LeaveGroupChat and resolves the answer, whatever it is (as the reference). */
export const sendLeaveGroupChatEvent = (payloadData, websocketClient) => sendChatEvent(payloadData, websocketClient);

export const isJoinGroupChatFailedError = (error) => error instanceof JoinGroupChatFailedError && isChatSDKError(error);
