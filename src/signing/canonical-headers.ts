/** Header names and values as they are signed: lower-case names, trimmed values, sorted by name. */
export interface CanonicalHeaders {
  /** `name:value\n` for each signed header. */
  readonly canonical: string;
  /** The signed header names joined by `;`. */
  readonly signedHeaders: string;
}

/** Builds the canonical headers from the headers chosen for signing. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): CanonicalHeaders {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    canonical: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders: entries.map(([name]) => name).join(';'),
  };
}
