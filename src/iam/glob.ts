/**
 * Globs whose only metacharacter is `*` (any run of characters, the empty one included), as IAM uses
 * them in actions and resources. Every function is iterative and at most quadratic in the lengths, so
 * no input can exhaust the stack or backtrack exponentially; none allocates, so a gate run can ask
 * millions of them.
 */

/** Whether `glob` matches all of `value`. Greedy with one backtrack point: linear on typical patterns. */
export function globMatches(glob: string, value: string): boolean {
  let g = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g;
      g += 1;
      resume = v;
    } else if (g < glob.length && glob[g] === value[v]) {
      g += 1;
      v += 1;
    } else if (star >= 0) {
      g = star + 1;
      resume += 1;
      v = resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g += 1;
  return g === glob.length;
}

/**
 * Whether every string `inner` matches is matched by `outer` (both globs): exactly when `outer` matches
 * `inner`'s own text, a `*` of `inner` being a character no literal of `outer` equals. (A string of `inner`
 * with a fresh character for each `*` must be matched, and only a `*` of `outer` takes a fresh character;
 * conversely, a `*` of `outer` that takes `inner`'s `*` takes whatever it stands for.) Linear on typical
 * patterns, at most quadratic, like `globMatches`.
 */
export function globCovers(outer: string, inner: string): boolean {
  return globMatches(outer, inner);
}

/**
 * Whether some string matches both globs. With a `*` in each: exactly when one's text before its first `*`
 * starts the other's and one's text after its last `*` ends the other's (the longer head, then every middle
 * part of both, then the longer tail is such a string). Otherwise: whether the glob matches the plain text.
 */
export function globsIntersect(a: string, b: string): boolean {
  const [aStar, bStar] = [a.indexOf('*'), b.indexOf('*')];
  if (aStar < 0) return bStar < 0 ? a === b : globMatches(b, a);
  if (bStar < 0) return globMatches(a, b);
  const [aHead, bHead] = [a.slice(0, aStar), b.slice(0, bStar)];
  const [aTail, bTail] = [a.slice(a.lastIndexOf('*') + 1), b.slice(b.lastIndexOf('*') + 1)];
  return (
    (aHead.length <= bHead.length ? bHead.startsWith(aHead) : aHead.startsWith(bHead)) &&
    (aTail.length <= bTail.length ? bTail.endsWith(aTail) : aTail.endsWith(bTail))
  );
}
