import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseXml, type XmlElement } from '../helpers/xml';
import { tempDir, writeJson, writeOutdir, writeStack } from './fixtures/synth-output';

// The real CLI, as a pipeline runs it.
const CLI = resolve(__dirname, '../../lib/cli.js');
function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'policy', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// base: prod stops web1. head: prod also resizes it natively (13 broadening actions), and a new stack creates a group.
const work = tempDir('gate-formats-');
writeOutdir(join(work, 'base'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }] });
writeOutdir(join(work, 'head'), {
  prod: [
    { id: 'stop-web1', operation: 'server-stop' },
    { id: 'resize-web1', operation: 'server-resize' },
  ],
  groups: [{ id: 'web', operation: 'server-group-create' }],
});
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
const FUTURE = '2999-12-31';
const PAST = '2000-01-01';
const acknowledgements = (name: string, entries: readonly Record<string, unknown>[]) => writeJson(join(work, name), { acknowledgements: entries });

const BROADENING_IN_PROD = 13;
const textOf = (...args: string[]) => run(work, 'diff', ...args).stdout;

describe('--format sarif: one result per finding, SARIF 2.1.0', () => {
  test('diff: one error result per broadening action, under rule ECSL1001, at the policy file, with the constructs as logical locations', () => {
    const { code, stdout } = run(work, 'diff', 'base', 'head', '--format', 'sarif');
    expect(code).toBe(1);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    const [sarifRun] = log.runs;
    expect(sarifRun.automationDetails.id).toBe('ecs-lifecycle/policy-diff/');
    const rules = sarifRun.tool.driver.rules as { id: string; name: string }[];
    expect(rules.map((r) => r.id)).toEqual(['ECSL1001', 'ECSL1002', 'ECSL1101', 'ECSL1102', 'ECSL1201', 'ECSL1202']);
    expect(sarifRun.results).toHaveLength(BROADENING_IN_PROD + 1);
    const resize = sarifRun.results.find((r: { message: { text: string } }) => r.message.text.includes("'ecs:servers:resize'"));
    expect(resize).toMatchObject({
      ruleId: 'ECSL1001',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'head/stacks/prod/ecs-iam-policy.json', uriBaseId: 'SRCROOT' }, region: { startLine: 1 } },
          logicalLocations: [{ fullyQualifiedName: 'prod/resize-web1', kind: 'resource' }],
        },
      ],
    });
    // Without an acknowledgement file, no result states suppressions.
    expect(sarifRun.results.some((r: object) => 'suppressions' in r)).toBe(false);
  });

  test('diff with --fail-on never: the same results, as warnings (the exit code is 0)', () => {
    const { code, stdout } = run(work, 'diff', 'base', 'head', '--format', 'sarif', '--fail-on', 'never');
    expect(code).toBe(0);
    const levels = new Set(JSON.parse(stdout).runs[0].results.map((r: { level: string }) => r.level));
    expect([...levels]).toEqual(['warning']);
  });

  test('check: one result per missing or conditional action, under ECSL1101 / ECSL1102', () => {
    const { code, stdout } = run(work, 'check', 'head', '--against', 'existing.json', '--format', 'sarif');
    expect(code).toBe(1);
    const results = JSON.parse(stdout).runs[0].results as { ruleId: string; level: string; message: { text: string } }[];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([['ECSL1101', 'error']]);
    expect(results[0].message.text).toMatch(/^The existing policy does not allow 'ecs:servers:resize', needed by stack 'prod'\./);
  });

  test('an acknowledged finding keeps its result, with a suppression whose justification is the reason; every other result states none', () => {
    const file = acknowledgements('acks-sarif.json', [{ action: 'ecs:servers:resize', stack: 'prod', reason: 'planned resize of web1', expires: FUTURE }]);
    const results = JSON.parse(run(work, 'diff', 'base', 'head', '--format', 'sarif', '--acknowledgements', file).stdout).runs[0].results;
    const suppressed = results.filter((r: { suppressions: unknown[] }) => r.suppressions.length);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'planned resize of web1', properties: { entry: `${file} acknowledgements[0]`, expires: FUTURE } },
    ]);
    expect(suppressed[0].level).toBe('warning');
    expect(results.every((r: { suppressions?: unknown[] }) => Array.isArray(r.suppressions))).toBe(true);
  });
});

