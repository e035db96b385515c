import { EXEC_FLAGS, execArgv, OPERATION_ARGUMENTS, parseExecArgv } from '../../src/cloud/exec-arguments';
import { isOperationId, OPERATION_IDS } from '../../src/permissions';

const COMMON = { constructPath: 'prod/op', cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' };

describe("exec arguments: the provisioners' command line", () => {
  test.each(OPERATION_IDS)('%s: what the constructs build, the CLI parses back', (operation) => {
    // GIVEN every argument the operation takes
    const spec = OPERATION_ARGUMENTS[operation];
    const args = {
      ...COMMON,
      endpoint: 'http://127.0.0.1:1',
      pollInterval: '0.5',
      timeout: '60',
      ...Object.fromEntries([...spec.required, ...spec.optional].map((name) => [name, `value-of-${name}`])),
    };
    // WHEN it is written and parsed
    const parsed = parseExecArgv(execArgv(operation, args), isOperationId);
    // THEN the same values come back
    expect(parsed).toEqual({ ok: true, operation, args });
  });

  test('flags are written in a fixed order', () => {
    expect(execArgv('server-stop', { ...COMMON, stopType: 'HARD', serverId: 's' })).toEqual([
      'server-stop',
      '--cloud',
      'otc',
      '--region',
      'eu-de',
      '--project-id',
      COMMON.projectId,
      '--server-id',
      's',
      '--stop-type',
      'HARD',
      '--construct-path',
      'prod/op',
    ]);
  });

  test('a flag given twice is refused, in either form', () => {
    const argv = execArgv('server-lock', { ...COMMON, serverId: 'a' });
    for (const repeat of [['--server-id', 'b'], ['--server-id=b']]) {
      expect(parseExecArgv([...argv, ...repeat], isOperationId)).toEqual({ ok: false, problems: ["option '--server-id' is given more than once"] });
    }
  });

  test('every problem is reported: unknown operation, unknown or foreign option, missing value, missing required option', () => {
    expect(parseExecArgv(['server-explode'], isOperationId)).toEqual({ ok: false, problems: [expect.stringMatching(/unknown operation 'server-explode'/)] });
    const parsed = parseExecArgv(['server-stop', '--cloud', 'otc', '--flavor-ref', 'x', '--bogus', '--region'], isOperationId);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems).toEqual(
        expect.arrayContaining([
          "unknown option '--flavor-ref' for 'server-stop'",
          "unknown option '--bogus' for 'server-stop'",
          "option '--region' needs a value",
          "missing required option '--construct-path'",
          "missing required option '--server-id'",
          "missing required option '--stop-type'",
        ]),
      );
    }
  });

  test('--flag=value is accepted', () => {
    const parsed = parseExecArgv(
      ['server-start', ...Object.entries(COMMON).flatMap(([k, v]) => [`${EXEC_FLAGS[k as keyof typeof COMMON]}=${v}`]), '--server-id=s'],
      isOperationId,
    );
    expect(parsed.ok && parsed.args.serverId).toBe('s');
  });
});
