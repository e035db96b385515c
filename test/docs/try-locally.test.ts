/**
 * The README's `<!-- try-locally -->` block, run as written in a scratch quick-start app, offline: it synthesizes the
 * quick-start stack with terraform_data for the emulator, starts the emulator from the stack folder, and applies the
 * plan with real Terraform under the generated policy.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithTerraform } from '../e2e/terraform-harness';

const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The code of the fenced block after `<!-- name -->`. */
function readmeBlock(name: string): string {
  const block = new RegExp(`<!-- ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n`).exec(README)?.[1];
  if (block === undefined) throw new Error(`README has no block <!-- ${name} -->`);
  return block;
}

/** A quick-start app: the README's three files, with the packages it installs linked from this repository. */
function quickStartApp(dir: string): void {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ecs-stack', version: '1.0.0', private: true }));
  for (const file of ['main.ts', 'tsconfig.json', 'cdktf.json']) fs.writeFileSync(path.join(dir, file), readmeBlock(`quick-start:file:${file}`));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(modules, 'cdktf-ecs-lifecycle'), 'dir');
  for (const name of ['cdktf', 'constructs', 'typescript', '@types']) fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  fs.symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin', 'tsc'));
  fs.symlinkSync('../cdktf-ecs-lifecycle/lib/cli.js', path.join(modules, '.bin', 'cdktf-ecs-lifecycle'));
}

describeWithTerraform('README: the try-locally block', () => {
  let app: string;
  beforeAll(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-try-locally-'));
    quickStartApp(app);
  });
  afterAll(() => {
    if (app) fs.rmSync(app, { recursive: true, force: true });
  });

  test('runs as written: the emulator seeded from the plan, terraform init and apply, every call allowed', async () => {
    // GIVEN the block, verbatim, and an environment without cloud credentials or a Terraform registry
    const block = readmeBlock('try-locally');
    const cliConfig = path.join(app, 'offline.tfrc');
    fs.writeFileSync(cliConfig, '');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OS|HW)_|^npm_/.test(name)));
    // WHEN bash runs it (its own process group, so that a failure cannot leave the emulator behind)
    const child = spawn('bash', ['-e', '-c', block], {
      cwd: app,
      env: { ...inherited, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', npm_config_offline: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 240_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group has ended
    }
    // THEN it succeeds: the plan applied and the emulator reported every call allowed
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    expect(output).toMatch(/ECS emulator stopped: \d+ calls, 0 denied; by route: /);
    // AND the audit file shows the stack's operations, each allowed by the generated policy
    const audit = fs
      .readFileSync(path.join(app, 'emulator-audit.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { route: string; decision: string; mutationApplied: boolean });
    expect(audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
    expect(audit.filter((e) => e.mutationApplied).map((e) => e.route)).toEqual([
      ...(audit.findIndex((e) => e.route === 'server-groups-create') < audit.findIndex((e) => e.route === 'server-action:os-stop')
        ? ['server-groups-create', 'server-action:os-stop']
        : ['server-action:os-stop', 'server-groups-create']),
      'server-action:resize',
      'server-action:confirmResize',
      'server-action:os-start',
    ]);
  }, 300_000);
});