describe('--format junit: one test case per stack and check, read back as XML', () => {
  const casesOf = (xml: string): XmlElement[] => {
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    return root.children.flatMap((suite) => suite.children.filter((c) => c.name === 'testcase'));
  };

  test('a failure per broadening action carries the same lines as the text format; the counts add up', () => {
    const { code, stdout } = run(work, 'diff', 'base', 'head', '--format', 'junit');
    expect(code).toBe(1);
    const root = parseXml(stdout);
    const [suite] = root.children;
    const cases = casesOf(stdout);
    const failures = cases.filter((c) => c.children.some((x) => x.name === 'failure'));
    expect(failures).toHaveLength(BROADENING_IN_PROD + 1);
    expect(suite.attributes).toMatchObject({ tests: String(cases.length), failures: String(failures.length), errors: '0', skipped: '0' });
    const resize = failures.find((c) => c.attributes.name === 'ECSL1001 PolicyBroadening: ecs:servers:resize');
    expect(resize?.attributes.classname).toBe('policy-diff.prod');
    const failure = resize?.children[0];
    expect(failure?.attributes.type).toBe('ECSL1001');
    // The text format's lines for the entry, in the failure's text.
    const text = textOf('base', 'head');
    const entry = text.split('\n').filter((line, i, lines) => line.includes('ecs:servers:resize  (') || lines[i - 1]?.includes('ecs:servers:resize  ('));
    for (const line of entry) expect(failure?.text).toContain(line.trim());
  });

  test('a stack without findings is one passing case; an acknowledged finding is skipped with its reason', () => {
    const file = acknowledgements('acks-junit.json', [{ action: 'ecs:servers:start', stack: '*', reason: 'the start is part of the window', expires: FUTURE }]);
    const { code, stdout } = run(work, 'diff', 'stop', 'stop-start', '--format', 'junit', '--acknowledgements', file);
    expect(code).toBe(0);
    const [only] = casesOf(stdout);
    expect(only.children[0]).toMatchObject({ name: 'skipped', attributes: { message: `acknowledged: the start is part of the window (expires ${FUTURE})` } });
    const unchanged = casesOf(run(work, 'diff', 'stop', 'stop', '--format', 'junit').stdout);
    expect(unchanged.map((c) => [c.attributes.name, c.children.length])).toEqual([['no broadening', 0]]);
  });

  test('check: every needed action is a case, the missing one a failure', () => {
    const cases = casesOf(run(work, 'check', 'head', '--against', 'existing.json', '--format', 'junit').stdout);
    expect(cases).toHaveLength(17);
    expect(cases.filter((c) => c.children.length).map((c) => c.attributes.name)).toEqual(['ECSL1101 MissingAction: ecs:servers:resize']);
  });
});

describe('--format github: one workflow command per finding', () => {
  test('::error per failing finding with file, title and message; the summary line on stderr', () => {
    const { code, stdout, stderr } = run(work, 'diff', 'stop', 'stop-start', '--format', 'github');
    expect(code).toBe(1);
    expect(stdout).toBe(
      '::error file=stop-start/ecs-iam-policy.json,line=1,title=ECSL1001 PolicyBroadening::' +
        "The policy adds Allow 'ecs:servers:start', which broadens the policy: the old policy did not allow it." +
        '%0A+ Allow ecs:servers:start  (BROADENING: the old policy did not allow it)' +
        '%0Aprod/start-web1 (ServerStart: server-start) calls POST /v2.1/{project_id}/servers/{server_id}/action\n',
    );
    expect(stderr).toBe('policy diff: 1 added (1 broadening), 0 removed — FAIL (--fail-on broadening)\n');
  });

  test('a hostile stack id can neither end the command nor start another, nor reach the terminal raw', () => {
    // GIVEN a stack whose id holds a newline with a forged command, a comma, a colon, a percent sign and ESC
    const hostile = 'x\n::error::forged,%0A:\u001b[2J';
    const dir = join(work, 'hostile');
    mkdirSync(join(dir, 'stacks'), { recursive: true });
    writeStack(join(dir, 'stacks', hostile), hostile, [{ id: 'stop-web1', operation: 'server-stop' }]);
    // WHEN the gate reports it in every format for terminals and logs
    const github = run(work, 'diff', 'narrow-missing', 'hostile', '--format', 'github');
    const text = run(work, 'diff', 'narrow-missing', 'hostile');
    // THEN every output line that starts a command is one of ours, and no raw control character is printed
    for (const output of [github.stdout, text.stdout, github.stderr, text.stderr]) expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(github.stdout.split('\n').filter((line) => line.startsWith('::'))).toHaveLength(3);
    expect(github.stdout).not.toMatch(/^::error::forged/m);
    expect(text.stdout).toContain('Stack x\\u000a::error::forged,%0A:\\u001b[2J: new');
  });
});

