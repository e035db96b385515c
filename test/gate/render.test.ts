import { join } from 'node:path';
import {
  checkPolicy,
  comparePolicies,
  loadPolicyInput,
  type LoadedPolicy,
  type PolicyDiff,
  renderCheck,
  renderDiff,
  type ReportFormat,
  type ReviewNeed,
} from '../../src/gate';
import { allow, deny, doc, loaded } from './fixtures/documents';
import { tempDir, writeStack } from './fixtures/synth-output';

const dir = tempDir();
const withReview = single(writeStack(join(dir, 'reviewed'), 'prod', [{ id: 'stop-web1', operation: 'server-stop' }]));
const bare = single(
  writeStack(
    join(dir, 'bare'),
    'prod',
    [
      { id: 'stop-web1', operation: 'server-stop' },
      { id: 'lock-web1', operation: 'server-lock' },
    ],
    { review: false },
  ),
);

describe('reports: every format says the same thing, deterministically', () => {
  test.each<ReportFormat>(['text', 'markdown', 'json'])('%s: without review data, entries are listed and a note says why they are not annotated', (format) => {
    // GIVEN an after policy without review data
    const report = renderDiff(diffOf(comparePolicies(withReview, bare)), 'broadening', format);
    // THEN the added action and the note are both in the report
    expect(report).toContain('ecs:servers:lock');
    expect(report).toContain(`who needs the added actions is unknown: no review data beside ${bare.source}`);
  });

  test('a need without the construct class (a foreign file that omits it) reads with the operation only', () => {
    const need: ReviewNeed = {
      constructPath: 'prod/stop-web1',
      operation: 'server-stop',
      kind: 'primary',
      api: 'POST /x',
      iamProject: true,
      enterpriseProject: false,
    };
    const review = {
      path: 'r.json',
      data: { stack: 'prod', cloud: 'otc', region: 'eu-de', authorization: 'project', actions: [{ action: 'ecs:servers:stop', neededBy: [need] }] },
    };
    const after: LoadedPolicy = { ...loaded(doc(allow('ecs:servers:stop'))), review };
    const text = renderDiff(diffOf(comparePolicies(loaded(doc()), after)), 'broadening', 'text');
    expect(text).toContain('\n      prod/stop-web1 (server-stop) calls POST /x\n');
  });

  test('an added action the review data does not list is marked as such in Markdown', () => {
    const after: LoadedPolicy = { ...loaded(doc(allow('ecs:servers:stop', 'ecs:servers:start'))), review: withReview.review };
    const markdown = renderDiff(diffOf(comparePolicies(loaded(doc()), after)), 'broadening', 'markdown');
    expect(markdown).toContain('| + Allow | `ecs:servers:start` | **yes**: the old policy did not allow it | _not in the review data_ |');
  });

  test('unchanged comparisons are one line in Markdown; Deny and narrowing entries read as such', () => {
    const before = loaded(doc(allow('ecs:servers:*')), 'before.json');
    const after = loaded(doc(allow('ecs:servers:*'), deny('ecs:servers:stop')), 'after.json');
    const diff: PolicyDiff = {
      before: 'a',
      after: 'b',
      warnings: [],
      comparisons: [
        { ...comparePolicies(before, after), stack: 'prod' },
        { ...comparePolicies(before, before), stack: 'staging' },
      ],
    };
    const markdown = renderDiff(diff, 'any', 'markdown');
    expect(markdown).toMatch(/^## IAM policy diff: FAIL\n/);
    expect(markdown).toContain('| + Deny | `ecs:servers:stop` | no: a new Deny narrows the policy |  |');
    expect(markdown).toContain('\nUnchanged: Stack `staging`.\n');
    expect(renderDiff(diff, 'broadening', 'text')).toContain('\nStack staging: unchanged\n');
  });

  test('a check with nothing beyond the need says so', () => {
    const check = checkPolicy(
      loadPolicyInput(join(dir, 'reviewed'), { generated: true }),
      [loaded(doc(allow('ecs:cloudServers:showServer', 'ecs:servers:list', 'ecs:servers:stop')))],
      { reportExcess: true },
    );
    expect(renderCheck(check, 'text')).toContain('Beyond the need (0):\n  nothing: the existing policy grants only what is needed\n');
    expect(renderCheck(check, 'markdown')).toContain('### Beyond the need\n\nNothing: the existing policy grants only what is needed.\n');
    expect(JSON.parse(renderCheck(check, 'json'))).toMatchObject({
      command: 'check',
      result: 'pass',
      excess: [],
      summary: 'policy check: all 3 needed actions allowed; 0 grants beyond the need — PASS',
    });
  });

  test('a check lists limit warnings in every format', () => {
    const tooMany = loaded(doc(...Array.from({ length: 9 }, () => allow('ecs:*:*'))), 'wide.json');
    const check = checkPolicy(loadPolicyInput(join(dir, 'reviewed'), { generated: true }), [tooMany]);
    const warning = 'wide.json: IAM.1028: the document has 9 statements (at least 1, at most 8)';
    expect(check.warnings).toEqual([warning]);
    for (const format of ['text', 'markdown', 'json'] as const) expect(renderCheck(check, format)).toContain(warning);
  });

  test('Markdown table cells escape the pipe character', () => {
    const need: ReviewNeed = {
      constructPath: 'prod/a|b',
      operation: 'server-stop',
      kind: 'primary',
      api: 'POST /x',
      iamProject: true,
      enterpriseProject: false,
    };
    const review = {
      path: 'r.json',
      data: { stack: 'prod', cloud: 'otc', region: 'eu-de', authorization: 'project', actions: [{ action: 'ecs:servers:stop', neededBy: [need] }] },
    };
    const markdown = renderDiff(diffOf(comparePolicies(loaded(doc()), { ...loaded(doc(allow('ecs:servers:stop'))), review })), 'broadening', 'markdown');
    expect(markdown).toContain('`prod/a\\|b` (server-stop)');
  });
});

function single(path: string): LoadedPolicy {
  const input = loadPolicyInput(path, { generated: true });
  if (input.kind !== 'policy') throw new Error('expected a policy');
  return input.policy;
}

function diffOf(comparison: ReturnType<typeof comparePolicies>): PolicyDiff {
  return { before: 'before', after: 'after', comparisons: [comparison], warnings: [] };
}
