/**
 * Canonical URI: every path segment URI-encoded (RFC 3986), always ending in `/` for signing
 * (the request itself is sent without the extra slash).
 */
export function canonicalUri(path: string): string {
  const encoded = path
    .split('/')
    .map((segment) => rfc3986Encode(safeDecode(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone. */
export function rfc3986Encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// A segment that arrives already percent-encoded is signed in its canonical encoding, not double-encoded.
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
