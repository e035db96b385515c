import fc from 'fast-check';
import { canonicalCondition, decide, globCovers, globMatches, globsIntersect } from '../../src/iam';

const alice = canonicalCondition({ StringEquals: { 'g:UserName': ['alice'] } });
const aliceOrBob = canonicalCondition({ StringEquals: { 'g:UserName': ['bob', 'alice'] } });
const notAlice = canonicalCondition({ StringNotEquals: { 'g:UserName': 'alice' } });
const later = canonicalCondition({ DateGreaterThan: { 'g:CurrentTime': ['2025-01-01T00:00:00Z'] } });

describe('canonicalCondition', () => {
  test('sorts operators, keys and values, and makes a single value a list', () => {
    expect(canonicalCondition({ StringEquals: { b: 'x', a: ['z', 'y', 'z'] }, Bool: { 'g:MFAPresent': true } })?.text).toBe(
      '{"Bool":{"g:MFAPresent":["true"]},"StringEquals":{"a":["y","z"],"b":["x"]}}',
    );
  });

  test('an empty Condition is no Condition', () => {
    expect(canonicalCondition({})).toBeUndefined();
  });
});

describe('decide: formulas over Conditions, exact for the compared operators', () => {
  test('GIVEN alice implies alice-or-bob WHEN asked whether alice holds without alice-or-bob THEN never', () => {
    const verdict = decide([alice, aliceOrBob], (holds) => holds(alice) && !holds(aliceOrBob));
    expect(verdict).toMatchObject({ possiblySometimes: false, always: false });
  });

  test('GIVEN alice-or-bob WHEN asked whether it holds without alice THEN provably sometimes (bob)', () => {
    expect(decide([alice, aliceOrBob], (holds) => holds(aliceOrBob) && !holds(alice))).toMatchObject({ provablySometimes: true, uncompared: [] });
  });

  test('a negation on a key that may be absent is considered both ways', () => {
    // StringNotEquals alice without StringNotEquals-IfExists alice differs only when the key is absent, under one reading.
    const ifExists = canonicalCondition({ StringNotEqualsIfExists: { 'g:UserName': ['alice'] } });
    const verdict = decide([ifExists, notAlice], (holds) => holds(ifExists) && !holds(notAlice));
    expect(verdict).toMatchObject({ possiblySometimes: true, provablySometimes: false, uncompared: [notAlice?.text] });
  });

  test('a clause the gate cannot compare may be true or false: possibly, never provably', () => {
    const verdict = decide([later], (holds) => holds(later));
    expect(verdict).toMatchObject({ possiblySometimes: true, provablySometimes: false, always: false, possiblyAlways: true });
    expect(verdict?.uncompared).toEqual([later?.text]);
  });

  test('too many situations: undefined, for the caller to stay on the safe side', () => {
    const many = canonicalCondition(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`DateLessThan${i}`, { k: String(i) }])));
    expect(decide([many], (holds) => holds(many))).toBeUndefined();
  });
});

describe('globs: against a brute force over every short string', () => {
  const alphabet = ['a', 'b'];
  const strings: string[] = [''];
  for (let n = 1; n <= 5; n += 1) for (const s of strings.filter((x) => x.length === n - 1)) strings.push(...alphabet.map((c) => s + c));
  const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*'), maxLength: 4 });
  // Concrete strings that stand for what a glob matches: each `*` as '', 'a', 'b', 'ab' or 'ba'.
  const instances = (g: string): string[] =>
    g
      .split('*')
      .reduce<string[]>((acc, part, i) => (i === 0 ? [part] : acc.flatMap((prefix) => ['', 'a', 'b', 'ab', 'ba'].map((fill) => prefix + fill + part))), []);

  test('globsIntersect, globCovers and globMatches agree with enumeration (property-based)', () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        const both = strings.some((s) => globMatches(a, s) && globMatches(b, s));
        expect(globsIntersect(a, b)).toBe(both || instances(a).some((s) => globMatches(b, s)));
        expect(globCovers(a, b)).toBe(instances(b).every((s) => globMatches(a, s)));
        for (const s of strings) expect(globMatches(a, s)).toBe(new RegExp(`^${a.replace(/\*/g, '.*')}$`).test(s));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('long inputs neither exhaust the stack nor backtrack', () => {
    const long = `${'a*'.repeat(500)}b`;
    expect(globCovers(long, 'a'.repeat(1000))).toBe(false);
    expect(globsIntersect(long, `${'a'.repeat(1000)}b`)).toBe(true);
    expect(globMatches(long, 'a'.repeat(5000))).toBe(false);
  });
});
