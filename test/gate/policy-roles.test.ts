import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type App, TerraformStack } from 'cdktf';
import { ServerResize, ServerStart, ServerStop } from '../../src';
import { diffInputs, loadPolicyInput } from '../../src/gate';
import { LifecyclePolicyRole } from '../../src/role';
import { newApp, newStack, SERVER_1 } from '../helpers/synth';
import { tempDir } from './fixtures/synth-output';

// The real CLI, as a pipeline runs it.
const CLI = resolve(__dirname, '../../lib/cli.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, 'policy', ...args], { cwd, encoding: 'utf8' });

/** Synthesizes a lifecycle stack (stop, plus resize and start when `wide`), with or without the admin stack's role. */
function synthesize(withRole: boolean, wide = false, cloud: 'otc' | 'huaweicloud' = 'otc'): App {
  const app = newApp();
  const lifecycle = newStack(app, 'maintenance', cloud === 'otc' ? {} : { cloud, region: 'eu-west-101' });
  new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
  if (wide) {
    new ServerResize(lifecycle, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
    new ServerStart(lifecycle, 'start', { serverId: SERVER_1 });
  }
  if (withRole) {
    new LifecyclePolicyRole(new TerraformStack(app, 'admin'), 'ecs-policy', { stacks: [lifecycle] });
  }
  app.synth();
  return app;
}

describe('gate: the roles of a LifecyclePolicyRole are the policy files, counted once', () => {
  const work = tempDir('gate-roles-');
  cpSync(synthesize(false).outdir, join(work, 'file-only'), { recursive: true });
  cpSync(synthesize(true).outdir, join(work, 'with-role'), { recursive: true });
  cpSync(synthesize(true, true).outdir, join(work, 'wider-with-role'), { recursive: true });

  test('adding the role to the app changes no policy: the diff of the two cdktf.out folders is empty and passes', () => {
    const diff = diffInputs(loadPolicyInput(join(work, 'file-only'), { generated: true }), loadPolicyInput(join(work, 'with-role'), { generated: true }));
    expect(diff.comparisons.map((c) => [c.stack, c.status, c.entries.length])).toEqual([['maintenance', 'unchanged', 0]]);
    const cli = run(work, 'diff', 'file-only', 'with-role');
    expect(cli.status).toBe(0);
  });

  test('a wider policy deployed as a role is reported once, under its lifecycle stack (not again for the admin stack)', () => {
    const diff = diffInputs(loadPolicyInput(join(work, 'with-role'), { generated: true }), loadPolicyInput(join(work, 'wider-with-role'), { generated: true }));
    expect(diff.comparisons.map((c) => c.stack)).toEqual(['maintenance']);
    const added = diff.comparisons[0].entries.filter((e) => e.change === 'added').map((e) => e.label);
    expect(added).toContain('ecs:servers:resize');
    expect(new Set(added).size).toBe(added.length);
    expect(run(work, 'diff', 'with-role', 'wider-with-role').status).toBe(1);
  });

  test('a role whose statements differ from its file (edited after synth) is refused with the resource address', () => {
    const edited = join(work, 'edited');
    cpSync(join(work, 'with-role'), edited, { recursive: true });
    const plan = join(edited, 'stacks', 'admin', 'cdk.tf.json');
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('"ecs:servers:stop"', '"ecs:servers:delete"'));
    const cli = run(work, 'diff', 'with-role', 'edited');
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/opentelekomcloud_identity_role_v3\.ecs-policy_maintenance_\w+ does not carry the statements of .*ecs-iam-policy\.json/);
  });

  test('a second "statement" key inserted into a role after synth is refused, naming the file and the key', () => {
    // GIVEN the role's statements repeated under a second "statement" key that grants everything:
    // Terraform keeps both blocks, JSON.parse keeps only the last (the first, unchanged, would pass)
    const edited = join(work, 'repeated-key');
    cpSync(join(work, 'with-role'), edited, { recursive: true });
    const plan = join(edited, 'stacks', 'admin', 'cdk.tf.json');
    const text = readFileSync(plan, 'utf8');
    const at = text.indexOf('"statement": [');
    expect(at).toBeGreaterThan(0);
    writeFileSync(plan, `${text.slice(0, at)}"statement": [{ "action": ["ecs:*:*"], "effect": "Allow" }],\n${text.slice(at)}`);
    // WHEN the gate reads the folder THEN it exits 2 naming the file and the key
    const cli = run(work, 'diff', 'with-role', 'repeated-key');
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(join('repeated-key', 'stacks', 'admin', 'cdk.tf.json'));
    expect(cli.stderr).toMatch(/resource\.opentelekomcloud_identity_role_v3\.ecs-policy_maintenance_\w+ holds the key "statement" more than once/);
  });

  test('a role whose lifecycle stack is not in the folder is refused: it cannot be checked against its file', () => {
    const partial = join(work, 'partial');
    cpSync(join(work, 'with-role'), partial, { recursive: true });
    rmSync(join(partial, 'stacks', 'maintenance'), { recursive: true });
    const cli = run(work, 'diff', 'with-role', 'partial');
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain("carries ecs-iam-policy.json of stack 'maintenance', but");
  });
});

describe('gate: the Huawei Cloud role (huaweicloud_identity_role) is its policy file, counted once', () => {
  const work = tempDir('gate-huawei-roles-');
  cpSync(synthesize(false, false, 'huaweicloud').outdir, join(work, 'file-only'), { recursive: true });
  cpSync(synthesize(true, false, 'huaweicloud').outdir, join(work, 'with-role'), { recursive: true });
  cpSync(synthesize(true, true, 'huaweicloud').outdir, join(work, 'wider-with-role'), { recursive: true });

  test('adding the role changes no policy, and a wider one is reported once, under its lifecycle stack', () => {
    const unchanged = diffInputs(loadPolicyInput(join(work, 'file-only'), { generated: true }), loadPolicyInput(join(work, 'with-role'), { generated: true }));
    expect(unchanged.comparisons.map((c) => [c.stack, c.status, c.entries.length])).toEqual([['maintenance', 'unchanged', 0]]);
    expect(run(work, 'diff', 'file-only', 'with-role').status).toBe(0);
    const wider = diffInputs(
      loadPolicyInput(join(work, 'with-role'), { generated: true }),
      loadPolicyInput(join(work, 'wider-with-role'), { generated: true }),
    );
    expect(wider.comparisons.map((c) => c.stack)).toEqual(['maintenance']);
    expect(run(work, 'diff', 'with-role', 'wider-with-role').status).toBe(1);
  });

  test('a role whose policy differs from its file (edited after synth) is refused with the resource address', () => {
    const edited = join(work, 'edited');
    cpSync(join(work, 'with-role'), edited, { recursive: true });
    const plan = join(edited, 'stacks', 'admin', 'cdk.tf.json');
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain('ecs:servers:stop');
    writeFileSync(plan, text.replace('ecs:servers:stop', 'ecs:servers:delete'));
    const cli = run(work, 'diff', 'with-role', 'edited');
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/huaweicloud_identity_role\.ecs-policy_maintenance_\w+ does not carry the statements of .*ecs-iam-policy\.json/);
  });
});
