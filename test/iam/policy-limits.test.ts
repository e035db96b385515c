import { POLICY_LIMITS, type PolicyDocument, type PolicyStatement, validateLimits } from '../../src/iam';

describe('policy limits: each limit holds at its exact boundary and breaks one past it', () => {
  test.each([
    [POLICY_LIMITS.maxActionsPerStatement, []],
    [POLICY_LIMITS.maxActionsPerStatement + 1, ['IAM.1033']],
  ])('a statement of %i actions breaks %j', (count, codes) => {
    // GIVEN one statement of `count` distinct actions
    const doc = documentOf([allow(distinctActions(count))]);
    // WHEN validated THEN only the action-count limit is reported, past 100
    const violations = validateLimits(doc);
    expect(violations.map((v) => v.code)).toEqual(codes);
    if (codes.length) expect(violations[0]).toMatchObject({ limit: 100, actual: 101, where: 'Statement[0].Action' });
  });

  test('NotAction lists count against the action limit too', () => {
    const doc = documentOf([{ Effect: 'Deny', NotAction: distinctActions(101) }]);
    expect(validateLimits(doc)).toMatchObject([{ code: 'IAM.1033', where: 'Statement[0].NotAction' }]);
  });

  test.each([
    [0, ['IAM.1028']],
    [1, []],
    [POLICY_LIMITS.maxStatements, []],
    [POLICY_LIMITS.maxStatements + 1, ['IAM.1028']],
  ])('a document of %i statements breaks %j', (count, codes) => {
    const doc = documentOf(Array.from({ length: count }, (_, i) => allow([`ecs:servers:a${i}`])));
    expect(validateLimits(doc).map((v) => v.code)).toEqual(codes);
  });

  test.each([
    [POLICY_LIMITS.maxActionLength, []],
    [POLICY_LIMITS.maxActionLength + 1, ['IAM.1034']],
  ])('an action of %i characters breaks %j', (length, codes) => {
    const action = 'ecs:servers:'.padEnd(length, 'a');
    const violations = validateLimits(documentOf([allow(['ecs:servers:start', action])]));
    expect(violations.map((v) => v.code)).toEqual(codes);
    if (codes.length) expect(violations[0]).toMatchObject({ where: 'Statement[0].Action[1]', actual: length });
  });

  test.each([
    [POLICY_LIMITS.maxCharacters, []],
    [POLICY_LIMITS.maxCharacters + 1, ['IAM.1021']],
  ])('a document whose compact JSON has %i characters breaks %j', (length, codes) => {
    // GIVEN a document built to an exact compact length
    const doc = documentOfCompactLength(length);
    expect(JSON.stringify(doc)).toHaveLength(length);
    // WHEN validated without a submitted text THEN its compact JSON is what counts
    expect(validateLimits(doc).map((v) => v.code)).toEqual(codes);
  });

  test.each([
    [POLICY_LIMITS.maxCharacters, []],
    [POLICY_LIMITS.maxCharacters + 1, ['IAM.1021']],
  ])('a submitted text of %i characters breaks %j, whitespace included', (length, codes) => {
    // GIVEN a small document submitted pretty-printed and padded with whitespace to an exact length
    const doc = documentOf([allow(['ecs:servers:start'])]);
    const text = JSON.stringify(doc, null, 2).padEnd(length, ' ');
    // THEN the submitted text, not the compact form, is what counts
    expect(validateLimits(doc, text).map((v) => v.code)).toEqual(codes);
  });

  test('characters are counted as characters, not UTF-16 code units', () => {
    // GIVEN a text of exactly 6,144 characters, one of them outside the Basic Multilingual Plane
    const text = '\u{1F512}'.padEnd(POLICY_LIMITS.maxCharacters + 1, ' ');
    expect(text.length).toBe(POLICY_LIMITS.maxCharacters + 1);
    // THEN it is within the limit
    expect(validateLimits(documentOf([allow(['ecs:servers:start'])]), text)).toEqual([]);
  });

  test('every broken limit is reported, in document order, with a message naming the code', () => {
    const doc = documentOf([...Array.from({ length: 8 }, () => allow(['ecs:servers:start'])), allow(distinctActions(101))]);
    const violations = validateLimits(doc, 'x'.repeat(7000));
    expect(violations.map((v) => v.where)).toEqual(['document', 'Statement', 'Statement[8].Action']);
    expect(violations[0].message).toBe('IAM.1021: the document has 7000 characters (at most 6144)');
    expect(violations[1].message).toBe('IAM.1028: the document has 9 statements (at least 1, at most 8)');
  });
});

function documentOf(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '1.1', Statement: statements };
}

function allow(actions: string[]): PolicyStatement {
  return { Effect: 'Allow', Action: actions };
}

function distinctActions(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `ecs:servers:action${i}`);
}

// Fills statements with actions of the same length, then pads the last action so the compact JSON
// is exactly `length` characters, staying inside every other limit.
function documentOfCompactLength(length: number): PolicyDocument {
  const actions: string[] = [];
  const build = (last: string) => documentOf(chunks([...actions, last], 90).map(allow));
  const base = 'ecs:servers:x';
  // Each added action adds 55 characters, so the padding ends between 5 and 60 characters.
  while (JSON.stringify(build(base)).length + 60 < length) actions.push(`ecs:servers:${String(actions.length).padStart(40, 'a')}`);
  const missing = length - JSON.stringify(build(base)).length;
  return build(base + 'y'.repeat(missing));
}

function chunks<T>(values: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size));
}
