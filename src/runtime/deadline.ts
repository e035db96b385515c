/**
 * The point in time by which an operation must have reached its end state. Every request timeout, retry
 * wait and poll sleep is clamped to it, so `--timeout` bounds the whole command.
 */
export class Deadline {
  private readonly startedAt: number;

  /**
   * @param timeoutMs how long the operation may take
   * @param now the clock @default Date.now
   */
  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Milliseconds since the operation started. */
  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** Milliseconds left; 0 once passed. */
  remainingMs(): number {
    return Math.max(0, this.timeoutMs - this.elapsedMs());
  }

  /** Whether the deadline has passed. */
  expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** Sleeps `ms`, or until the deadline if that is sooner; resolves to whether the full sleep fitted. */
  async sleep(ms: number): Promise<boolean> {
    const fits = ms < this.remainingMs();
    await new Promise((resolve) => setTimeout(resolve, fits ? ms : this.remainingMs()));
    return fits;
  }
}
