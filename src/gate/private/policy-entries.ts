/**
 * A policy as a set of entries, independent of how its statements are grouped: one entry per Action
 * pattern and Resource pattern of a statement, or per Resource pattern of a NotAction statement (its
 * list means nothing piecewise), each with the statement's Condition. Set relations between entries are
 * decided symbolically, so they hold for actions and resources outside the catalog. Entries are indexed
 * by service, so a question about one action looks at the entries of its service only.
 */
import {
  type ActionPattern,
  actionPattern,
  canonicalCondition,
  type Condition,
  globCovers,
  globsIntersect,
  type PolicyDocument,
  patternContains,
  patternIntersection,
  patternMatches,
  patternsMeet,
} from '../../iam';
import { compareStrings } from './compare';

/** Where a statement is: its file and index. */
export interface StatementLocation {
  readonly source: string;
  readonly statement: number;
}

/** One entry of a policy. */
export interface PolicyEntry {
  readonly effect: 'Allow' | 'Deny';
  /** `Action`: the actions `patterns[0]` matches; `NotAction`: every action none of `patterns` matches. */
  readonly form: 'Action' | 'NotAction';
  readonly patterns: readonly string[];
  readonly compiled: readonly ActionPattern[];
  /** The Resource pattern; `*` when the statement has no Resource. */
  readonly resource: string;
  /** @default - none: the entry applies in every situation */
  readonly condition?: Condition;
  /** Equal for entries that mean the same (case of resource type and action aside). */
  readonly key: string;
  /** How it reads: the pattern, or `NotAction [a, b]`, then `on <resource>` and `if <condition>` when it has them. */
  readonly label: string;
  /** The first statement that holds it. */
  readonly at: StatementLocation;
  /** That statement's position among all the statements read, across files: evaluation order. */
  readonly ordinal: number;
}

/** A set of requests: actions (`include` minus `excludes`) on resources matching `resource`. */
export interface Region {
  readonly include: ActionPattern;
  readonly excludes: readonly ActionPattern[];
  readonly resource: string;
}

const ALL_ACTIONS = actionPattern('*');

/** The distinct entries of documents, sorted by key. */
export function entriesOf(files: readonly { readonly path: string; readonly document: PolicyDocument }[]): PolicyEntry[] {
  const entries = new Map<string, PolicyEntry>();
  let ordinal = 0;
  for (const file of files) {
    file.document.Statement.forEach((statement, index) => {
      ordinal += 1;
      const condition = canonicalCondition(statement.Condition);
      const at = { source: file.path, statement: index };
      const add = (form: PolicyEntry['form'], patterns: string[], resource: string) => {
        const compiled = patterns.map(actionPattern);
        const key = `${statement.Effect} ${form} ${compiled.map((p) => p.key).join(',')} on ${resource} if ${condition?.text ?? ''}`;
        if (entries.has(key)) return;
        const base = form === 'Action' ? patterns[0] : `NotAction [${patterns.join(', ')}]`;
        const label = `${base}${resource === '*' ? '' : ` on ${resource}`}${condition ? ` if ${condition.text}` : ''}`;
        entries.set(key, { effect: statement.Effect, form, patterns, compiled, resource, condition, key, label, at, ordinal });
      };
      for (const resource of statement.Resource ?? ['*']) {
        for (const pattern of statement.Action ?? []) add('Action', [pattern], resource);
        if (statement.NotAction)
          add(
            'NotAction',
            [...statement.NotAction].sort((a, b) => compareStrings(actionPattern(a).key, actionPattern(b).key)),
            resource,
          );
      }
    });
  }
  return [...entries.values()].sort((a, b) => compareStrings(a.key, b.key));
}

/** The requests an entry matches, its Condition aside. */
export function regionOf(entry: PolicyEntry): Region {
  return entry.form === 'Action'
    ? { include: entry.compiled[0], excludes: [], resource: entry.resource }
    : { include: ALL_ACTIONS, excludes: entry.compiled, resource: entry.resource };
}

/** Whether the region provably holds no action (e.g. NotAction of `*`). */
export function isEmpty(region: Region): boolean {
  return region.excludes.some((x) => patternContains(x, region.include));
}

