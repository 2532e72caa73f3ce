// The socket URL the core will build, computed in JavaScript so that
// connect() can open the socket while the wasm is still downloading
// (js/socket.js openEarly). This is a guess, never an authority: the core
// builds its own URL (sdk/options.go socketURL) and takes the early socket
// over only when the two are equal byte for byte; otherwise the early socket
// is closed unused. So a rule here that drifts from the core's costs one
// wasted socket, never a socket to the wrong place. js/test/early.test.mjs
// checks that the two agree for every region, custom environments, query
// options and the three ways a customer id is found.
//
// Only what is known before the runtime starts is guessed: a secured
// session's URL carries a transaction token the core asks the authorize
// service for, so those sessions open their socket from the core.

// The reference API level the core reports (sdk.Version).
const SDK_VERSION = '3.3.0';

// Region → DNS suffix, as sdk/environments.go regionDNS.
const REGION_DNS = {
  AE1: 'nicecxone.com', AU1: 'niceincontact.com', AU2: 'nicecxone-sov1.au', CA1: 'niceincontact.com',
  EU1: 'niceincontact.com', EU2: 'nicecxone-sov1.eu', JO1: 'nicecxone.com', JP1: 'niceincontact.com',
  KR1: 'nicecxone.com', NA1: 'niceincontact.com', NA2: 'nicecxone-gov.com', UK1: 'niceincontact.com',
  UK2: 'nicecxone-sov1.uk', ZA1: 'nicecxone.com',
};

// Where the core keeps a generated customer id (sdk/customer.go customerKey)
// and the visitor id (sdk/ids.go visitorKey).
export const customerKey = (brandId, channelId) => `cxone-chat-wasm:${brandId}:${channelId}:customerId`;
export const visitorKey = 'visitorId';

// A query component as Go's url.QueryEscape writes it: letters, digits and
// -_.~ stay, a space is +, every other UTF-8 byte %XX. Throws on a lone
// surrogate (encodeURIComponent's URIError): no guess then.
function queryEscape(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

// A value as the core reads it from the options' JSON text: a string as it
// is, a finite number in JSON's (ES6) form; undefined when the value is left
// out of the JSON (undefined, a function); null for anything else, which
// the guess does not try.
function scalar(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v === undefined || typeof v === 'function') return undefined;
  return null;
}

/**
 * The brand id as the core reads it (wasm/options.go parseBrand: the
 * option's JSON text, a base-10 integer above 0), or undefined.
 */
export function brandOf(b) {
  const s = scalar(b);
  if (typeof s !== 'string' || !/^\+?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * The gateway URL the core would dial first for these options, the customer
 * id and the visitor id; undefined when it cannot be known here.
 */
export function socketURL(o, customerId, visitorId) {
  if (o.securedSession != null) return undefined;
  const env = o.environment ?? 'NA1';
  let gateway;
  if (env === 'custom') gateway = o.customEnvironment?.gateway;
  else if (Object.hasOwn(REGION_DNS, env)) gateway = `wss://chat-gw-de-${env.toLowerCase()}.${REGION_DNS[env]}`;
  // Scheme, authority and path of a plain ASCII URL; anything fancier is
  // left to the core.
  const m = typeof gateway === 'string' && /^(wss?|https?):\/\/([A-Za-z0-9.:[\]-]+)(\/[!$&'()*+,;=:@%A-Za-z0-9._~/-]*)?(?:[?#][\x21-\x7e]*)?$/i.exec(gateway);
  if (!m) return undefined;
  const brand = brandOf(o.brandId);
  if (brand === undefined || typeof o.channelId !== 'string' || o.channelId === '') return undefined;
  const pairs = [];
  const extra = o.networkRequestMetadata?.websocketQuery;
  if (extra != null) {
    if (typeof extra !== 'object' || Array.isArray(extra)) return undefined;
    for (const [k, v] of Object.entries(extra)) {
      const s = scalar(v);
      if (s === null) return undefined;
      if (s !== undefined) pairs.push([k, s]);
    }
  }
  const version = scalar(o.appVersion);
  if (version === null) return undefined;
  pairs.push(['v', version || '0'], ['sdkPlatform', 'web'], ['sdkVersion', SDK_VERSION],
    ['brandId', String(brand)], ['channelId', o.channelId], ['customerId', customerId], ['visitorId', visitorId]);
  try {
    return `${m[1].toLowerCase()}://${m[2]}${m[3] ?? ''}?${pairs.map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`).join('&')}`;
  } catch {
    return undefined;
  }
}
