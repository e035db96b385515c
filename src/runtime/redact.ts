/**
 * The one redaction applied to everything `ecs-lifecycle exec` writes (progress lines and errors, including
 * what came from axios): known secret values are replaced wherever they appear, in any common encoding, and
 * secret-bearing headers and JSON fields are masked whatever their value. Text is redacted whole, before it is
 * cut to an excerpt; an excerpt then loses any piece of a secret left at its edges.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Shorter values are not replaced on their own (it would mangle ordinary text); the patterns below still apply.
 * It is also the shortest piece of a secret removed from the edge of an excerpt.
 */
const MIN_SECRET_LENGTH = 4;

/** Field names that carry secrets, in a header, a JSON body or a query string. */
const SECRET_FIELDS = 'password|adminpass|admin_pass|secret|secret_key|sk|token|security_token|securitytoken|x-auth-token|x-security-token|x-subject-token';

const PATTERNS: readonly [RegExp, string][] = [
  // Header lines and header-like key/values (an axios config dump, a curl line, a message).
  [/((?:authorization|x-auth-token|x-security-token|x-subject-token)["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, `$1${REDACTED}`],
  // The signature inside an SDK-HMAC-SHA256 Authorization value.
  [/(Signature=)[0-9a-fA-F]+/g, `$1${REDACTED}`],
  // JSON fields that carry secrets (a request body, an echoed response).
  [new RegExp(`("(?:${SECRET_FIELDS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1${REDACTED}"`],
  // The same fields in JSON that is itself inside a JSON string (`\"adminpass\":\"…\"`): an escaped quote of
  // the inner string is `\\\"` there, an escaped backslash `\\\\`.
  [new RegExp(`(\\\\"(?:${SECRET_FIELDS})\\\\"\\s*:\\s*\\\\")(?:[^"\\\\]|\\\\\\\\\\\\\\\\|\\\\\\\\\\\\"|\\\\[^"\\\\])*\\\\"`, 'gi'), `$1${REDACTED}\\"`],
  // Query strings and form bodies (`?token=…&`).
  [new RegExp(`((?:^|[?&;\\s])(?:${SECRET_FIELDS})=)[^&;\\s"'<>]*`, 'gim'), `$1${REDACTED}`],
];

/** Collects the secret values of one run and removes them, and secret-looking fields, from text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers secret values (undefined and empty ones are ignored). */
  add(...values: readonly (string | undefined)[]): this {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      for (const form of encodedForms(value)) this.secrets.add(form);
    }
    return this;
  }

  /** The text with every registered secret and every secret-bearing field masked. */
  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of this.byLength()) {
      result = result.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
  }

  /**
   * A short excerpt of `text`: redacted first, then cut to about `maxLength` characters (plus `…`; a mask the cut
   * falls in is kept whole), then stripped of a piece of a secret (4 characters or more) at either edge, such as
   * the start of a secret that the sender left unfinished.
   */
  excerpt(text: string, maxLength: number): string {
    const redacted = this.redact(text);
    if (redacted.length <= maxLength) return this.trimPartialSecrets(redacted);
    // A cut through a mask keeps the whole mask, so the reader sees that a secret was there.
    const mask = redacted.indexOf(REDACTED, Math.max(0, maxLength - REDACTED.length + 1));
    const end = mask >= 0 && mask < maxLength ? mask + REDACTED.length : maxLength;
    return `${this.trimPartialSecrets(redacted.slice(0, end))}…`;
  }

  private trimPartialSecrets(text: string): string {
    let result = text;
    for (const secret of this.byLength()) {
      for (let length = Math.min(secret.length - 1, result.length); length >= MIN_SECRET_LENGTH; length -= 1) {
        if (result.endsWith(secret.slice(0, length))) {
          result = `${result.slice(0, result.length - length)}${REDACTED}`;
          break;
        }
      }
      for (let length = Math.min(secret.length - 1, result.length); length >= MIN_SECRET_LENGTH; length -= 1) {
        if (result.startsWith(secret.slice(secret.length - length))) {
          result = `${REDACTED}${result.slice(length)}`;
          break;
        }
      }
    }
    return result;
  }

  private byLength(): string[] {
    return [...this.secrets].sort((a, b) => b.length - a.length);
  }
}

/**
 * The forms a secret takes in text: raw, JSON-escaped, URL-encoded (both `%20` and `+` for a space), and base64
 * (standard and URL-safe) at each of the three alignments it can have inside a longer base64 text, such as
 * `user:password` in a Basic header. Of an aligned form only the characters that depend on the secret alone count.
 */
function encodedForms(value: string): string[] {
  const forms = [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), encodeURIComponent(value).replace(/%20/g, '+')];
  const bytes = Buffer.from(value);
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters wholly inside the secret's bits: from bit 8·offset to bit 8·(offset + length).
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    if (core.length >= MIN_SECRET_LENGTH) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // A whole base64 value, padding included.
  forms.push(bytes.toString('base64'));
  return [...new Set(forms)];
}
