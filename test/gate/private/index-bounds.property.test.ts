/**
 * The gate's indexes and bounds: the quick Resource filters and the action index only ever drop what
 * cannot match (checked against the exact glob comparisons and a scan of every entry), and past its
 * bounds the gate answers on the safe side (broadening), or refuses a policy too large to list (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { comparePolicies } from '../../../src/gate';
import { MAX_WORK } from '../../../src/gate/private/broadening';
import {
  EntryIndex,
  entriesOf,
  MAX_ENTRIES,
  mayCover,
  mayMeet,
  overlaps,
  covers,
  regionOf,
  resourceCovers,
  resourceShape,
  resourcesMeet,
} from '../../../src/gate/private/policy-entries';
import type { PolicyStatement } from '../../../src/iam';
import { doc, loaded } from '../fixtures/documents';
import { tempDir } from '../fixtures/synth-output';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.PROPERTY_SEED ?? 15);

// Globs over a small alphabet (upper and lower case, `:` and `*`), so that covering and meeting pairs are common.
const glob = fc.array(fc.constantFrom('a', 'A', 'b', ':', '*', 'σ', 'Σ'), { maxLength: 7 }).map((cs) => cs.join(''));

describe('the quick Resource filters never drop a pair the exact comparison keeps (property-based)', () => {
  test(`GIVEN two globs WHEN one covers the other THEN mayCover holds; WHEN they meet THEN mayMeet holds (${RUNS * 10} pairs)`, () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        if (resourceCovers(a, b)) expect(mayCover(resourceShape(a), resourceShape(b))).toBe(true);
        if (resourcesMeet(a, b)) expect(mayMeet(resourceShape(a), resourceShape(b))).toBe(true);
      }),
      { numRuns: RUNS * 10, seed: SEED },
    );
  });
});

// Action patterns whose action segments share and differ in their text before the first `*` and after the last.
const ACTIONS = [
  '*',
  'ecs:*:*',
  'ecs:servers:*',
  'ecs:*:get*',
  'ecs:*:g*',
  'ecs:*:getx*',
  'ecs:*:*get',
  'ecs:servers:get',
  'ecs:servers:getx',
  'ecs:*:list*',
  'evs:*:get*',
  'ecs:Servers:GET*',
  'ecs:*:*t',
  'ecs:*:g*t',
  'ecs:servers:*et',
  'ecs:servers:g*e*',
];
const RESOURCES = ['*', 'ECS:*', 'ECS:*:a*', 'ecs:*:A*', 'ECS:x:a1', 'EVS:*'];
const statement: fc.Arbitrary<PolicyStatement> = fc
  .record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
    actions: fc.subarray(ACTIONS, { minLength: 1, maxLength: 4 }),
    notAction: fc.boolean(),
    resources: fc.option(fc.subarray(RESOURCES, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ effect, actions, notAction, resources }) => ({
    Effect: effect,
    ...(notAction ? { NotAction: actions } : { Action: actions }),
    ...(resources ? { Resource: resources } : {}),
  }));

const keys = (entries: readonly { readonly key: string }[]) => entries.map((e) => e.key).sort();

describe('the entry index offers every entry that covers or meets a region (property-based)', () => {
  test(`GIVEN random statements WHEN asked about each entry's region THEN covering and overlapping equal a scan of every entry (${RUNS} policies)`, () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), (statements) => {
        const entries = entriesOf([{ path: 'p.json', document: doc(...statements) }]);
        const index = new EntryIndex(entries);
        for (const probe of entries) {
          const region = regionOf(probe);
          for (const effect of ['Allow', 'Deny'] as const) {
            const all = entries.filter((e) => e.effect === effect);
            expect(keys(index.covering(effect, region))).toEqual(keys(all.filter((e) => covers(e, region))));
            expect(keys(index.overlapping(effect, region))).toEqual(keys(all.filter((e) => overlaps(e, region))));
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

// `actions` wildcards on `resources` globs per side, the globs differing between the sides: every entry is new.
function shape(actions: number, resources: number, side: string): PolicyStatement[] {
  const action = Array.from({ length: actions }, (_, i) => `ecs:*:get${i}*`);
  const resource = Array.from({ length: resources }, (_, j) => `ECS:*:${side}*:instance:${j}*`);
  return [
    { Effect: 'Allow', Action: action, Resource: resource },
    { Effect: 'Deny', Action: action.slice(0, 10), Resource: resource.slice(0, 50) },
  ];
}

describe('past the work bound, the safe verdict', () => {
  test('GIVEN a comparison that needs more steps than the bound WHEN diffed THEN every entry judged past it is broadening if an added Allow or removed Deny, and names the bound', () => {
    const comparison = comparePolicies(loaded(doc(...shape(100, 300, 'a')), 'a.json'), loaded(doc(...shape(100, 300, 'b')), 'b.json'));
    const past = comparison.entries.filter((e) => e.reason.includes(`bound of ${MAX_WORK.toLocaleString('en-US')} steps`));
    expect(past.length).toBeGreaterThan(0);
    for (const e of past) {
      const safe = (e.change === 'added') === (e.effect === 'Allow');
      expect([e.label, e.broadening]).toEqual([e.label, safe]);
    }
    // The entries judged before the bound keep their exact verdicts.
    expect(comparison.entries.length - past.length).toBeGreaterThan(0);
  });
});

describe('a policy with more entries than the gate lists', () => {
  const CLI = resolve(__dirname, '../../../lib/cli.js');
  const work = tempDir('gate-bounds-');
  test('GIVEN a statement of 161 actions on 200 Resources WHEN diffed through the CLI THEN exit 2 naming the file, the count and the bound', () => {
    const [small, large] = ['small.json', 'large.json'].map((name) => join(work, name));
    writeFileSync(small, JSON.stringify(doc(...shape(1, 1, 'a'))));
    writeFileSync(large, JSON.stringify(doc(...shape(161, 200, 'b'))));
    const result = spawnSync(process.execPath, [CLI, 'policy', 'diff', small, large], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${large}: the policy holds ${(161 * 200 + 10 * 50).toLocaleString('en-US')} entries`);
    expect(result.stderr).toContain(`(${MAX_ENTRIES.toLocaleString('en-US')})`);
  });
});
