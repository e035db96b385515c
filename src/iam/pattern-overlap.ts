/**
 * Whether two action patterns (either may hold `*`) match at least one action in common, with the
 * cloud's rules: the service compared as written, resource type and action case-insensitively.
 * The counterpart of `patternCovers`: used to decide whether a Deny reaches an Allow.
 */
export function patternsOverlap(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  const x = a.split(':');
  const y = b.split(':');
  if (x.length !== 3 || y.length !== 3) return false;
  return globsIntersect(x[0], y[0]) && globsIntersect(x[1].toLowerCase(), y[1].toLowerCase())
    && globsIntersect(x[2].toLowerCase(), y[2].toLowerCase());
}

// Two globs whose only metacharacter is `*` intersect when some string matches both. Built from the
// left: a `*` may stop (match nothing more) or take the other glob's next symbol; a `*` that takes the
// other's `*` leaves that one free to match nothing.
function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === '*') result = from(i + 1, j) || (j < b.length && from(i, j + 1));
    else if (b[j] === '*') result = from(i, j + 1) || (i < a.length && from(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && from(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return from(0, 0);
}
