import type { ExecArguments } from '../../../src/cloud/exec-arguments';
import { InvalidArgumentError } from '../../../src/runtime/errors/invalid-argument-error';
import { describeTarget, resolveTarget } from '../../../src/runtime/private/resolve-target';

const U1 = '1a2b3c4d-0000-4000-8000-000000000001';
const U2 = '1a2b3c4d-0000-4000-8000-000000000002';
const COMMON: ExecArguments = { constructPath: 'prod/x', cloud: 'otc', region: 'eu-de', projectId: 'p' };

describe('resolveTarget: the command gets the target its definition declares', () => {
  test.each([
    ['server', { serverId: 's1' }, { kind: 'server', serverId: 's1' }],
    ['servers', { serverIds: `${U1},${U2}` }, { kind: 'servers', serverIds: [U1, U2] }],
    ['servers', { serverIds: JSON.stringify([U1, U2]) }, { kind: 'servers', serverIds: [U1, U2] }],
    ['group', { name: 'web' }, { kind: 'group', name: 'web' }],
  ] as const)('%s', (kind, args, expected) => {
    expect(resolveTarget(kind, { ...COMMON, ...args })).toEqual(expected);
  });

  test('GIVEN a JSON element that holds several ids WHEN resolved THEN it is a usage error naming the element', () => {
    const serverIds = JSON.stringify([U1, `${U2},1a2b3c4d-0000-4000-8000-000000000003`]);
    expect(() => resolveTarget('servers', { ...COMMON, serverIds })).toThrow(/element 2, ".*", which is not exactly one ECS server ID/);
  });

  test('a missing target argument is a usage error naming its flag', () => {
    expect(() => resolveTarget('servers', COMMON)).toThrow(InvalidArgumentError);
    expect(() => resolveTarget('servers', COMMON)).toThrow("missing required option '--server-ids'");
  });

  test('messages name the target by its kind', () => {
    expect(describeTarget({ kind: 'server', serverId: 's1' })).toBe('server s1');
    expect(describeTarget({ kind: 'servers', serverIds: ['s1', 's2'] })).toBe('servers s1, s2');
    expect(describeTarget({ kind: 'group', name: 'web' })).toBe("server group 'web'");
  });
});
