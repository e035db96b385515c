import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, writeJson, writeOutdir, writeStack } from './fixtures/synth-output';

// The real CLI, as a pipeline runs it: `node lib/cli.js policy …` in a working folder.
const CLI = resolve(__dirname, '../../lib/cli.js');

function run(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'policy', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// base: a stack that stops web1. head: the same stack also resizes it natively (13 dependencies),
// plus a new stack that creates a server group.
const work = tempDir('gate-cli-');
writeOutdir(join(work, 'base'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }] });
writeOutdir(join(work, 'head'), {
  prod: [
    { id: 'stop-web1', operation: 'server-stop' },
    { id: 'resize-web1', operation: 'server-resize' },
  ],
  groups: [{ id: 'web', operation: 'server-group-create' }],
});
writeOutdir(join(work, 'narrow'), {});
writeStack(join(work, 'stop'), 'prod', [{ id: 'stop-web1', operation: 'server-stop' }]);
writeStack(join(work, 'stop-start'), 'prod', [
  { id: 'stop-web1', operation: 'server-stop' },
  { id: 'start-web1', operation: 'server-start' },
]);
writeJson(join(work, 'existing.json'), {
  Version: '1.1',
  Statement: [
    { Effect: 'Allow', Action: ['ecs:*:*', 'evs:*:*', 'ims:*:get*', 'vpc:ports:*'] },
    { Effect: 'Deny', Action: ['ecs:servers:resize'] },
  ],
});
writeJson(join(work, 'broad.json'), { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:*:*'] }] });

describe('CLI policy diff: exit 1 only when the gate fails', () => {
  test('a broadening change fails with --fail-on broadening (the default), and the summary line is last', () => {
    const { code, stdout, stderr } = run(work, 'diff', 'stop', 'stop-start');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain(
      '  + Allow ecs:servers:start  (BROADENING: the old policy did not allow it)\n' +
        '      prod/start-web1 (ServerStart: server-start) calls POST /v2.1/{project_id}/servers/{server_id}/action\n',
    );
    expect(stdout.trimEnd().split('\n').pop()).toBe('policy diff: 1 added (1 broadening), 0 removed — FAIL (--fail-on broadening)');
  });

  test.each([
    ['stop', 'stop-start', 'broadening', 1],
    ['stop', 'stop-start', 'any', 1],
    ['stop', 'stop-start', 'never', 0],
    ['stop-start', 'stop', 'broadening', 0],
    ['stop-start', 'stop', 'any', 1],
    ['stop-start', 'stop', 'never', 0],
    ['stop', 'stop', 'any', 0],
  ])('%s → %s with --fail-on %s exits %i', (before, after, failOn, expected) => {
    expect(run(work, 'diff', before, after, '--fail-on', failOn).code).toBe(expected);
  });

  test('cdktf.out folders: every stack by id, a new stack is broadening', () => {
    const { code, stdout } = run(work, 'diff', 'base', 'head');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Stack groups: new\n {2}\+ Allow ecs:serverGroups:manage {2}\(BROADENING/m);
    expect(stdout.trimEnd().split('\n').pop()).toBe(
      'policy diff: 14 added (14 broadening), 0 removed across 2 stacks (1 new, 0 removed) — FAIL (--fail-on broadening)',
    );
  });

  test('a removed stack is a narrowing: it passes --fail-on broadening', () => {
    const { code, stdout } = run(work, 'diff', 'base', 'narrow');
    expect(stdout).toContain('Stack prod: removed');
    expect(code).toBe(0);
  });

  test('--format markdown writes Markdown to stdout and the summary line to stderr', () => {
    const { code, stdout, stderr } = run(work, 'diff', 'base', 'head', '--format', 'markdown');
    expect(code).toBe(1);
    expect(stdout).toMatchSnapshot();
    expect(stderr).toBe('policy diff: 14 added (14 broadening), 0 removed across 2 stacks (1 new, 0 removed) — FAIL (--fail-on broadening)\n');
  });

  test('--format json is stable, sorted JSON with the verdict', () => {
    const first = run(work, 'diff', 'base', 'head', '--format=json');
    const again = run(work, 'diff', 'base', 'head', '--format=json');
    expect(first.stdout).toBe(again.stdout);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ command: 'diff', result: 'fail', failOn: 'broadening', before: 'base', after: 'head' });
    expect(report.comparisons.map((c: { stack: string; status: string }) => `${c.stack}: ${c.status}`)).toEqual(['groups: new', 'prod: changed']);
    expect(unsortedKeys(report)).toEqual([]);
  });

  test('a policy breaking an IAM limit is warned about, without changing the exit code', () => {
    // GIVEN policies of 8 and of 9 statements (one more than IAM accepts)
    for (const count of [8, 9]) {
      writeJson(join(work, `statements-${count}.json`), {
        Version: '1.1',
        Statement: Array.from({ length: count }, () => ({ Effect: 'Allow', Action: ['ecs:servers:stop'] })),
      });
    }
    // WHEN each is the after side THEN 9 warns on stderr (markdown) and in the report, 8 does not
    const nine = run(work, 'diff', 'statements-8.json', 'statements-9.json', '--format', 'markdown');
    expect(nine.code).toBe(0);
    expect(nine.stderr).toContain('warning: statements-9.json: IAM.1028: the document has 9 statements (at least 1, at most 8)\n');
    expect(nine.stdout).toContain('### Warnings: IAM limits');
    const eight = run(work, 'diff', 'statements-9.json', 'statements-8.json', '--format', 'markdown');
    expect(eight.stderr).not.toContain('warning');
    expect(eight.stdout).not.toContain('Warnings');
  });
});

