/**
 * The gate against an independent brute-force evaluator. The evaluator enumerates every catalog action
 * (plus one action the catalog does not know for each shape of pattern the policies use, since a
 * wildcard also grants those), on a few resources, in every situation of a few condition keys, and
 * decides each request as IAM does. It shares no code with the gate.
 *
 * - Sound: whenever the evaluator finds a request the new policy allows and the old one does not, the
 *   diff reports broadening; an action the evaluator finds allowed nowhere (or not everywhere) is never
 *   called covered (or conditional) by `check`.
 * - Precise where it can be: any other disagreement comes with a Condition the gate names as one it
 *   cannot compare.
 */
import fc from 'fast-check';
import { checkPolicy, comparePolicies } from '../../src/gate';
import type { PolicyDocument, PolicyStatement } from '../../src/iam';
import { KNOWN_ACTIONS } from '../../src/permissions';
import { doc, loaded } from './fixtures/documents';

// ---- the brute-force evaluator -------------------------------------------------------------------

const UNKNOWN = 'zq';
const UNIVERSE = [
  ...new Set([
    ...KNOWN_ACTIONS,
    `${UNKNOWN}:${UNKNOWN}:${UNKNOWN}`,
    ...KNOWN_ACTIONS.flatMap((action) => {
      const [service, type] = action.split(':');
      return [UNKNOWN, type].flatMap((t) => ['', 'get', 'list'].map((prefix) => `${service}:${t}:${prefix}${UNKNOWN}`));
    }),
  ]),
];
const RESOURCES = ['ECS:eu-de:d1:instance:i-1', 'ECS:eu-de:d1:instance:i-2', 'ECS:eu-de:d1:instance:i-3', 'EVS:eu-de:d1:volume:v-1', 'OBS:eu-de:d1:bucket:b-1'];
type Situation = Readonly<Record<string, string | undefined>>;
const SITUATIONS: Situation[] = [];
for (const user of ['alice', 'bob', 'zed', undefined]) {
  for (const mfa of ['true', 'false', undefined]) {
    for (const time of ['2024-06-01T00:00:00Z', '2026-06-01T00:00:00Z']) SITUATIONS.push({ 'g:UserName': user, 'g:MFAPresent': mfa, 'g:CurrentTime': time });
  }
}

function globRegExp(glob: string, flags = ''): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    flags,
  );
}

function actionMatcher(pattern: string): (action: string) => boolean {
  if (pattern === '*') return () => true;
  const [service, type, name] = pattern.split(':');
  const s = globRegExp(service);
  const t = globRegExp(type, 'i');
  const n = globRegExp(name, 'i');
  return (action) => {
    const [as, at, an] = action.split(':');
    return s.test(as) && t.test(at) && n.test(an);
  };
}

function clauseHolds(operator: string, key: string, raw: unknown, situation: Situation): boolean {
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  const value = situation[key];
  const ifExists = operator.endsWith('IfExists');
  const base = operator.replace(/IfExists$/, '');
  if (value === undefined) return ifExists || base === 'StringNotEquals';
  switch (base) {
    case 'StringEquals':
      return values.includes(value);
    case 'StringNotEquals':
      return !values.includes(value);
    case 'Bool':
      return values.map((v) => v.toLowerCase()).includes(value.toLowerCase());
    case 'DateGreaterThan':
      return values.some((v) => value > v);
    default:
      throw new Error(`the evaluator does not know ${operator}`);
  }
}

interface Compiled {
  readonly allow: boolean;
  readonly actions: boolean[];
  readonly resources: boolean[];
  readonly situations: boolean[];
}

function compile(document: PolicyDocument): Compiled[] {
  return document.Statement.map((statement) => {
    const matchers = (statement.Action ?? statement.NotAction ?? []).map(actionMatcher);
    const actions = UNIVERSE.map((a) => matchers.some((m) => m(a)) === (statement.Action !== undefined));
    const resourceRes = (statement.Resource ?? ['*']).map((r) => globRegExp(r));
    const resources = RESOURCES.map((r) => resourceRes.some((re) => re.test(r)));
    const condition = statement.Condition ?? {};
    const situations = SITUATIONS.map((s) =>
      Object.entries(condition).every(([operator, keys]) =>
        Object.entries(keys as Record<string, unknown>).every(([key, raw]) => clauseHolds(operator, key, raw, s)),
      ),
    );
    return { allow: statement.Effect === 'Allow', actions, resources, situations };
  });
}

function allows(policy: readonly Compiled[], a: number, r: number, s: number): boolean {
  let allowed = false;
  for (const st of policy) {
    if (!st.actions[a] || !st.resources[r] || !st.situations[s]) continue;
    if (!st.allow) return false;
    allowed = true;
  }
  return allowed;
}

function bruteBroadens(before: PolicyDocument, after: PolicyDocument): boolean {
  const [old, now] = [compile(before), compile(after)];
  for (let a = 0; a < UNIVERSE.length; a += 1) {
    if (!now.some((st) => st.allow && st.actions[a])) continue;
    for (let r = 0; r < RESOURCES.length; r += 1) {
      for (let s = 0; s < SITUATIONS.length; s += 1) if (allows(now, a, r, s) && !allows(old, a, r, s)) return true;
    }
  }
  return false;
}

