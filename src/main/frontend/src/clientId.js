/** The client ids the server accepts (see docs/api.md). */
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidClientId(id) {
  return CLIENT_ID.test(id);
}

/** A fresh id; getRandomValues, unlike randomUUID, also works on a plain-http page. */
export function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `client-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The page's ?client= when it is a valid id, else a fresh one. */
export function clientIdFrom(location) {
  const asked = new URL(location).searchParams.get('client');
  return asked !== null && isValidClientId(asked) ? asked : newClientId();
}

/** The same page for another client id, as a URL to put in the address bar. */
export function urlFor(location, clientId) {
  const url = new URL(location);
  url.searchParams.set('client', clientId);
  return url.href;
}

/** The page's ?token=: a poll token for the client id it was opened with, or undefined. */
export function pollTokenFrom(location) {
  return new URL(location).searchParams.get('token') || undefined;
}

/**
 * Whether the page asks for acknowledged delivery: yes, unless opened with ?delivery=plain, which
 * makes it poll as the reference design's client does (each message leaves Redis when taken).
 */
export function acknowledgesFrom(location) {
  return new URL(location).searchParams.get('delivery') !== 'plain';
}