describe('a missing base is empty: the first pull request', () => {
  test('a base folder that does not exist: every action is new and broadening, said in one line (exit 1)', () => {
    const { code, stdout } = run(work, 'diff', 'no-such-base', 'head');
    expect(code).toBe(1);
    expect(stdout.split('\n')[1]).toBe('note: no-such-base does not exist: the base is read as empty, so every action is new and broadening');
    expect(stdout).toContain('Stack prod: new');
    expect(stdout.trimEnd().split('\n').pop()).toBe(
      'policy diff: 17 added (17 broadening), 0 removed across 2 stacks (2 new, 0 removed) — FAIL (--fail-on broadening)',
    );
  });

  test('a base that holds no stack (an empty cdktf.out) reads the same, in Markdown too', () => {
    mkdirSync(join(work, 'empty-out', 'stacks'), { recursive: true });
    const { code, stdout } = run(work, 'diff', 'empty-out', 'head', '--format', 'markdown');
    expect(code).toBe(1);
    expect(stdout).toContain('_Note: empty-out holds no stack: the base is read as empty, so every action is new and broadening_');
  });

  test('a missing base policy file against a policy file: every action is added', () => {
    const { code, stdout } = run(work, 'diff', 'missing.json', 'stop-start');
    expect(code).toBe(1);
    expect(stdout).toContain('policy diff: 4 added (4 broadening), 0 removed');
  });

  test('--base-missing error keeps it an input error (exit 2)', () => {
    const { code, stderr } = run(work, 'diff', 'no-such-base', 'head', '--base-missing', 'error');
    expect(code).toBe(2);
    expect(stderr).toContain('no-such-base: no such file or folder');
  });

  test('the first pull request passes with every finding acknowledged', () => {
    const actions = JSON.parse(run(work, 'diff', 'no-such-base', 'head', '--format', 'json').stdout).comparisons.flatMap(
      (c: { entries: { label: string }[] }) => c.entries.map((e) => e.label),
    );
    const file = acknowledgements(
      'acks-first.json',
      actions.map((action: string) => ({ action, stack: '*', reason: 'the first deployment of the library', expires: FUTURE })),
    );
    const { code, stdout } = run(work, 'diff', 'no-such-base', 'head', '--acknowledgements', file);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').pop()).toBe(
      'policy diff: 17 added (17 broadening, 17 acknowledged), 0 removed across 2 stacks (2 new, 0 removed) — PASS (--fail-on broadening)',
    );
  });
});

