// Small helper functions the reference exports.

/** Splits a full name at its first space: [first word, the rest]. */
export function splitName(name) {
  const [first, ...rest] = name.split(' ');
  return [first, rest.join(' ')];
}

/** A new random id (uuid v4). */
export function generateId() {
  return crypto.randomUUID();
}