function bruteCoverage(existing: PolicyDocument, action: string): 'covered' | 'conditional' | 'missing' {
  const policy = compile(existing);
  const a = UNIVERSE.indexOf(action);
  let allowed = 0;
  for (let r = 0; r < RESOURCES.length; r += 1) for (let s = 0; s < SITUATIONS.length; s += 1) if (allows(policy, a, r, s)) allowed += 1;
  return allowed === 0 ? 'missing' : allowed === RESOURCES.length * SITUATIONS.length ? 'covered' : 'conditional';
}

// ---- random policies ---------------------------------------------------------------------------

const NAMED = ['ecs:servers:stop', 'ecs:servers:start', 'ecs:servers:list', 'ecs:cloudServers:showServer', 'ecs:serverGroups:manage', 'evs:volumes:get'];
const PATTERNS = [...NAMED, '*', 'ecs:*:*', 'ecs:servers:*', 'ecs:*:get*', 'ecs:*:list*', 'ecs:servers:list*', 'evs:*:*'];
const RESOURCE_SETS = [
  undefined,
  ['*'],
  ['ECS:*:*:instance:*'],
  ['ECS:*:*:instance:i-1'],
  ['ECS:*:*:instance:i-1', 'ECS:*:*:instance:i-2'],
  ['EVS:*:*:volume:*'],
];
const CLAUSES: Record<string, Record<string, string[]>>[] = [
  { StringEquals: { 'g:UserName': ['alice'] } },
  { StringEquals: { 'g:UserName': ['alice', 'bob'] } },
  { StringNotEquals: { 'g:UserName': ['alice'] } },
  { StringEqualsIfExists: { 'g:UserName': ['bob'] } },
  { Bool: { 'g:MFAPresent': ['true'] } },
  { DateGreaterThan: { 'g:CurrentTime': ['2025-01-01T00:00:00Z'] } },
];

const condition = fc.option(
  fc.subarray(CLAUSES, { minLength: 1, maxLength: 2 }).map((clauses) => {
    const merged: Record<string, Record<string, string[]>> = {};
    for (const clause of clauses) for (const [op, keys] of Object.entries(clause)) merged[op] = { ...merged[op], ...keys };
    return merged;
  }),
  { freq: 2, nil: undefined },
);

const statement: fc.Arbitrary<PolicyStatement> = fc
  .record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    actions: fc.subarray(PATTERNS, { minLength: 1, maxLength: 3 }),
    form: fc.constantFrom('Action', 'Action', 'Action', 'NotAction'),
    resource: fc.constantFrom(...RESOURCE_SETS),
    condition,
  })
  .map(({ effect, actions, form, resource, condition: c }) => ({
    Effect: effect,
    ...(form === 'Action' ? { Action: actions } : { NotAction: actions }),
    ...(resource ? { Resource: resource } : {}),
    ...(c ? { Condition: c } : {}),
  }));

const policy = fc.array(statement, { minLength: 1, maxLength: 4 }).map((statements) => doc(...statements));

// The after policy: unrelated, or the before policy with one statement changed the way reviews meet.
const pair = policy.chain((before) =>
  fc.tuple(
    fc.constant(before),
    fc.oneof(
      policy,
      fc
        .tuple(fc.nat(before.Statement.length - 1), statement, fc.constantFrom('drop-condition', 'condition', 'resource', 'remove', 'add', 'effect'), condition)
        .map(([i, extra, change, c]) => {
          const statements = [...before.Statement];
          const s = statements[i];
          if (change === 'drop-condition') statements[i] = { ...s, Condition: undefined };
          if (change === 'condition') statements[i] = { ...s, Condition: c };
          if (change === 'resource') statements[i] = { ...s, Resource: extra.Resource };
          if (change === 'remove') statements.splice(i, 1);
          if (change === 'add') statements.push(extra);
          if (change === 'effect') statements[i] = { ...s, Effect: s.Effect === 'Allow' ? 'Deny' : 'Allow' };
          return doc(...statements.map((st) => JSON.parse(JSON.stringify(st)) as PolicyStatement));
        }),
    ),
  ),
);

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.PROPERTY_SEED ?? 15);

describe('the gate against a brute-force evaluator (property-based)', () => {
  test(`policy diff: sound always, precise unless it names a Condition it cannot compare (${RUNS} random pairs)`, () => {
    fc.assert(
      fc.property(pair, ([before, after]) => {
        const comparison = comparePolicies(loaded(before, 'before.json'), loaded(after, 'after.json'));
        const broadening = comparison.entries.filter((e) => e.broadening);
        const brute = bruteBroadens(before, after);
        if (brute) expect(broadening.length).toBeGreaterThan(0);
        if (!brute && broadening.length) expect(broadening.some((e) => e.uncompared?.length)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  test(`policy check: covered / conditional / missing, sound always, precise unless it names a Condition (${RUNS} random policies)`, () => {
    const need = fc.subarray([...KNOWN_ACTIONS], { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(need, policy, (actions, existing) => {
        const generated = loaded(doc({ Effect: 'Allow', Action: actions }), 'generated.json');
        const check = checkPolicy({ kind: 'policy', path: 'generated.json', policy: generated }, [loaded(existing, 'existing.json')]);
        for (const result of check.results) {
          const brute = bruteCoverage(existing, result.action);
          if (brute !== 'covered') expect([result.action, result.coverage]).not.toEqual([result.action, 'covered']);
          if (brute === 'missing') expect([result.action, result.coverage]).toEqual([result.action, 'missing']);
          if (brute !== result.coverage) expect(result.uncompared?.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
