/**
 * Action patterns (`service:resourceType:action`, `*` for all or part of a segment, or `*` alone),
 * compiled once: the service compared as written, resource type and action case-insensitively.
 */
import { globCovers, globMatches, globsIntersect } from './glob';

/** A compiled action pattern. */
export interface ActionPattern {
  readonly text: string;
  /** The service as written; `*` for the pattern `*`. */
  readonly service: string;
  /** The three segments, resource type and action lower-cased; undefined when the text is not three segments. */
  readonly segments?: readonly [string, string, string];
  /** Whether it holds a `*`. */
  readonly wildcard: boolean;
  /** Whether it matches every action. */
  readonly all: boolean;
  /** The canonical form: equal for patterns that match the same actions by spelling. */
  readonly key: string;
}

const compiled = new Map<string, ActionPattern>();
const CACHE_LIMIT = 100_000;

/** Compiles a pattern, once per distinct text. */
export function actionPattern(text: string): ActionPattern {
  let pattern = compiled.get(text);
  if (pattern) return pattern;
  const parts = text.split(':');
  const segments = parts.length === 3 ? ([parts[0], parts[1].toLowerCase(), parts[2].toLowerCase()] as const) : undefined;
  const all = text === '*' || (segments !== undefined && segments.every((s) => /^\*+$/.test(s)));
  pattern = {
    text,
    service: segments ? segments[0] : text,
    segments,
    wildcard: text.includes('*'),
    all,
    key: all ? '*' : segments ? segments.join(':') : text,
  };
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(text, pattern);
  return pattern;
}

/** Whether a pattern matches a concrete action. */
export function patternMatches(pattern: ActionPattern, action: ActionPattern): boolean {
  if (pattern.all) return true;
  if (!pattern.segments || !action.segments) return false;
  return pattern.segments.every((segment, i) => globMatches(segment, action.segments![i]));
}

/** Whether every action `inner` matches, `outer` matches too. */
export function patternContains(outer: ActionPattern, inner: ActionPattern): boolean {
  return pairAnswer(CONTAINS, outer, inner, containsNow);
}

function containsNow(outer: ActionPattern, inner: ActionPattern): boolean {
  if (outer.all) return true;
  if (inner.all || !outer.segments || !inner.segments) return false;
  return outer.segments.every((segment, i) => globCovers(segment, inner.segments![i]));
}

/** Whether some action matches both. */
export function patternsMeet(a: ActionPattern, b: ActionPattern): boolean {
  return pairAnswer(MEET, a, b, meetNow);
}

function meetNow(a: ActionPattern, b: ActionPattern): boolean {
  if (a.all || b.all) return true;
  if (!a.segments || !b.segments) return false;
  return a.segments.every((segment, i) => globsIntersect(segment, b.segments![i]));
}

/**
 * A pattern matching exactly the actions both match, when one exists segment by segment (one segment
 * of each pair covers the other); undefined otherwise.
 */
export function patternIntersection(a: ActionPattern, b: ActionPattern): ActionPattern | undefined {
  if (a.all) return b;
  if (b.all) return a;
  if (!a.segments || !b.segments) return undefined;
  const segments: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const [x, y] = [a.segments[i], b.segments[i]];
    if (globCovers(x, y)) segments.push(y);
    else if (globCovers(y, x)) segments.push(x);
    else return undefined;
  }
  return actionPattern(segments.join(':'));
}

// The gate asks about the same pairs of compiled patterns many times (every Resource of a statement
// repeats its actions): each pair is decided once, per pair of pattern objects.
const CONTAINS = new WeakMap<ActionPattern, Map<ActionPattern, boolean>>();
const MEET = new WeakMap<ActionPattern, Map<ActionPattern, boolean>>();

function pairAnswer(
  memo: WeakMap<ActionPattern, Map<ActionPattern, boolean>>,
  a: ActionPattern,
  b: ActionPattern,
  decide: (a: ActionPattern, b: ActionPattern) => boolean,
): boolean {
  let row = memo.get(a);
  if (!row) memo.set(a, (row = new Map()));
  let answer = row.get(b);
  if (answer === undefined) {
    if (row.size >= CACHE_LIMIT) row.clear();
    row.set(b, (answer = decide(a, b)));
  }
  return answer;
}
