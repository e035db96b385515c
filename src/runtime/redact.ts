/**
 * The one redaction applied to everything `ecs-lifecycle exec` writes (progress lines and errors, including
 * what came from axios): known secret values are replaced wherever they appear, in any common encoding, and
 * secret-bearing headers and JSON fields are masked whatever their value.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Shorter values are not replaced on their own (it would mangle ordinary text); the patterns below still apply. */
const MIN_SECRET_LENGTH = 4;

const PATTERNS: readonly [RegExp, string][] = [
  // Header lines and header-like key/values (an axios config dump, a curl line, a message).
  [/((?:authorization|x-auth-token|x-security-token|x-subject-token)["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, `$1${REDACTED}`],
  // The signature inside an SDK-HMAC-SHA256 Authorization value.
  [/(Signature=)[0-9a-fA-F]+/g, `$1${REDACTED}`],
  // JSON fields that carry secrets (a request body, an echoed response).
  [/("(?:password|adminpass|admin_pass|secret|secret_key|sk|token|security_token|securitytoken)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`],
];

/** Collects the secret values of one run and removes them, and secret-looking fields, from text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers secret values (undefined and empty ones are ignored). */
  add(...values: readonly (string | undefined)[]): this {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), Buffer.from(value).toString('base64')]) {
        this.secrets.add(form);
      }
    }
    return this;
  }

  /** The text with every registered secret and every secret-bearing field masked. */
  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
  }
}
