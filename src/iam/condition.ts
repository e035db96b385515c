/**
 * Conditions of a policy statement, compared the way that keeps a gate sound. A Condition is an AND of
 * clauses `operator: { key: values }`. The gate reasons exactly about `StringEquals`, `StringNotEquals`
 * and `Bool` (each also with `IfExists`): their truth depends only on the key's value, which is either
 * absent, one of the values the policies name, or any other. Every other operator (dates, numbers, IP
 * addresses, `StringLike`, `…IgnoreCase`, `ForAnyValue:`/`ForAllValues:` keys) is opaque: a clause the
 * gate cannot compare, which may be true or false independently of everything else. How the cloud
 * evaluates a negated operator on an absent key is not documented, so both readings are considered.
 */

/** One clause: `{ operator: { key: values } }`. */
export interface ConditionClause {
  readonly operator: string;
  readonly key: string;
  /** The values as strings, sorted, without duplicates. */
  readonly values: readonly string[];
  /** The clause as canonical JSON, e.g. `{"StringEquals":{"g:UserName":["alice"]}}`. */
  readonly text: string;
}

/** A statement's Condition in canonical form (an empty Condition is no Condition). */
export interface Condition {
  readonly clauses: readonly ConditionClause[];
  /** The whole Condition as canonical JSON. */
  readonly text: string;
}

/** The Condition operators the gate compares exactly. */
export const COMPARED_OPERATORS: readonly string[] = ['StringEquals', 'StringNotEquals', 'Bool'].flatMap((operator) => [operator, `${operator}IfExists`]);

/** Canonical form of a Condition block as written in a statement; undefined for none or an empty one. */
export function canonicalCondition(block: Readonly<Record<string, unknown>> | undefined): Condition | undefined {
  if (block === undefined) return undefined;
  const clauses: ConditionClause[] = [];
  for (const operator of Object.keys(block).sort()) {
    const keys = block[operator] as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(keys).sort()) {
      const raw = keys[key];
      const list = (Array.isArray(raw) ? raw : [raw]).map((v) => (operator.startsWith('Bool') ? String(v).toLowerCase() : String(v)));
      const values = [...new Set(list)].sort();
      clauses.push({ operator, key, values, text: JSON.stringify({ [operator]: { [key]: values } }) });
    }
  }
  if (!clauses.length) return undefined;
  const grouped: Record<string, Record<string, readonly string[]>> = {};
  for (const c of clauses) (grouped[c.operator] ??= {})[c.key] = c.values;
  return { clauses, text: JSON.stringify(grouped) };
}

/** Whether the gate compares a clause exactly. */
export function isComparedClause(clause: ConditionClause): boolean {
  return COMPARED_OPERATORS.includes(clause.operator) && !/^For(Any|All)Value:/i.test(clause.key);
}

/** What a formula over Conditions comes to, over every situation the gate can tell apart. */
export interface ConditionVerdict {
  /** True in every situation. */
  readonly always: boolean;
  /** True in some situation, whatever the clauses the gate cannot compare come to. */
  readonly provablySometimes: boolean;
  /** True in some situation if the clauses the gate cannot compare come out suitably. */
  readonly possiblySometimes: boolean;
  /** False in some situation only if the clauses the gate cannot compare come out suitably. */
  readonly possiblyAlways: boolean;
  /** The clauses the gate cannot compare (opaque operators, negations of a key that may be absent), as JSON. */
  readonly uncompared: readonly string[];
}

/** At most this many situations are enumerated; beyond, `decide` gives up (the caller stays sound). */
export const MAX_SITUATIONS = 1 << 16;

const ABSENT = Symbol('absent');
const OTHER = Symbol('other');
type KeyValue = string | typeof ABSENT | typeof OTHER;

/** Tells whether the Conditions in a formula hold in a situation. */
export type Holds = (condition: Condition | undefined) => boolean;

/**
 * Evaluates `formula` in every situation that the Conditions can tell apart: every key at absent, each
 * value named for it, and one other value; every opaque clause true and false; both readings of a
 * negation on an absent key. Undefined when there are more than MAX_SITUATIONS.
 * @param charge told how many formula evaluations it is about to make, before it makes them (a caller's bound on work)
 */
export function decide(
  conditions: readonly (Condition | undefined)[],
  formula: (holds: Holds) => boolean,
  charge?: (evaluations: number) => void,
): ConditionVerdict | undefined {
  const clauses = conditions.flatMap((c) => c?.clauses ?? []);
  const domains = new Map<string, KeyValue[]>();
  const opaque: string[] = [];
  let negationOnAbsent = false;
  const uncompared = new Set<string>();
  for (const clause of clauses) {
    if (!isComparedClause(clause)) {
      if (!opaque.includes(clause.text)) opaque.push(clause.text);
      uncompared.add(clause.text);
      continue;
    }
    if (clause.operator === 'StringNotEquals') {
      negationOnAbsent = true;
      uncompared.add(clause.text);
    }
    const domain = domains.get(clause.key) ?? [ABSENT, OTHER];
    for (const value of clause.values) if (!domain.includes(value)) domain.push(value);
    domains.set(clause.key, domain);
  }
  const keys = [...domains.keys()];
  const sizes = keys.map((k) => domains.get(k)!.length);
  const assignments = sizes.reduce((a, b) => a * b, 1);
  const readings = negationOnAbsent ? 2 : 1;
  const variants = 2 ** Math.min(opaque.length, 30) * readings;
  if (assignments * variants > MAX_SITUATIONS) return undefined;
  charge?.(assignments * variants * Math.max(1, conditions.length));

  let always = true;
  let provablySometimes = false;
  let possiblySometimes = false;
  let possiblyAlways = true;
  const digits = new Array<number>(keys.length).fill(0);
  const value = new Map<string, KeyValue>();
  const opaqueTrue = new Set<string>();
  let negatedAbsentHolds = true;
  const holdsClause = (clause: ConditionClause): boolean => {
    if (!isComparedClause(clause)) return opaqueTrue.has(clause.text);
    const v = value.get(clause.key) ?? ABSENT;
    const ifExists = clause.operator.endsWith('IfExists');
    const negated = clause.operator.startsWith('StringNotEquals');
    if (v === ABSENT) return ifExists || (negated && negatedAbsentHolds);
    const present = v !== OTHER && clause.values.includes(clause.operator.startsWith('Bool') ? v.toLowerCase() : v);
    return negated ? !present : present;
  };
  const holds: Holds = (c) => c === undefined || c.clauses.every(holdsClause);
  for (let a = 0; a < assignments; a += 1) {
    keys.forEach((key, i) => value.set(key, domains.get(key)![digits[i]]));
    let all = true;
    let any = false;
    for (let v = 0; v < variants; v += 1) {
      opaqueTrue.clear();
      opaque.forEach((text, i) => {
        if ((v >> i) & 1) opaqueTrue.add(text);
      });
      negatedAbsentHolds = readings === 1 || (v >> opaque.length) % 2 === 0;
      const result = formula(holds);
      all &&= result;
      any ||= result;
    }
    always &&= all;
    provablySometimes ||= all;
    possiblySometimes ||= any;
    possiblyAlways &&= any;
    for (let i = 0; i < digits.length; i += 1) {
      digits[i] += 1;
      if (digits[i] < sizes[i]) break;
      digits[i] = 0;
    }
  }
  return { always, provablySometimes, possiblySometimes, possiblyAlways, uncompared: [...uncompared].sort() };
}