describe('CLI policy check: exit 1 when a needed action is missing', () => {
  test('a missing action names the Deny that refuses it and the constructs that need it', () => {
    const { code, stdout } = run(work, 'check', 'head', '--against', 'existing.json');
    expect(code).toBe(1);
    expect(stdout).toContain(
      'Missing (1):\n  ecs:servers:resize  denied by ecs:servers:resize (existing.json Statement[1])\n' +
        '      prod/resize-web1 (ServerResize: server-resize) calls POST /v2.1/{project_id}/servers/{server_id}/action\n',
    );
    expect(stdout.trimEnd().split('\n').pop()).toBe('policy check: 1 of 17 needed actions missing — FAIL');
  });

  test('an existing policy that allows everything needed passes', () => {
    const { code, stdout } = run(work, 'check', 'stop', '--against', 'broad.json');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').pop()).toBe('policy check: all 3 needed actions allowed — PASS');
  });

  test('several --against policies are granted together', () => {
    const extra = writeJson(join(work, 'extra.json'), { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:servers:*'] }] });
    expect(run(work, 'check', 'stop', '--against', extra, '--against', 'broad.json').code).toBe(0);
    expect(run(work, 'check', 'stop', '--against', extra).code).toBe(1);
  });

  test('--report-excess adds least-privilege advice but not a failure', () => {
    const { code, stdout } = run(work, 'check', 'stop', '--against', 'broad.json', '--report-excess');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Beyond the need (1):\n  ecs:*:* (broad.json Statement[0]): replace it with the 3 needed actions it matches\n' +
        '      needed: ecs:cloudServers:showServer, ecs:servers:list, ecs:servers:stop\n',
    );
    expect(stdout.trimEnd().split('\n').pop()).toBe('policy check: all 3 needed actions allowed; 1 grant beyond the need — PASS');
  });

  test('--format markdown', () => {
    const { code, stdout } = run(work, 'check', 'head', '--against', 'existing.json', '--report-excess', '--format', 'markdown');
    expect(code).toBe(1);
    expect(stdout).toMatchSnapshot();
  });
});

describe('CLI policy: usage errors and malformed input exit 2 with a clear message', () => {
  test.each([
    ['not JSON', '{"Version":', /not JSON/],
    ['a wrong Version', '{"Version":"1.0","Statement":[]}', /"Version" must be "1.1" \(custom fine-grained policy\), found "1.0"/],
    ['no Statement', '{"Version":"1.1"}', /"Statement" is missing or not an array/],
    [
      'an unknown effect',
      '{"Version":"1.1","Statement":[{"Effect":"Grant","Action":["ecs:servers:stop"]}]}',
      /Statement\[0\]\.Effect must be "Allow" or "Deny", found "Grant"/,
    ],
  ])('a policy file with %s', (name, text, problem) => {
    const file = `${name.replace(/\W+/g, '-')}.json`;
    writeFileSync(join(work, file), text);
    for (const args of [
      ['diff', 'broad.json', file],
      ['check', 'stop', '--against', file],
      ['check', file, '--against', 'broad.json'],
    ]) {
      const { code, stdout, stderr } = run(work, ...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^ecs-lifecycle policy ${args[0]}: ${file} is not a valid IAM policy document`));
      expect(stderr).toMatch(problem);
    }
  });

  test.each([
    [['diff', 'stop'], /diff takes two inputs, <before> and <after>; found 1/],
    [['diff', 'stop', 'stop', '--fail-on', 'sometimes'], /--fail-on must be one of broadening, any, never; found 'sometimes'/],
    [['diff', 'stop', 'stop', '--format', 'html'], /--format must be one of text, markdown, json, sarif, junit, github; found 'html'/],
    [['diff', 'stop', 'stop', '--strict'], /Unknown option '--strict'/],
    [['diff', 'base', 'stop'], /base is a cdktf\.out folder and the other input is not/],
    [['check', 'stop'], /check needs --against <existing policy>/],
    [['check', 'stop', '--against', 'base'], /--against base is a cdktf\.out folder: give an existing policy file/],
    [['verify'], /unknown command 'verify': expected diff or check/],
  ])('%j', (args, message) => {
    const { code, stderr } = run(work, ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Run 'ecs-lifecycle policy --help' for usage.");
  });

  test('a missing file is named', () => {
    const { code, stderr } = run(work, 'diff', 'stop', 'gone.json');
    expect(code).toBe(2);
    expect(stderr).toBe('ecs-lifecycle policy diff: gone.json: no such file or folder\n');
  });

  test('a hand-written policy passed as the generated one is refused with a hint', () => {
    const { code, stderr } = run(work, 'check', 'broad.json', '--against', 'stop/ecs-iam-policy.json');
    expect(code).toBe(2);
    expect(stderr).toContain('Statement[0].Action[0] "ecs:*:*" is not an action of the catalog');
    expect(stderr).toContain('an existing or hand-written policy goes after --against');
  });

  test.each([
    [[], 2],
    [['--help'], 0],
    [['diff', '--help'], 0],
    [['check', '-h'], 0],
  ])('help for %j exits %i', (args, expected) => {
    const { code, stdout } = run(work, ...args);
    expect(code).toBe(expected);
    expect(stdout).toContain('ecs-lifecycle policy diff <before> <after> [--fail-on broadening|any|never]');
    expect(stdout).toContain('Exit codes: 0 pass; 1 the gate failed');
  });

  test('the top-level help lists the policy command', () => {
    const result = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/^ {2}policy {5}review and gate generated IAM policies/m);
  });
});

// Paths to every object whose keys are not in sorted order.
function unsortedKeys(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unsortedKeys(v, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const keys = Object.keys(value);
  const own = keys.join() === [...keys].sort().join() ? [] : [at];
  return [...own, ...keys.flatMap((k) => unsortedKeys((value as Record<string, unknown>)[k], `${at}.${k}`))];
}
