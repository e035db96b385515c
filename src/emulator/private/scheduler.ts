/** Timers the emulator owns, so `close()` can cancel every pending transition and delay. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms` milliseconds, unless cancelled first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    // A pending transition alone must not keep a process alive; the HTTP server does that while it runs.
    timer.unref();
    this.timers.add(timer);
  }

  /** Runs the steps one after another, each after its own wait. */
  steps(steps: readonly (readonly [ms: number, fn: () => void])[]): void {
    const [first, ...rest] = steps;
    if (!first) return;
    this.after(first[0], () => {
      first[1]();
      this.steps(rest);
    });
  }

  /** Resolves after `ms` milliseconds (or never, if cancelled: the request it held is gone with the server). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
