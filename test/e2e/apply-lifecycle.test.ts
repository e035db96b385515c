/** How real Terraform applies behave over a stack's life: failures, corrections, removals, and the two resource types. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { ServerGroup, ServerReinstallOs, ServerStart, ServerStop, ServerUnlock } from '../../src';
import { allFiles } from '../helpers/synth';
import { MaintenanceWindowStack } from '../../examples/maintenance-window/stack';
import { describeWithTerraform, workspace } from './terraform-harness';

const S1 = '1a2b3c4d-0000-4000-8000-0000000000b1';
const S2 = '1a2b3c4d-0000-4000-8000-0000000000b2';
const seed = (id: string, locked = false) => ({
  id,
  name: id.slice(-2),
  flavorRef: 's3.medium.2',
  imageId: 'e215580f-73ad-429d-b6f2-5433947433b0',
  status: 'ACTIVE' as const,
  locked,
});

describeWithTerraform("end to end: applies over a stack's life", () => {
  test('a failed apply (a locked server) prints a clear message, and the corrected stack then applies', async () => {
    // GIVEN a stop on a server that is locked in the cloud
    const ws = await workspace([seed(S1, true)], (s) => {
      new ServerStop(s, 'stop', { serverId: S1 });
    });
    try {
      await ws.terraform('init');
      // WHEN applied THEN it fails with the cloud's refusal and the fix, and nothing was mutated
      const failed = await ws.terraform('apply', '-auto-approve');
      expect(failed.code).toBe(1);
      expect(failed.output).toMatch(/server-stop/);
      expect(failed.output).toMatch(/e2e\/stop/);
      expect(failed.output).toMatch(/[Uu]nlock/);
      expect(ws.emulator.server(S1)?.status).toBe('ACTIVE');
      // WHEN the stack is corrected with a ServerUnlock before the stop THEN the re-apply finishes
      ws.resynth((s) => {
        new ServerUnlock(s, 'unlock', { serverId: S1 });
        new ServerStop(s, 'stop', { serverId: S1 });
      });
      ws.emulator.setPolicy(undefined);
      const fixed = await ws.terraform('apply', '-auto-approve');
      expect(fixed.code).toBe(0);
      expect(ws.emulator.server(S1)).toMatchObject({ status: 'SHUTOFF', locked: false });
    } finally {
      await ws.close();
    }
  });

  test('removing an operation from the stack and applying does not fail and calls nothing; destroy deletes the groups', async () => {
    const ws = await workspace([seed(S1), seed(S2)], (s) => {
      new ServerGroup(s, 'group', { name: 'web' });
      new ServerStop(s, 'stop-1', { serverId: S1 });
      new ServerStop(s, 'stop-2', { serverId: S2 });
    });
    try {
      await ws.terraform('init');
      expect((await ws.terraform('apply', '-auto-approve')).code).toBe(0);
      const calls = ws.emulator.audit.length;
      ws.resynth((s) => {
        new ServerGroup(s, 'group', { name: 'web' });
        new ServerStop(s, 'stop-1', { serverId: S1 });
      });
      const apply = await ws.terraform('apply', '-auto-approve');
      expect(apply.code).toBe(0);
      expect(apply.output).toMatch(/1 destroyed/);
      expect(ws.emulator.audit.length).toBe(calls);
      expect((await ws.terraform('destroy', '-auto-approve')).code).toBe(0);
      expect(ws.emulator.serverGroups()).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  test('a changed input re-runs only that operation', async () => {
    const ws = await workspace(
      [seed(S1)],
      (s) => {
        new ServerStop(s, 'stop', { serverId: S1 });
        new ServerStart(s, 'start', { serverId: S1 });
      },
      false,
    );
    try {
      await ws.terraform('init');
      expect((await ws.terraform('apply', '-auto-approve')).code).toBe(0);
      ws.resynth((s) => {
        new ServerStop(s, 'stop', { serverId: S1 });
        new ServerStart(s, 'start', { serverId: S1, rerunTrigger: 'again' });
      });
      const apply = await ws.terraform('apply', '-auto-approve');
      expect(apply.code).toBe(0);
      expect(apply.output).toMatch(/1 added, 0 changed, 1 destroyed/);
    } finally {
      await ws.close();
    }
  });
});

describe('the default null_resource plan matches the terraform_data plan that the end-to-end tests apply', () => {
  test('same commands, triggers and ordering for the maintenance-window example', () => {
    const synth = (resourceType: 'null_resource' | 'terraform_data') => {
      const stack = new MaintenanceWindowStack(new App({ outdir: Testing.app().outdir }), 'mw', { resourceType });
      const resources = JSON.parse(Testing.synth(stack)).resource[resourceType] as Record<string, Record<string, unknown>>;
      return Object.fromEntries(
        Object.entries(resources).map(([name, r]) => [
          name,
          {
            triggers: r.triggers ?? r.triggers_replace,
            provisioner: JSON.parse(JSON.stringify(r.provisioner).replace(/self\.triggers_replace\./g, 'self.triggers.')),
            depends_on: ((r.depends_on as string[] | undefined) ?? []).map((d) => d.replace(/^(null_resource|terraform_data)\./, '')),
          },
        ]),
      );
    };
    const nullPlan = synth('null_resource');
    expect(Object.keys(nullPlan)).toHaveLength(9);
    expect(synth('terraform_data')).toEqual(nullPlan);
  });
});

describeWithTerraform('end to end: secrets', () => {
  const ACCESS_KEY = 'E2EACCESSKEY0001';
  test.each([
    [
      'an AK/SK pair',
      { credentials: [{ accessKey: ACCESS_KEY, secretKey: 'CANARY-SECRET-KEY-e2e-4242' }] },
      () => ({ OS_ACCESS_KEY: ACCESS_KEY, OS_SECRET_KEY: 'CANARY-SECRET-KEY-e2e-4242' }),
      'CANARY-SECRET-KEY-e2e-4242',
    ],
    ['a token', { tokens: ['CANARY-TOKEN-e2e-4343'] }, () => ({ OS_AUTH_TOKEN: 'CANARY-TOKEN-e2e-4343' }), 'CANARY-TOKEN-e2e-4343'],
    [
      'a user password',
      { users: [{ name: 'pipeline', password: 'Canary-User-Pw-e2e-4545', domain: 'acme' }] },
      () => ({ OS_USERNAME: 'pipeline', OS_PASSWORD: 'Canary-User-Pw-e2e-4545', OS_DOMAIN_NAME: 'acme' }),
      'Canary-User-Pw-e2e-4545',
    ],
  ])(
    'with %s, neither the credential nor the admin password appears in cdktf.out, the state or any output',
    async (_auth, options, credentials, credential) => {
      // GIVEN canary secrets: the CLI's only credential, and the admin password
      const password = 'Canary-Adm1n-e2e-4444';
      process.env.E2E_CANARY_PASSWORD = password;
      const stopped = { ...seed(S1), status: 'SHUTOFF' as const };
      const ws = await workspace(
        [stopped],
        (s) => {
          new ServerReinstallOs(s, 'reinstall', { serverId: S1, adminPasswordEnv: 'E2E_CANARY_PASSWORD' });
          new ServerStart(s, 'start', { serverId: S1 });
        },
        true,
        options,
        credentials,
      );
      try {
        // WHEN applied and destroyed
        const outputs = [await ws.terraform('init'), await ws.terraform('apply', '-auto-approve'), await ws.terraform('destroy', '-auto-approve')];
        expect(outputs.map((o) => o.code)).toEqual([0, 0, 0]);
        // THEN no canary is in any output or any file written (plan, policy, review, state, backups)
        const texts = [...outputs.map((o) => o.output), ...allFiles(ws.root).map((f) => fs.readFileSync(f, 'utf8'))];
        for (const value of [credential, password]) expect(texts.filter((t) => t.includes(value))).toEqual([]);
        expect(ws.emulator.server(S1)?.status).toBe('ACTIVE');
      } finally {
        await ws.close();
      }
    },
  );
});

describeWithTerraform('end to end: HCL output', () => {
  test('as `cdktf synth --hcl` runs it, Terraform validates the cdk.tf, and the policy and review files are written beside it', () => {
    // GIVEN the maintenance-window example synthesized as HCL: cdktf 0.21's stacks follow SYNTH_HCL_OUTPUT, which the CLI's --hcl sets
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-hcl-'));
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const app = new App({ outdir });
      new MaintenanceWindowStack(app, 'mw', { resourceType: 'terraform_data' });
      app.synth();
      const stackDir = path.join(outdir, 'stacks', 'mw');
      // THEN the plan is HCL with the triggers, and the policy files sit beside it
      expect(fs.readdirSync(stackDir).sort()).toEqual([
        'cdk.tf',
        'ecs-iam-policy.json',
        'ecs-iam-policy.md',
        'ecs-iam-policy.review.json',
        'ecs-iam-preview-policy.json',
        'metadata.json',
      ]);
      expect(fs.readFileSync(path.join(stackDir, 'cdk.tf'), 'utf8')).toMatch(
        /resource "terraform_data" "\S+" \{\ntriggers_replace = \{\noperation = "server-stop"/,
      );
      // AND Terraform (offline: terraform_data needs no provider) accepts it
      const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(outdir, 'empty.tfrc'), CHECKPOINT_DISABLE: '1' };
      fs.writeFileSync(env.TF_CLI_CONFIG_FILE, '');
      for (const command of [['init', '-input=false', '-backend=false'], ['validate']]) {
        const result = spawnSync('terraform', [`-chdir=${stackDir}`, ...command, '-no-color'], { env, encoding: 'utf8' });
        expect({ command: command[0], code: result.status, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
      }
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
