/**
 * A bound on the work of one comparison, counted in steps (a group of entries looked at, a Resource
 * compared, a situation of a Condition evaluated) rather than in time, so the same inputs always get
 * the same report. Past the bound, `charge` throws `WorkBoundReached`; the caller then gives the entry
 * being judged, and every later one, the verdict that is safe without judging (see `broadening.ts`).
 */
export class WorkBudget {
  private spent = 0;

  /** @param limit steps allowed in all; `Infinity` for no bound */
  constructor(readonly limit: number) {}

  /** Counts `steps` more. @throws WorkBoundReached past the limit */
  charge(steps: number): void {
    this.spent += steps;
    if (this.spent > this.limit) throw new WorkBoundReached(this.limit);
  }

  /** Whether the bound was reached. */
  get reached(): boolean {
    return this.spent > this.limit;
  }
}

/** Thrown when a comparison has spent its work bound. */
export class WorkBoundReached extends Error {
  override readonly name = 'WorkBoundReached';
  constructor(readonly limit: number) {
    super(`the gate's work bound of ${limit.toLocaleString('en-US')} steps was reached`);
  }
}

/** No bound: for callers that judge one small question. */
export const UNBOUNDED = new WorkBudget(Number.POSITIVE_INFINITY);