/** Whether the entry matches every request of the region (its Condition aside). Sound: yes only when it does. */
export function covers(entry: PolicyEntry, region: Region): boolean {
  return resourceCovers(entry.resource, region.resource) && actionsCover(entry, region);
}

/** Whether the entry may match some request of the region. Sound: no only when it cannot. */
export function overlaps(entry: PolicyEntry, region: Region): boolean {
  return resourcesMeet(entry.resource, region.resource) && actionsMeet(entry, region);
}

/** Whether the entry matches the action (its Resource and Condition aside). */
export function matchesAction(entry: PolicyEntry, action: ActionPattern): boolean {
  return entry.form === 'Action' ? patternMatches(entry.compiled[0], action) : !entry.compiled.some((n) => patternMatches(n, action));
}

/**
 * A region holding every request both hold: the narrower pattern where one contains the other,
 * else the region itself (larger, which keeps every use sound).
 */
export function intersect(region: Region, entry: PolicyEntry): Region {
  const other = regionOf(entry);
  const include = patternIntersection(region.include, other.include) ?? region.include;
  const resource = resourceCovers(region.resource, other.resource) ? other.resource : region.resource;
  return { include, excludes: [...region.excludes, ...other.excludes], resource };
}

/**
 * Whether every resource `inner` matches, `outer` matches too: compared as written, so that it holds
 * whether or not the cloud ignores letter case.
 */
export function resourceCovers(outer: string, inner: string): boolean {
  return outer === '*' || globCovers(outer, inner);
}

/** Whether some resource matches both, letter case ignored so that it holds either way. */
export function resourcesMeet(a: string, b: string): boolean {
  return a === '*' || b === '*' || globsIntersect(a.toLowerCase(), b.toLowerCase());
}

function actionsCover(entry: PolicyEntry, region: Region): boolean {
  if (entry.form === 'Action') return patternContains(entry.compiled[0], region.include);
  // Everything but N holds the region when each excluded pattern misses what the region holds.
  return entry.compiled.every((n) => !patternsMeet(n, region.include) || region.excludes.some((x) => patternContains(x, n)));
}

function actionsMeet(entry: PolicyEntry, region: Region): boolean {
  if (entry.form === 'NotAction') return !entry.compiled.some((n) => patternContains(n, region.include));
  const pattern = entry.compiled[0];
  return patternsMeet(pattern, region.include) && !region.excludes.some((x) => patternContains(x, pattern));
}

/** Entries indexed by effect and service: the candidates that may cover or overlap a region. */
export class EntryIndex {
  private readonly byEffect = new Map<PolicyEntry['effect'], ServiceIndex>();

  constructor(readonly entries: readonly PolicyEntry[]) {
    for (const entry of entries) {
      let index = this.byEffect.get(entry.effect);
      if (!index) this.byEffect.set(entry.effect, (index = { exact: new Map(), wildcards: new Map(), named: new Map(), open: [], all: [] }));
      index.all.push(entry);
      const pattern = entry.compiled[0];
      if (entry.form === 'NotAction' || pattern.all || !pattern.segments) index.open.push(entry);
      else if (pattern.wildcard) push(index.wildcards, pattern.service, entry);
      else {
        push(index.exact, pattern.key, entry);
        push(index.named, pattern.service, entry);
      }
    }
  }

  /** Entries of the effect that may cover or overlap the region (a superset; filter with `covers` or `overlaps`). */
  candidates(effect: PolicyEntry['effect'], region: Region): readonly PolicyEntry[] {
    const index = this.byEffect.get(effect);
    if (!index) return [];
    const include = region.include;
    if (include.all || !include.segments) return index.all;
    const wildcards = index.wildcards.get(include.service) ?? [];
    const named = include.wildcard ? (index.named.get(include.service) ?? []) : (index.exact.get(include.key) ?? []);
    return [...named, ...wildcards, ...index.open];
  }
}

interface ServiceIndex {
  readonly exact: Map<string, PolicyEntry[]>;
  readonly wildcards: Map<string, PolicyEntry[]>;
  readonly named: Map<string, PolicyEntry[]>;
  readonly open: PolicyEntry[];
  readonly all: PolicyEntry[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
