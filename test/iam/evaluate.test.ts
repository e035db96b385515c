import { actionMatches, evaluate, isAllowed, parsePolicyDocument, patternCovers, type PolicyDocument, PolicyDocumentError } from '../../src/iam';

describe('IAM evaluation: wildcards and Deny precedence', () => {
  test.each([
    ['ecs:servers:start', 'ecs:servers:start', true],
    ['ecs:servers:*', 'ecs:servers:start', true],
    ['ecs:*:*', 'ecs:serverGroups:manage', true],
    ['ecs:*:get*', 'ecs:flavors:get', true],
    ['ecs:*:get*', 'ecs:servers:list', false],
    ['ecs:*:list*', 'ecs:servers:list', true],
    ['ecs:SERVERS:Start', 'ecs:servers:start', true],
    ['ECS:servers:start', 'ecs:servers:start', false],
    ['*', 'vpc:ports:delete', true],
    ['ecs:servers:start', 'ecs:servers:startx', false],
    ['ecs:*', 'ecs:servers:start', false],
    ['ecs:cloudServers:show*', 'ecs:cloudServers:showServer', true],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  test('an explicit Deny wins over an Allow in any order', () => {
    // GIVEN a policy that allows all of ecs and denies one action before and after the allow
    const deniedFirst: PolicyDocument = {
      Version: '1.1',
      Statement: [
        { Effect: 'Deny', Action: ['ecs:servers:stop'] },
        { Effect: 'Allow', Action: ['ecs:*:*'] },
      ],
    };
    const deniedLast: PolicyDocument = { Version: '1.1', Statement: [...deniedFirst.Statement].reverse() };
    // THEN the denied action is refused and the rest allowed
    for (const doc of [deniedFirst, deniedLast]) {
      expect(evaluate(doc, 'ecs:servers:stop').effect).toBe('explicit-deny');
      expect(isAllowed(doc, 'ecs:servers:start')).toBe(true);
      expect(evaluate(doc, 'vpc:ports:get').effect).toBe('implicit-deny');
    }
  });

  test('NotAction allows everything except the listed actions', () => {
    const doc: PolicyDocument = { Version: '1.1', Statement: [{ Effect: 'Allow', NotAction: ['ecs:servers:*'] }] };
    expect(isAllowed(doc, 'ecs:servers:start')).toBe(false);
    expect(isAllowed(doc, 'ecs:cloudServers:resize')).toBe(true);
  });

  test.each([
    ['ecs:*:*', 'ecs:servers:*', true],
    ['ecs:servers:*', 'ecs:*:*', false],
    ['ecs:*:get*', 'ecs:servers:get', true],
    ['ecs:*:get*', 'ecs:*:*', false],
    ['ecs:servers:*', 'ecs:servers:start', true],
    ['*', 'ecs:*:*', true],
    ['ecs:*:*', '*', false],
    ['ecs:*:get*', 'ecs:*:getX*', true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(patternCovers(outer, inner)).toBe(expected);
  });
});

describe('IAM policy document: parsing', () => {
  test('a valid document parses', () => {
    const doc = parsePolicyDocument('{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["ecs:servers:start"]}]}', 'p.json');
    expect(doc.Statement[0].Action).toEqual(['ecs:servers:start']);
  });

  test.each([
    ['not json', /not JSON/],
    ['[]', /top level must be a JSON object/],
    ['{"Version":"1.0","Statement":[]}', /"Version" must be "1.1"/],
    ['{"Version":"1.1"}', /"Statement" is missing/],
    ['{"Version":"1.1","Statement":[{"Effect":"Maybe","Action":["ecs:servers:start"]}]}', /Effect must be "Allow" or "Deny"/],
    ['{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["start"]}]}', /malformed action "start"/],
    ['{"Version":"1.1","Statement":[{"Effect":"Allow"}]}', /exactly one of "Action" and "NotAction"/],
  ])('%s is refused with a clear message', (text, message) => {
    expect(() => parsePolicyDocument(text, 'bad.json')).toThrow(PolicyDocumentError);
    expect(() => parsePolicyDocument(text, 'bad.json')).toThrow(message);
    expect(() => parsePolicyDocument(text, 'bad.json')).toThrow(/bad\.json/);
  });
});
