import { randomBytes } from 'node:crypto';

/** Tokens valid for 24 hours, like OTC IAM tokens (ecs-api.md §4). */
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The tokens the emulator accepts: the ones it issued (until they expire) and the fixed ones from the options. */
export class TokenStore {
  private readonly issued = new Map<string, number>();

  constructor(private readonly fixed: readonly string[]) {}

  /** Issues a new token; random, so a token cannot be guessed from another. */
  issue(now: Date): { readonly token: string; readonly expiresAt: Date } {
    const token = `MIIemulator${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
    this.issued.set(token, expiresAt.getTime());
    return { token, expiresAt };
  }

  isValid(token: string, now: Date): boolean {
    if (this.fixed.includes(token)) return true;
    const expires = this.issued.get(token);
    return expires !== undefined && now.getTime() < expires;
  }
}
