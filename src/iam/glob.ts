/**
 * Globs whose only metacharacter is `*` (any run of characters, the empty one included), as IAM uses
 * them in actions and resources. Every function is iterative and at most quadratic in the lengths, so
 * no input can exhaust the stack or backtrack exponentially.
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
 * Whether every string `inner` matches is matched by `outer` (both globs). Decided by matching `outer`
 * against `inner`'s text, where a `*` of `inner` may only be absorbed by a `*` of `outer`.
 */
export function globCovers(outer: string, inner: string): boolean {
  return remembered(COVERS, outer, inner, computeCovers);
}

function computeCovers(outer: string, inner: string): boolean {
  // reach[i]: outer[0..oi) can produce inner[0..i).
  let reach = new Uint8Array(inner.length + 1);
  reach[0] = 1;
  for (let oi = 0; oi < outer.length; oi += 1) {
    const next = new Uint8Array(inner.length + 1);
    if (outer[oi] === '*') {
      let carried = 0;
      for (let i = 0; i <= inner.length; i += 1) {
        carried = carried || reach[i];
        next[i] = carried;
      }
    } else {
      for (let i = 0; i < inner.length; i += 1) {
        if (reach[i] && inner[i] !== '*' && inner[i] === outer[oi]) next[i + 1] = 1;
      }
    }
    reach = next;
  }
  return reach[inner.length] === 1;
}

/** Whether some string matches both globs. */
export function globsIntersect(a: string, b: string): boolean {
  return remembered(INTERSECTS, a, b, computeIntersects);
}

function computeIntersects(a: string, b: string): boolean {
  // meet[i][j]: some string is produced by both a[0..i) and b[0..j); one row at a time.
  const width = b.length + 1;
  let row = new Uint8Array(width);
  row[0] = 1;
  for (let j = 0; j < b.length && b[j] === '*'; j += 1) row[j + 1] = 1;
  for (let i = 1; i <= a.length; i += 1) {
    const next = new Uint8Array(width);
    const ac = a[i - 1];
    for (let j = 0; j <= b.length; j += 1) {
      const bc = j > 0 ? b[j - 1] : undefined;
      let value = 0;
      if (ac === '*') value = row[j] || (j > 0 && next[j - 1]) ? 1 : 0;
      if (!value && bc === '*') value = next[j - 1] || row[j] ? 1 : 0;
      if (!value && j > 0 && ac !== '*' && bc !== '*' && ac === bc) value = row[j - 1];
      if (!value && ac === '*' && bc === '*') value = row[j - 1];
      next[j] = value;
    }
    row = next;
  }
  return row[b.length] === 1;
}

// A gate run asks about the same few Resource patterns again and again (every entry of a statement shares
// them): each pair is decided once. Bounded, so no input can make the memory grow without limit.
const COVERS = new Map<string, Map<string, boolean>>();
const INTERSECTS = new Map<string, Map<string, boolean>>();
const MAX_REMEMBERED = 100_000;
let rememberedCount = 0;

function remembered(memo: Map<string, Map<string, boolean>>, a: string, b: string, compute: (a: string, b: string) => boolean): boolean {
  let row = memo.get(a);
  const known = row?.get(b);
  if (known !== undefined) return known;
  const value = compute(a, b);
  if (rememberedCount >= MAX_REMEMBERED) {
    COVERS.clear();
    INTERSECTS.clear();
    rememberedCount = 0;
    row = undefined;
  }
  if (!row) memo.set(a, (row = new Map()));
  row.set(b, value);
  rememberedCount += 1;
  return value;
}
