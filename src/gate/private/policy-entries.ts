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
import { GateInputError } from '../gate-input-error';
import { compareStrings } from './compare';
import { UNBOUNDED, type WorkBudget } from './work-budget';

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

/**
 * The most entries (action patterns, or NotAction lists, times Resource patterns, summed over statements)
 * one side of a comparison may hold: every entry is listed in the report, and this many are judged and
 * rendered in well under 2 s. A real OTC document holds at most 6,144 characters.
 */
export const MAX_ENTRIES = 32_000;

/**
 * The distinct entries of documents, sorted by key.
 * @throws GateInputError when the documents together hold more than MAX_ENTRIES, naming the file that crosses it
 */
export function entriesOf(files: readonly { readonly path: string; readonly document: PolicyDocument }[]): PolicyEntry[] {
  let count = 0;
  for (const file of files) {
    for (const statement of file.document.Statement) count += (statement.Action?.length ?? (statement.NotAction ? 1 : 0)) * (statement.Resource?.length ?? 1);
    if (count > MAX_ENTRIES)
      throw new GateInputError(file.path, [
        `the policy holds ${count.toLocaleString('en-US')} entries (each action pattern times each Resource pattern of a statement, counted up to this file), more than the gate compares (${MAX_ENTRIES.toLocaleString('en-US')}): split it, or use fewer Resource patterns per statement`,
      ]);
  }
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

/**
 * Entries indexed by effect and service: the candidates that may cover or overlap a region. Within each
 * list, entries of one action pattern (which differ only by Resource or Condition) form one group, so a
 * question about actions is answered once per pattern rather than once per entry: a statement of 100
 * wildcards on 30 Resource globs is 3,000 entries but 100 groups. Every group looked at and every Resource
 * compared is charged to the comparison's `WorkBudget`.
 */
export class EntryIndex {
  private readonly byEffect = new Map<PolicyEntry['effect'], ServiceIndex>();

  // Each entry's place in `entries` (sorted by key): the candidate order.
  private readonly position = new Map<PolicyEntry, number>();

  // The wildcards that may cover an action, by effect, service and the action's text before its first `*`.
  private readonly wildcardsByLiteral = new Map<string, readonly Group[]>();
  private remembered = 0;

  constructor(
    readonly entries: readonly PolicyEntry[],
    private readonly budget: WorkBudget = UNBOUNDED,
  ) {
    for (const entry of entries) {
      this.position.set(entry, this.position.size);
      let index = this.byEffect.get(entry.effect);
      if (!index)
        this.byEffect.set(entry.effect, (index = { exact: new Map(), wildcards: new Map(), byPrefix: new Map(), named: new Map(), open: [], all: [] }));
      addToGroups(index.all, entry);
      const pattern = entry.compiled[0];
      if (entry.form === 'NotAction' || pattern.all || !pattern.segments) addToGroups(index.open, entry);
      else if (pattern.wildcard) {
        addToGroups(listOf(index.wildcards, pattern.service), entry);
        addToGroups(listOf(index.byPrefix, prefixKey(pattern.service, pattern.segments[2])), entry);
      } else {
        addToGroups(listOf(index.exact, pattern.key), entry);
        addToGroups(listOf(index.named, pattern.service), entry);
      }
    }
    this.resources = new ResourceAnswers(budget);
  }

  /** Entries of the effect that may cover or overlap the region (a superset; filter with `covers` or `overlaps`). */
  candidates(effect: PolicyEntry['effect'], region: Region): readonly PolicyEntry[] {
    const found: PolicyEntry[] = [];
    for (const list of this.groups(effect, region)) {
      this.budget.charge(list.length);
      for (const group of list) {
        this.budget.charge(group.length);
        found.push(...group);
      }
    }
    return found;
  }

  /** The candidates that cover the region (`covers`), in candidate order. */
  covering(effect: PolicyEntry['effect'], region: Region): PolicyEntry[] {
    const found: PolicyEntry[] = [];
    const groups = this.coveringGroups(effect, region);
    // Comparing action patterns costs about twice what a step of the Resource index does.
    this.budget.charge(groups.length * 2);
    for (const group of groups) {
      if (!actionsCover(group[0], region)) continue;
      for (const i of this.resources.covering(group, region.resource)) found.push(group[i]);
    }
    return found;
  }

  /** The candidates that may overlap the region (`overlaps`), in candidate order. */
  overlapping(effect: PolicyEntry['effect'], region: Region): PolicyEntry[] {
    const found: PolicyEntry[] = [];
    for (const list of this.meetingGroups(effect, region)) {
      this.budget.charge(list.length * 2);
      for (const group of list) {
        if (!actionsMeet(group[0], region)) continue;
        for (const i of this.resources.meeting(group, region.resource)) found.push(group[i]);
      }
    }
    return found;
  }

  /**
   * The first candidate (in candidate order) whose actions cover the region's and whose Resource meets the
   * region's: an Allow of all of it, on other resources.
   */
  firstOnOtherResources(effect: PolicyEntry['effect'], region: Region): PolicyEntry | undefined {
    for (const group of this.coveringGroups(effect, region)) {
      if (!actionsCover(group[0], region) || !actionsMeet(group[0], region)) continue;
      const [first] = this.resources.meeting(group, region.resource);
      if (first !== undefined) return group[first];
    }
    return undefined;
  }

  /** The first candidate (in candidate order) of a group whose first entry passes `test`, with a Resource that covers the region's. */
  firstCovering(effect: PolicyEntry['effect'], region: Region, test: (first: PolicyEntry) => boolean): PolicyEntry | undefined {
    for (const group of this.coveringGroups(effect, region)) {
      if (!test(group[0])) continue;
      const [first] = this.resources.covering(group, region.resource);
      if (first !== undefined) return group[first];
    }
    return undefined;
  }

  private readonly resources: ResourceAnswers;

  /**
   * The candidate groups that may cover the region's actions, in candidate order. A wildcard covers the
   * region's actions only if its action segment's text before the first `*` starts the region's: so only
   * the wildcards filed under a prefix of the region's action are asked.
   */
  private coveringGroups(effect: PolicyEntry['effect'], region: Region): readonly (readonly PolicyEntry[])[] {
    const index = this.byEffect.get(effect);
    const include = region.include;
    if (!index || include.all || !include.segments) {
      const all = this.groups(effect, region).flat();
      this.budget.charge(all.length);
      return all;
    }
    // A named action covers only itself.
    const named = include.wildcard ? [] : (index.exact.get(include.key) ?? []);
    const action = include.segments[2];
    const wildcards = this.coveringWildcards(effect, index, include.service, action);
    this.budget.charge(named.length + wildcards.length + index.open.length);
    return [...named, ...wildcards, ...index.open];
  }

  // The wildcards that may cover an action segment: filed under a prefix of its head, with a tail that ends its tail
  // (every action it matches starts with its head and ends with its tail, and a wildcard's must too). Kept per segment.
  private coveringWildcards(effect: PolicyEntry['effect'], index: ServiceIndex, service: string, action: string): readonly Group[] {
    const key = `${effect}\u0000${service}\u0000${action}`;
    const known = this.wildcardsByAction.get(key);
    if (known) return known;
    const last = tail(action);
    const byHead = this.wildcardsOf(effect, index, service, head(action));
    this.budget.charge(byHead.length);
    const wildcards = byHead.filter((group) => last.endsWith(tail(group[0].compiled[0].segments![2])));
    if (this.remembered + wildcards.length <= MAX_REMEMBERED_GROUPS) {
      this.remembered += wildcards.length + 1;
      this.wildcardsByAction.set(key, wildcards);
    }
    return wildcards;
  }

  private readonly wildcardsByAction = new Map<string, readonly Group[]>();

  // The wildcards filed under a prefix of `literal`, in candidate order: the same for every action with that text, so kept.
  private wildcardsOf(effect: PolicyEntry['effect'], index: ServiceIndex, service: string, literal: string): readonly Group[] {
    const key = `${effect}\u0000${prefixKey(service, literal)}`;
    const known = this.wildcardsByLiteral.get(key);
    if (known) return known;
    const wildcards: Group[] = [];
    for (let length = 0; length <= literal.length; length += 1) wildcards.push(...(index.byPrefix.get(prefixKey(service, literal.slice(0, length))) ?? []));
    this.budget.charge(literal.length + wildcards.length);
    if (wildcards.length > 1) wildcards.sort((a, b) => (this.position.get(a[0]) ?? 0) - (this.position.get(b[0]) ?? 0));
    // Bounded, so no input can make the memory grow without limit.
    if (this.remembered + wildcards.length <= MAX_REMEMBERED_GROUPS) {
      this.remembered += wildcards.length;
      this.wildcardsByLiteral.set(key, wildcards);
    }
    return wildcards;
  }

  /**
   * The candidate groups that may meet the region's actions: as `groups`, but only the wildcards whose action
   * segment's text before the first `*` and the region's agree (one starts the other), since an action both
   * match starts with both.
   */
  private meetingGroups(effect: PolicyEntry['effect'], region: Region): readonly (readonly Group[])[] {
    const index = this.byEffect.get(effect);
    const include = region.include;
    if (!index || include.all || !include.segments) return this.groups(effect, region);
    const [named, , open] = this.groups(effect, region);
    const action = include.segments[2];
    const literal = action.includes('*') ? action.slice(0, action.indexOf('*')) : action;
    const shorter = this.wildcardsOf(effect, index, include.service, literal);
    if (!action.includes('*')) return [named, shorter, open];
    // Wildcards whose text before the first `*` is longer and starts with the region's: a range of the sorted texts.
    const heads = this.headsOf(effect, index, include.service);
    const longer: Group[] = [];
    for (let i = lowerBound(heads, `${literal}\u0000`); i < heads.length && heads[i].startsWith(literal); i += 1)
      longer.push(...(index.byPrefix.get(prefixKey(include.service, heads[i])) ?? []));
    this.budget.charge(longer.length + Math.log2(heads.length + 1));
    if (!longer.length) return [named, shorter, open];
    const wildcards = [...shorter, ...longer].sort((a, b) => (this.position.get(a[0]) ?? 0) - (this.position.get(b[0]) ?? 0));
    this.budget.charge(wildcards.length);
    return [named, wildcards, open];
  }

  // The distinct texts before the first `*` of the service's wildcard actions, sorted.
  private readonly heads = new Map<string, readonly string[]>();
  private headsOf(effect: PolicyEntry['effect'], index: ServiceIndex, service: string): readonly string[] {
    const key = `${effect}\u0000${service}`;
    let heads = this.heads.get(key);
    if (!heads) {
      const groups = index.wildcards.get(service) ?? [];
      this.budget.charge(groups.length);
      heads = [...new Set(groups.map((g) => head(g[0].compiled[0].segments![2])))].sort(compareStrings);
      this.heads.set(key, heads);
    }
    return heads;
  }

  /** The candidate groups, as lists not to be copied: named actions of the service, then its wildcards, then NotAction and `*`. */
  groups(effect: PolicyEntry['effect'], region: Region): readonly (readonly Group[])[] {
    const index = this.byEffect.get(effect);
    if (!index) return [];
    const include = region.include;
    if (include.all || !include.segments) return [index.all];
    const wildcards = index.wildcards.get(include.service) ?? [];
    const named = include.wildcard ? (index.named.get(include.service) ?? []) : (index.exact.get(include.key) ?? []);
    return [named, wildcards, index.open];
  }
}

const MAX_REMEMBERED_GROUPS = 4_000_000;

// Entries of one action pattern (form and patterns), consecutive in the sorted entries.
type Group = PolicyEntry[];

/**
 * Which entries of a group have a Resource that covers, or meets, a region's: the groups of one statement
 * share their list of Resources, so each answer is computed once per list and region Resource.
 */
class ResourceAnswers {
  // Each group's answers, shared by the groups with the same list of Resources.
  private readonly ofGroup = new WeakMap<readonly PolicyEntry[], Map<string, Answer>>();
  private readonly ofList = new Map<string, Map<string, Answer>>();

  constructor(private readonly budget: WorkBudget) {}

  covering(group: readonly PolicyEntry[], resource: string): readonly number[] {
    const answer = this.answerFor(group, resource);
    if (!answer.covering) {
      this.budget.charge(group.length);
      const inner = resourceShape(resource);
      answer.covering = indices(
        group,
        (e) => mayCover(resourceShape(e.resource), inner) && this.compared(e.resource, resource) && resourceCovers(e.resource, resource),
      );
    }
    return answer.covering;
  }

  meeting(group: readonly PolicyEntry[], resource: string): readonly number[] {
    const answer = this.answerFor(group, resource);
    if (!answer.meeting) {
      this.budget.charge(group.length);
      const other = resourceShape(resource);
      answer.meeting = indices(
        group,
        (e) => mayMeet(resourceShape(e.resource), other) && this.compared(e.resource, resource) && resourcesMeet(e.resource, resource),
      );
    }
    return answer.meeting;
  }

  // Charges one exact comparison of two globs: linear on typical patterns, at worst the product of their lengths.
  private compared(a: string, b: string): true {
    this.budget.charge(1 + ((a.length * b.length) >> 8));
    return true;
  }

  private answerFor(group: readonly PolicyEntry[], resource: string): Answer {
    this.budget.charge(1);
    let answers = this.ofGroup.get(group);
    if (!answers) {
      const list = group.map((e) => e.resource).join('\u0000');
      this.budget.charge(group.length);
      answers = this.ofList.get(list);
      if (!answers) this.ofList.set(list, (answers = new Map()));
      this.ofGroup.set(group, answers);
    }
    let answer = answers.get(resource);
    if (!answer) answers.set(resource, (answer = {}));
    return answer;
  }
}

interface Answer {
  covering?: number[];
  meeting?: number[];
}

function indices(group: readonly PolicyEntry[], test: (entry: PolicyEntry) => boolean): number[] {
  const found: number[] = [];
  group.forEach((entry, i) => {
    if (test(entry)) found.push(i);
  });
  return found;
}

/**
 * A Resource glob's text before its first `*` and after its last (the whole text when it has none), as
 * written and lower-cased: two quick tests that rule out most pairs before the exact comparison.
 */
interface ResourceShape {
  readonly text: string;
  readonly head: string;
  readonly tail: string;
  readonly lowerHead: string;
  readonly lowerTail: string;
}

const shapes = new Map<string, ResourceShape>();

export function resourceShape(text: string): ResourceShape {
  let shape = shapes.get(text);
  if (shape) return shape;
  // The lower-cased ends come from the lower-cased whole, as `resourcesMeet` compares it (lower-casing is not always letter by letter).
  const [head, tail] = ends(text);
  const [lowerHead, lowerTail] = ends(text.toLowerCase());
  shape = { text, head, tail, lowerHead, lowerTail };
  if (shapes.size >= 100_000) shapes.clear();
  shapes.set(text, shape);
  return shape;
}

function ends(text: string): [string, string] {
  const first = text.indexOf('*');
  return first < 0 ? [text, text] : [text.slice(0, first), text.slice(text.lastIndexOf('*') + 1)];
}

/**
 * Whether `outer` may cover `inner` (necessary, not sufficient): every string `inner` matches starts with
 * `outer`'s head and ends with its tail, so `inner` must show them literally at its own ends (a `*` of
 * `inner` can be any text).
 */
export function mayCover(outer: ResourceShape, inner: ResourceShape): boolean {
  if (outer.text === '*') return true;
  if (outer.head === outer.text) return outer.text === inner.text;
  return inner.head.startsWith(outer.head) && inner.tail.endsWith(outer.tail) && outer.head.length + outer.tail.length <= inner.text.length;
}

/**
 * Whether two globs may meet, letter case ignored (necessary, not sufficient): a string both match starts
 * with both heads and ends with both tails, so one head extends the other, and one tail the other.
 */
export function mayMeet(a: ResourceShape, b: ResourceShape): boolean {
  const [shortHead, longHead] = a.lowerHead.length <= b.lowerHead.length ? [a.lowerHead, b.lowerHead] : [b.lowerHead, a.lowerHead];
  const [shortTail, longTail] = a.lowerTail.length <= b.lowerTail.length ? [a.lowerTail, b.lowerTail] : [b.lowerTail, a.lowerTail];
  return longHead.startsWith(shortHead) && longTail.endsWith(shortTail);
}

interface ServiceIndex {
  readonly exact: Map<string, Group[]>;
  readonly wildcards: Map<string, Group[]>;
  /** Wildcards by service and the text of their action segment before its first `*`. */
  readonly byPrefix: Map<string, Group[]>;
  readonly named: Map<string, Group[]>;
  readonly open: Group[];
  readonly all: Group[];
}

function prefixKey(service: string, action: string): string {
  return `${service}\u0000${head(action)}`;
}

// An action segment's text after its last `*` (all of it without one).
function tail(action: string): string {
  return action.slice(action.lastIndexOf('*') + 1);
}

// An action segment's text before its first `*` (all of it without one).
function head(action: string): string {
  const star = action.indexOf('*');
  return star < 0 ? action : action.slice(0, star);
}

// The first index of a sorted list whose text is not below `text`.
function lowerBound(sorted: readonly string[], text: string): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStrings(sorted[middle], text) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function listOf<K>(map: Map<K, Group[]>, key: K): Group[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

function addToGroups(groups: Group[], entry: PolicyEntry): void {
  const last = groups[groups.length - 1];
  if (last && last[0].form === entry.form && sameCompiled(last[0].compiled, entry.compiled)) last.push(entry);
  else groups.push([entry]);
}

function sameCompiled(a: readonly ActionPattern[], b: readonly ActionPattern[]): boolean {
  return a.length === b.length && a.every((p, i) => p.key === b[i].key);
}
