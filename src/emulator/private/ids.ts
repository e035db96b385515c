/** Deterministic ids: a fresh emulator hands out the same ids in the same order, which keeps tests and demos repeatable. */
export class IdGenerator {
  private readonly counters = new Map<string, number>();

  /** A 32-hex-digit id, like OTC job ids and request ids. */
  hex32(kind: string, prefix: string): string {
    return `${prefix}${this.next(kind)
      .toString(16)
      .padStart(32 - prefix.length, '0')}`;
  }

  /** A UUID-shaped id, like Nova server group ids. */
  uuid(kind: string, prefix: string): string {
    return `${prefix}-0000-4000-8000-${this.next(kind).toString(16).padStart(12, '0')}`;
  }

  private next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }
}
