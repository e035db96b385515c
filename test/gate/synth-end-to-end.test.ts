import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requiredActionsOf, sortedUnique } from '../../src/permissions';
import { synthReadmeStack } from './fixtures/readme-stack';
import { tempDir } from './fixtures/synth-output';

// Two versions of a stack synthesized for real, then gated with the real CLI, as a pipeline does.
const CLI = resolve(__dirname, '../../lib/cli.js');
const GATE_DOC = readFileSync(resolve(__dirname, '../../docs/gate.md'), 'utf8');

const work = tempDir('gate-e2e-');
synthReadmeStack(join(work, 'base', 'cdktf.out'), 'base');
synthReadmeStack(join(work, 'head', 'cdktf.out'), 'head');
synthReadmeStack(join(work, 'numbered', 'cdktf.out'), 'head', { policyDocuments: 'numbered' });

function policy(...args: string[]): { code: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, 'policy', ...args], { cwd: work, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout };
}

describe('policy gate on real synth output: adding a ServerResize to a stack', () => {
  test('is broadening by exactly the resize actions the stack did not already need, each annotated', () => {
    // GIVEN the base stack (server group, stop, start) and the head stack (the same plus a native resize)
    const before = sortedUnique(
      (['server-group-create', 'server-group-delete', 'server-stop', 'server-start'] as const).flatMap((op) => requiredActionsOf(op)),
    );
    const expected = requiredActionsOf('server-resize').filter((a) => !before.includes(a));
    // WHEN the two cdktf.out folders are diffed as JSON
    const { code, stdout } = policy('diff', 'base/cdktf.out', 'head/cdktf.out', '--format', 'json');
    // THEN the gate fails and every added action is broadening and needed by the resize construct
    expect(code).toBe(1);
    const [prod] = JSON.parse(stdout).comparisons;
    expect(prod.stack).toBe('prod');
    expect(prod.entries.map((e: { label: string }) => e.label)).toEqual(expected);
    for (const entry of prod.entries) {
      expect(entry).toMatchObject({ change: 'added', broadening: true });
      expect(entry.neededBy.map((n: { constructPath: string }) => n.constructPath)).toEqual(['prod/resize-web1']);
    }
  });

  test('removing it again narrows the policy: it passes --fail-on broadening and fails --fail-on any', () => {
    expect(policy('diff', 'head/cdktf.out', 'base/cdktf.out').code).toBe(0);
    expect(policy('diff', 'head/cdktf.out', 'base/cdktf.out', '--fail-on', 'any').code).toBe(1);
  });

  test('numbered documents grant the same as one document: no change', () => {
    const { code, stdout } = policy('diff', 'head/cdktf.out', 'numbered/cdktf.out', '--fail-on', 'any');
    expect(stdout).toContain('Stack prod: unchanged');
    expect(code).toBe(0);
  });

  test("a stack's generated policy passes a check against itself", () => {
    expect(policy('check', 'head/cdktf.out', '--against', 'head/cdktf.out/stacks/prod/ecs-iam-policy.json').code).toBe(0);
  });
});

describe('docs/gate.md: the gate output shown is the real output', () => {
  test.each([
    ['diff-text', ['diff', 'base/cdktf.out', 'head/cdktf.out'], 1],
    ['diff-markdown', ['diff', 'base/cdktf.out', 'head/cdktf.out', '--format', 'markdown'], 1],
    ['check-text', ['check', 'head/cdktf.out', '--against', 'ops-policy.json'], 1],
  ])('%s', (block, args, exitCode) => {
    // GIVEN the operations team's policy exactly as docs/gate.md shows it
    writeFileSync(join(work, 'ops-policy.json'), gateDocBlock('ops-policy'));
    // WHEN the page's command runs on real synth output
    const { code, stdout } = policy(...args);
    // THEN the page shows its output byte for byte, and the exit code it states
    expect(stdout).toBe(gateDocBlock(block));
    expect(code).toBe(exitCode);
  });
});

function gateDocBlock(name: string): string {
  const block = new RegExp(`<!-- gate:${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n`).exec(GATE_DOC)?.[1];
  if (block === undefined) throw new Error(`docs/gate.md has no block <!-- gate:${name} -->`);
  return block;
}
