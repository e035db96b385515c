import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthReadmeStack } from './fixtures/readme-stack';
import { tempDir } from './fixtures/synth-output';

// The pipeline files are not run here (no CI service), but the commands they run are: the synth with
// CDKTF_OUTDIR, and the gate command line exactly as written in each file.
const ROOT = resolve(__dirname, '../..');
const PIPELINES = ['github-actions.yml', 'gitlab-ci.yml'].map((name) => ({ name, text: readFileSync(join(ROOT, 'examples/pipeline', name), 'utf8') }));

describe('examples/pipeline: the gate command each pipeline runs', () => {
  test.each(PIPELINES)('$name synthesizes base and head with CDKTF_OUTDIR and gates with policy diff --format markdown', ({ text }) => {
    expect(text).toMatch(/CDKTF_OUTDIR="\$\w+\/base-out" npm start/);
    expect(text).toMatch(/CDKTF_OUTDIR="\$\w+\/head-out" npm start/);
    expect(gateCommand(text)).toEqual({
      args: ['policy', 'diff', 'base-out', 'head-out', '--fail-on', 'broadening', '--format', 'markdown'],
      output: 'diff.md',
    });
  });

  test('on unchanged sources the gate passes: the examples synthesized twice through CDKTF_OUTDIR', () => {
    // GIVEN the examples synthesized as `npm start` does, into base-out/ and head-out/
    const work = tempDir('gate-pipeline-');
    for (const out of ['base-out', 'head-out']) {
      const synth = spawnSync(process.execPath, [join(ROOT, 'build/examples/main.js')], {
        cwd: ROOT,
        env: { ...process.env, CDKTF_OUTDIR: join(work, out) },
        encoding: 'utf8',
      });
      expect(synth.status).toBe(0);
      expect(existsSync(join(work, out, 'stacks', 'maintenance-window', 'ecs-iam-policy.json'))).toBe(true);
    }
    // WHEN each pipeline's gate command runs
    for (const { text } of PIPELINES) {
      const { code, output } = runGate(work, text);
      // THEN it passes and writes the comment
      expect(code).toBe(0);
      expect(output).toMatch(/^## IAM policy diff: PASS\n/);
    }
  });

  test('on a broadening change the gate fails after writing the comment', () => {
    // GIVEN a stack that gains a ServerResize between base and head
    const work = tempDir('gate-pipeline-');
    synthReadmeStack(join(work, 'base-out'), 'base');
    synthReadmeStack(join(work, 'head-out'), 'head');
    for (const { text } of PIPELINES) {
      const { code, output } = runGate(work, text);
      expect(code).toBe(1);
      expect(output).toMatch(/^## IAM policy diff: FAIL, broadens the policy\n/);
      expect(output).toContain('| + Allow | `ecs:servers:resize` | **yes**: the old policy did not allow it |');
    }
  });
});

describe('examples/pipeline: the GitHub workflow uploads the SARIF its gate writes', () => {
  test('the SARIF command writes a SARIF 2.1.0 log with the broadening findings, and the upload step reads that file', () => {
    const text = PIPELINES[0].text;
    const match = /npx --no-install cdktf-ecs-lifecycle (policy diff [^>|\n]+?--format sarif)\s*>\s*(\S+)/.exec(text);
    expect(match).not.toBeNull();
    const [, command, output] = match as RegExpExecArray;
    expect(text).toMatch(new RegExp(`uses: github/codeql-action/upload-sarif@v3\\n\\s+with:\\n\\s+sarif_file: ${output.replace('.', '\\.')}\\n`));
    expect(text).toContain('security-events: write');
    const work = tempDir('gate-pipeline-sarif-');
    synthReadmeStack(join(work, 'base-out'), 'base');
    synthReadmeStack(join(work, 'head-out'), 'head');
    const result = spawnSync(process.execPath, [join(ROOT, 'lib/cli.js'), ...command.split(/\s+/)], { cwd: work, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('ECSL1001');
  });
});

// The `npx --no-install cdktf-ecs-lifecycle policy diff … > file` line of a pipeline file.
function gateCommand(text: string): { args: string[]; output: string } {
  const match = /npx --no-install cdktf-ecs-lifecycle (policy diff [^>|\n]+?)\s*>\s*(\S+)/.exec(text);
  if (!match) throw new Error('no `npx --no-install cdktf-ecs-lifecycle policy diff … > file` line');
  return { args: match[1].split(/\s+/), output: match[2] };
}

// Runs a pipeline's gate command with the built CLI in `cwd`; `output` is what the pipeline redirects to its file.
function runGate(cwd: string, pipeline: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'lib/cli.js'), ...gateCommand(pipeline).args], { cwd, encoding: 'utf8' });
  return { code: result.status, output: result.stdout };
}
