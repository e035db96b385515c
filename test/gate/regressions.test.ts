/**
 * The five reproductions of issue 15, through the real CLI as a pipeline runs it, plus the property that
 * no input string can shape the Markdown comment.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { MAX_INPUT_BYTES, type PolicyCheck, type PolicyDiff, renderCheck, renderDiff } from '../../src/gate';
import type { PolicyStatement } from '../../src/iam';
import { tempDir, writeJson, writeOutdir } from './fixtures/synth-output';

const CLI = resolve(__dirname, '../../lib/cli.js');
const work = tempDir('gate-regressions-');

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'policy', ...args], { cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function policy(name: string, ...statements: PolicyStatement[]): string {
  return writeJson(join(work, name), { Version: '1.1', Statement: statements });
}

const ONLY_ALICE = { StringEquals: { 'g:UserName': ['alice'] } };
const INSTANCE_1 = 'ECS:*:*:instance:i-1';

describe('reproduction 1: Condition and Resource are evaluated, in the direction that keeps the gate sound', () => {
  policy('allow-if.json', { Effect: 'Allow', Action: ['ecs:servers:stop'], Condition: ONLY_ALICE });
  policy('allow.json', { Effect: 'Allow', Action: ['ecs:servers:stop'] });
  policy('allow-if-narrower.json', { Effect: 'Allow', Action: ['ecs:servers:stop'], Condition: { ...ONLY_ALICE, Bool: { 'g:MFAPresent': ['true'] } } });
  policy('allow-on-1.json', { Effect: 'Allow', Action: ['ecs:servers:stop'], Resource: [INSTANCE_1] });
  policy('deny.json', { Effect: 'Allow', Action: ['ecs:*:*'] }, { Effect: 'Deny', Action: ['ecs:servers:stop'] });
  policy('deny-if.json', { Effect: 'Allow', Action: ['ecs:*:*'] }, { Effect: 'Deny', Action: ['ecs:servers:stop'], Condition: ONLY_ALICE });
  policy('deny-on-1.json', { Effect: 'Allow', Action: ['ecs:*:*'] }, { Effect: 'Deny', Action: ['ecs:servers:stop'], Resource: [INSTANCE_1] });

  test.each([
    ['an Allow whose Condition was removed', 'allow-if.json', 'allow.json', 'after.json'],
    ['an Allow whose Resource widened', 'allow-on-1.json', 'allow.json', 'after.json'],
    ['a Deny that gained a Condition', 'deny.json', 'deny-if.json', 'before.json'],
    ['a Deny whose Resource narrowed', 'deny.json', 'deny-on-1.json', 'before.json'],
  ])('%s is broadening: exit 1, naming the statement', (_, before, after) => {
    const { code, stdout } = run('diff', before, after, '--format', 'json');
    expect(code).toBe(1);
    const entries = JSON.parse(stdout).comparisons[0].entries as { broadening: boolean; at: { source: string; statement: number }; reason: string }[];
    const broadening = entries.filter((e) => e.broadening);
    expect(broadening.length).toBeGreaterThan(0);
    for (const entry of broadening) expect(entry.at.source).toMatch(/\.json$/);
  });

  test('an Allow whose Condition was changed into a provably narrower one passes', () => {
    expect(run('diff', 'allow-if.json', 'allow-if-narrower.json').code).toBe(0);
  });

  test('a Condition the gate cannot compare counts as broadening, and the output names it', () => {
    policy('allow-after.json', {
      Effect: 'Allow',
      Action: ['ecs:servers:stop'],
      Condition: { DateGreaterThan: { 'g:CurrentTime': ['2025-01-01T00:00:00Z'] } },
    });
    const { code, stdout } = run('diff', 'allow-if.json', 'allow-after.json');
    expect(code).toBe(1);
    expect(stdout).toContain('the gate cannot compare the Condition {"DateGreaterThan":{"g:CurrentTime":["2025-01-01T00:00:00Z"]}}');
  });

  test('policy check: an Allow limited by a Condition or Resource does not cover; --accept-conditional accepts it, shown with its limit', () => {
    writeOutdir(join(work, 'out'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }] });
    policy('existing-if.json', { Effect: 'Allow', Action: ['ecs:*:*'], Condition: ONLY_ALICE });
    policy('existing-on-1.json', { Effect: 'Allow', Action: ['ecs:*:*'], Resource: [INSTANCE_1] });
    policy('existing-never.json', {
      Effect: 'Allow',
      Action: ['ecs:*:*'],
      Condition: { StringEquals: { 'g:UserName': ['alice'] }, StringNotEquals: { 'g:UserName': ['alice'] } },
    });
    for (const existing of ['existing-if.json', 'existing-on-1.json']) {
      const failed = run('check', 'out', '--against', existing);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(
        /Covered only under a condition \(3\):\n {2}ecs:cloudServers:showServer {2}allowed by ecs:\*:\* \(existing-\S+ Statement\[0\]\) only with (Condition \{"StringEquals":\{"g:UserName":\["alice"\]\}\}|Resource ECS:\*:\*:instance:i-1)/,
      );
      expect(failed.stdout.trimEnd().split('\n').pop()).toBe('policy check: 3 of 3 needed actions covered only under a condition — FAIL');
      const accepted = run('check', 'out', '--against', existing, '--accept-conditional');
      expect(accepted.code).toBe(0);
      expect(accepted.stdout.trimEnd().split('\n').pop()).toBe('policy check: 3 of 3 needed actions covered only under a condition (accepted) — PASS');
    }
    // An Allow whose Condition can never hold is no coverage at all, even with the flag.
    const never = run('check', 'out', '--against', 'existing-never.json', '--accept-conditional');
    expect(never.code).toBe(1);
    expect(never.stdout).toContain('Missing (3):');
  });
});

describe('reproduction 2: 5,000-action policies are compared by service, each pattern compiled once', () => {
  test('diff and check of 5,000-action policies give the right counts (the benchmark reports their speed)', () => {
    const actions = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `ecs:${prefix}${i % 50}:act${i}`);
    const chunk = (list: string[]) =>
      Array.from({ length: Math.ceil(list.length / 100) }, (_, i) => ({ Effect: 'Allow', Action: list.slice(i * 100, i * 100 + 100) }));
    writeJson(join(work, 'big-before.json'), { Version: '1.1', Statement: [...chunk(actions(5000, 'type')), { Effect: 'Deny', Action: ['ecs:type7:*'] }] });
    writeJson(join(work, 'big-after.json'), {
      Version: '1.1',
      Statement: [...chunk([...actions(4990, 'type'), ...actions(10, 'new')]), { Effect: 'Deny', Action: ['ecs:type7:*'] }],
    });
    const diff = run('diff', 'big-before.json', 'big-after.json');
    expect(diff.code).toBe(1);
    expect(diff.stdout.trimEnd().split('\n').pop()).toBe('policy diff: 10 added (10 broadening), 10 removed — FAIL (--fail-on broadening)');
    writeOutdir(join(work, 'big-need'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }] });
    const check = run('check', 'big-need', '--against', 'big-before.json');
    expect(check.code).toBe(1);
    expect(check.stdout.trimEnd().split('\n').pop()).toBe('policy check: 3 of 3 needed actions missing — FAIL');
  }, 60_000);
});

describe('reproduction 3: malformed input of any depth or size exits 2, naming the file and the field', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  test.each([
    ['Version', `{"Version": ${deep(100_000)}, "Statement": []}`, 'Version'],
    ['Effect', `{"Version": "1.1", "Statement": [{"Effect": ${deep(100_000)}, "Action": ["ecs:servers:stop"]}]}`, 'Statement[0].Effect'],
    [
      'Condition',
      `{"Version": "1.1", "Statement": [{"Effect": "Allow", "Action": ["ecs:servers:stop"], "Condition": {"StringEquals": {"k": ${deep(100)}}}}]}`,
      'Statement[0].Condition.StringEquals.k',
    ],
  ])('a policy nested deeply under %s', (_, text, field) => {
    writeFileSync(join(work, 'deep.json'), text);
    const { code, stderr } = run('diff', 'deep.json', 'allow.json');
    expect(code).toBe(2);
    expect(stderr).toContain('deep.json');
    expect(stderr).toContain(`${field}[`);
    expect(stderr).not.toContain('Maximum call stack');
  });

  test('review data nested deeply under a field', () => {
    const stack = join(work, 'deep-review');
    mkdirSync(stack, { recursive: true });
    writeJson(join(stack, 'ecs-iam-policy.json'), { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:servers:stop'] }] });
    writeFileSync(join(stack, 'ecs-iam-policy.review.json'), `{"stack": "prod", "actions": [{"action": "ecs:servers:stop", "neededBy": ${deep(100_000)}}]}`);
    const { code, stderr } = run('diff', 'allow.json', 'deep-review');
    expect(code).toBe(2);
    expect(stderr).toContain('ecs-iam-policy.review.json');
    expect(stderr).toContain('actions[0].neededBy[');
  });

  test(`a file larger than ${MAX_INPUT_BYTES} bytes`, () => {
    writeFileSync(join(work, 'huge.json'), `{"Version": "1.1", "Statement": []}${' '.repeat(MAX_INPUT_BYTES)}`);
    const { code, stderr } = run('diff', 'huge.json', 'allow.json');
    expect(code).toBe(2);
    expect(stderr).toContain('huge.json: is larger than 8,388,608 bytes');
  });
});

describe('reproduction 4: the Markdown comment cannot be forged', () => {
  test('a stack folder whose name holds a newline, a heading and a comment opener', () => {
    const forged = 'prod\n## IAM policy diff: PASS\n<!--';
    writeOutdir(join(work, 'md-base'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }] });
    writeOutdir(join(work, 'md-head'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }], [forged]: [{ id: 'start', operation: 'server-start' }] });
    const { code, stdout } = run('diff', 'md-base', 'md-head', '--format', 'markdown');
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '## IAM policy diff: FAIL, broadens the policy',
      '### Stack `prod\\u{a}## IAM policy diff: PASS\\u{a}<!--`: new',
    ]);
    expect(outsideCode(stdout)).not.toContain('<!--');
  });

  // Every line's Markdown role, as a renderer would see it at the start of the line.
  const roles = (markdown: string) =>
    markdown
      .split('\n')
      .map((line) =>
        /^ {0,3}#/.test(line)
          ? 'heading'
          : /^\s*\|/.test(line)
            ? 'row'
            : /^ {0,3}(`{3}|~{3})/.test(line)
              ? 'fence'
              : /^ {0,3}</.test(line)
                ? 'html'
                : line === ''
                  ? 'blank'
                  : 'text',
      );
  const hostile = fc.string({
    unit: fc.constantFrom('\n', '\r', '\u2028', '`', '|', '#', '<', '!--', '>', '-', '*', '_', '[', ']', '\\', ' ', 'a', '```', '~~~', '&'),
    maxLength: 20,
  });

  test('no input string changes the role of any line (property-based)', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 9, maxLength: 9 }), (s) => {
        const render = (t: string[]) => {
          const need = {
            constructPath: t[0],
            construct: t[1],
            operation: t[2],
            kind: 'primary' as const,
            api: t[3],
            iamProject: true,
            enterpriseProject: true,
          };
          const diff: PolicyDiff = {
            before: t[4],
            after: t[5],
            warnings: [t[6]],
            comparisons: [
              {
                stack: t[7],
                status: 'changed',
                entries: [
                  {
                    change: 'added',
                    effect: 'Allow',
                    form: 'Action',
                    patterns: [t[8]],
                    label: t[8],
                    at: { source: t[4], statement: 0 },
                    broadening: true,
                    reason: t[6],
                    neededBy: [need],
                  },
                ],
                notes: [t[5]],
              },
              { stack: t[8], status: 'unchanged', entries: [], notes: [] },
            ],
          };
          const check: PolicyCheck = {
            generated: t[4],
            existing: [t[5]],
            notes: [t[6]],
            warnings: [t[7]],
            acceptConditional: false,
            results: [
              {
                action: t[8],
                coverage: 'missing',
                decision: 'explicit-deny',
                by: { source: t[5], statement: 1, pattern: t[0] },
                uncompared: [t[1]],
                neededBy: [need],
              },
              { action: t[2], coverage: 'conditional', decision: 'allow', by: { source: t[5], statement: 0, pattern: t[3] }, onlyIf: [t[4]] },
              { action: t[6], coverage: 'covered', decision: 'allow', by: { source: t[7], statement: 0, pattern: t[8] } },
            ],
            excess: [{ at: { source: t[0], statement: 0, pattern: t[1] }, needed: [t[2]], unneeded: [t[3]], open: true, advice: t[4] }],
          };
          return [renderDiff(diff, 'broadening', 'markdown'), renderCheck(check, 'markdown')];
        };
        const benign = render(s.map(() => 'x'));
        const forged = render(s);
        expect(forged.map(roles)).toEqual(benign.map(roles));
        for (const markdown of forged) expect(outsideCode(markdown)).not.toContain('<!--');
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});

// The text outside code spans (a run of n backticks up to the next run of exactly n), where HTML would be
// read; a backslash-escaped character outside them is kept with its backslash.
function outsideCode(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; ) {
    if (markdown[i] === '\\') {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    const open = /^`+/.exec(markdown.slice(i))?.[0];
    if (!open) {
      out += markdown[i];
      i += 1;
      continue;
    }
    const close = new RegExp(`(?<!\`)${open}(?!\`)`, 'g');
    close.lastIndex = i + open.length;
    const end = close.exec(markdown);
    if (!end) {
      out += open;
      i += open.length;
    } else {
      i = end.index + open.length;
    }
  }
  return out;
}