describe('acknowledged findings', () => {
  test('an acknowledgement accepts its finding (exit 0) and is listed with its reason', () => {
    const file = acknowledgements('acks-pass.json', [
      { action: 'ECS:Servers:Start', stack: 'prod', reason: 'the maintenance window starts web1', expires: FUTURE },
    ]);
    const { code, stdout } = run(work, 'diff', 'stop', 'stop-start', '--acknowledgements', file);
    // The two policies are files, not cdktf.out folders: only a `*` stack matches them; prod does not.
    expect(code).toBe(1);
    const anyStack = acknowledgements('acks-pass-any.json', [
      { action: 'ecs:servers:start', stack: '*', reason: 'the maintenance window starts web1', expires: FUTURE },
    ]);
    const passed = run(work, 'diff', 'stop', 'stop-start', '--acknowledgements', anyStack);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain(`      acknowledged until ${FUTURE} (${anyStack} acknowledgements[0]): the maintenance window starts web1\n`);
    expect(stdout).toContain(`acknowledgement: ${file} acknowledgements[0] matched no finding: remove it (ECS:Servers:Start in stack prod)`);
  });

  test('per stack in cdktf.out folders; check acknowledges a missing action too', () => {
    const file = acknowledgements('acks-check.json', [{ action: 'ecs:servers:resize', stack: 'prod', reason: 'ops grant it next sprint', expires: FUTURE }]);
    const check = run(work, 'check', 'head', '--against', 'existing.json', '--acknowledgements', file);
    expect(check.code).toBe(0);
    expect(check.stdout.trimEnd().split('\n').pop()).toBe('policy check: 1 of 17 needed actions missing (1 acknowledged) — PASS');
    const otherStack = acknowledgements('acks-check-other.json', [
      { action: 'ecs:servers:resize', stack: 'groups', reason: 'ops grant it next sprint', expires: FUTURE },
    ]);
    expect(run(work, 'check', 'head', '--against', 'existing.json', '--acknowledgements', otherStack).code).toBe(1);
  });

  test('an expired acknowledgement no longer counts: the gate fails and says it expired', () => {
    const file = acknowledgements('acks-expired.json', [
      { action: 'ecs:servers:start', stack: '*', reason: 'the maintenance window starts web1', expires: PAST },
    ]);
    const { code, stdout } = run(work, 'diff', 'stop', 'stop-start', '--acknowledgements', file);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `acknowledgement: ${file} acknowledgements[0] expired on ${PAST} and no longer counts: ecs:servers:start in stack * ("the maintenance window starts web1")`,
    );
    const sarif = JSON.parse(run(work, 'diff', 'stop', 'stop-start', '--acknowledgements', file, '--format', 'sarif').stdout).runs[0].results;
    expect(sarif.map((r: { ruleId: string; level: string; suppressions: unknown[] }) => [r.ruleId, r.level, r.suppressions.length])).toEqual([
      ['ECSL1001', 'error', 0],
      ['ECSL1201', 'warning', 0],
    ]);
  });

  test.each([
    [{ action: 'ecs:servers:start', stack: '*', expires: FUTURE }, 'acknowledgements[0].reason is required and must be a non-empty string, found nothing'],
    [{ action: 'ecs:servers:start', stack: '*', reason: '  ', expires: FUTURE }, 'acknowledgements[0].reason is required and must be a non-empty string'],
    [{ action: 'ecs:servers:start', stack: '*', reason: 'r' }, 'acknowledgements[0].expires is required'],
    [
      { action: 'ecs:servers:start', stack: '*', reason: 'r', expires: '2026-02-30' },
      'acknowledgements[0].expires must be a date YYYY-MM-DD, found "2026-02-30"',
    ],
    [{ action: 'ecs:servers:start', reason: 'r', expires: FUTURE }, 'acknowledgements[0].stack is required'],
    [{ action: 'ecs:servers:start', stack: '*', reason: 'r', expires: FUTURE, expiry: FUTURE }, 'acknowledgements[0] has an unknown key "expiry"'],
  ])('a malformed entry %j exits 2 naming it', (entry, message) => {
    const file = acknowledgements('acks-bad.json', [entry]);
    const { code, stderr } = run(work, 'diff', 'stop', 'stop-start', '--acknowledgements', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: ${message}`);
  });

  test.each([
    [
      'a policy file',
      'repeated-policy.json',
      '{ "Version": "1.1", "Statement": [{ "Effect": "Allow", "Action": ["ecs:servers:stop"], "Action": ["ecs:*:*"] }] }',
      'Statement[0] holds the key "Action" more than once',
    ],
    [
      'a policy file, the key escaped',
      'repeated-escaped.json',
      '{ "Version": "1.1", "Statement": [], "St\\u0061tement": [{ "Effect": "Allow", "Action": ["ecs:*:*"] }] }',
      '(top level) holds the key "Statement" more than once',
    ],
  ])('a repeated key in %s exits 2 naming the file and the key (JSON.parse keeps the last)', (_name, file, text, message) => {
    writeFileSync(join(work, file), text);
    const { code, stderr } = run(work, 'diff', 'stop', file);
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toContain(message);
  });

  test('a repeated key in review data exits 2 naming the file and the key', () => {
    const dir = join(work, 'repeated-review');
    writeStack(dir, 'prod', [{ id: 'stop-web1', operation: 'server-stop' }]);
    const review = join(dir, 'ecs-iam-policy.review.json');
    writeFileSync(review, `{ "stack": "other", ${readFileSync(review, 'utf8').trim().slice(1)}`);
    const { code, stderr } = run(work, 'diff', 'stop', 'repeated-review');
    expect(code).toBe(2);
    expect(stderr).toContain(`${join('repeated-review', 'ecs-iam-policy.review.json')}: review data: (top level) holds the key "stack" more than once`);
  });

  test('a repeated key in the acknowledgement file exits 2 naming the file and the key', () => {
    const file = join(work, 'acks-repeated.json');
    writeFileSync(file, `{ "acknowledgements": [{ "action": "a:b:c", "stack": "*", "reason": "r", "reason": "s", "expires": "${FUTURE}" }] }`);
    const { code, stderr } = run(work, 'diff', 'stop', 'stop-start', '--acknowledgements', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: acknowledgements[0] holds the key "reason" more than once`);
  });
});
