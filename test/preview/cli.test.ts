/**
 * `cdktf-ecs-lifecycle preview` through the real bin (`node lib/cli.js preview`), against the emulator: formats,
 * exit codes, credentials, the read-only guarantee, values known only at apply, and hostile construct ids.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import * as fc from 'fast-check';
import { ServerFleetMaintenance, ServerGroup, ServerReboot, ServerStart, ServerStop } from '../../src';
import type { Emulator } from '../../src/emulator';
import { MixedServersStack } from '../../examples/mixed/servers-stack';
import { ACCESS_KEY_ENV, allowOnly, CANARY, emulatorOptions, SERVER, withEmulator } from '../runtime/helpers/exec-cli';
import { newApp, newStack } from '../helpers/synth';

const CLI = path.resolve(__dirname, '../../lib/cli.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the preview; fails the test if a canary secret reaches the output. */
// The suite may run on a Node the CLI refuses (test/setup-env.js): the CLI it starts runs anyway, as every CLI test's.
const UNSUPPORTED_NODE_ENV = process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE ? { ECS_LIFECYCLE_UNSUPPORTED_NODE: process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE } : {};

function previewCli(args: readonly string[], env: Readonly<Record<string, string>> = ACCESS_KEY_ENV): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'preview', ...args],
      { env: { PATH: process.env.PATH ?? '', ...UNSUPPORTED_NODE_ENV, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (Object.values(CANARY).some((secret) => (stdout + stderr).includes(secret))) reject(new Error(`a secret leaked:\n${stdout}${stderr}`));
        else resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Synthesizes a stack pointed at the emulator; returns its stack folder. */
function stackAgainst(emulator: Emulator, build: (stack: TerraformStack) => void): string {
  const app = newApp();
  build(newStack(app, 'prod', { endpoint: emulator.url, projectId: emulator.projectId }));
  app.synth();
  return path.join(app.outdir, 'stacks', 'prod');
}

const LOCKED = '11111111-2222-4333-8444-666666666666';
const withServers = () =>
  emulatorOptions({
    servers: [
      { id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'ACTIVE' },
      { id: LOCKED, name: 'web-2', flavorRef: 's3.medium.2', imageId: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'SHUTOFF', locked: true },
    ],
  });

describe('preview: usage and input (exit 2)', () => {
  test.each([
    [[], /expected one cdktf.out folder or stack folder, found 0 arguments/],
    [['a', 'b'], /found 2 arguments/],
    [['.', '--format', 'yaml'], /--format "yaml" is not one of text, markdown, json/],
    [['.', '--bogus'], /Unknown option '--bogus'/],
    [['.', '--timeout', 'soon'], /--timeout "soon" is not a number of seconds/],
    [['/nonexistent/cdktf.out'], /\/nonexistent\/cdktf.out: no such file or folder/],
    [[__dirname], /neither a cdktf.out folder \(no stacks\/ inside\) nor a stack folder \(no cdk.tf.json inside\)/],
  ])('GIVEN %p THEN it exits 2 saying why', async (args, message) => {
    const run = await previewCli(args);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await previewCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ecs-lifecycle preview <cdktf.out folder or stack folder>/);
    expect(run.stdout).toContain('ecs-iam-preview-policy.json');
  });
});

describe('preview: credentials and permission (exit 3)', () => {
  test('GIVEN no credentials THEN it exits 3 naming the variables, before any request', () =>
    withEmulator(withServers(), async (emulator) => {
      const dir = stackAgainst(emulator, (s) => new ServerStop(s, 'stop', { serverId: SERVER }));
      const run = await previewCli([dir], {});
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/OS_ACCESS_KEY/);
      expect(emulator.audit).toEqual([]);
    }));

  test("GIVEN a policy without the preview policy's read THEN it exits 3, and the fix names ecs-iam-preview-policy.json", () =>
    withEmulator(withServers(), async (emulator) => {
      emulator.setPolicy(allowOnly(['ecs:servers:stop']));
      const dir = stackAgainst(emulator, (s) => new ServerStop(s, 'stop', { serverId: SERVER }));
      const run = await previewCli([dir]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/HTTP 403.*Fix: grant the credentials the actions of ecs-iam-preview-policy.json/);
    }));
});

describe('preview: what it prints, and its exit code', () => {
  test('GIVEN a stop of a running server and a start of a locked one THEN text lists each in apply order and exits 1 (a refusal)', () =>
    withEmulator(withServers(), async (emulator) => {
      const dir = stackAgainst(emulator, (s) => {
        new ServerStop(s, 'stop-web1', { serverId: SERVER });
        new ServerStart(s, 'start-web2', { serverId: LOCKED });
      });
      const run = await previewCli([dir]);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n')).toEqual([
        'stack prod: 2 operation(s) in apply order',
        '  prod/start-web2 (server-start)',
        `    refused       ${LOCKED}  SHUTOFF (locked), flavor s3.medium.2; server ${LOCKED} is locked; Fix: the server is locked: add a ServerUnlock before this operation (and a ServerLock after it if it must stay locked)`,
        '  prod/stop-web1 (server-stop)',
        `    change        ${SERVER}  ACTIVE → SHUTOFF`,
        'summary: 1 change, 0 already-done, 1 refused, 0 unknown',
        '',
      ]);
      expect(emulator.mutations()).toBe(0);
    }));

  test('GIVEN a reboot THEN its outcome is unknown: exit 0, and exit 1 with --fail-on-unknown', () =>
    withEmulator(withServers(), async (emulator) => {
      const dir = stackAgainst(emulator, (s) => new ServerReboot(s, 'reboot', { serverId: SERVER }));
      const plain = await previewCli([dir, '--format', 'json']);
      expect(plain.code).toBe(0);
      expect(JSON.parse(plain.stdout)).toEqual({
        formatVersion: 1,
        stacks: [
          {
            stack: 'prod',
            operations: [
              {
                construct: 'prod/reboot',
                operation: 'server-reboot',
                address: 'null_resource.reboot',
                targets: [
                  {
                    id: SERVER,
                    outcome: 'unknown',
                    from: 'ACTIVE',
                    to: 'ACTIVE',
                    reason: 'runs on every apply; what it does (server-reboot) shows in no state the cloud reports, so the preview cannot say more',
                  },
                ],
              },
            ],
            destroy: [],
          },
        ],
        summary: { change: 0, 'already-done': 0, refused: 0, unknown: 1 },
      });
      expect(plain.stderr).toBe('ecs-lifecycle preview: 0 change, 0 already-done, 0 refused, 1 unknown\n');
      expect((await previewCli([dir, '--fail-on-unknown'])).code).toBe(1);
    }));

  test('GIVEN a group with members THEN markdown shows the group, the member change and the destroy-time delete apart', () =>
    withEmulator(withServers(), async (emulator) => {
      const dir = stackAgainst(emulator, (s) => {
        new ServerGroup(s, 'db', { name: 'db', api: 'cloudservers', members: [LOCKED] });
      });
      const run = await previewCli([dir, '--format', 'markdown']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('## Preview: what apply will do');
      expect(run.stdout).toContain('| `prod/db` | `server-group-create-cloudservers` | `db` | change | absent → present (anti-affinity), no members |  |');
      expect(run.stdout).toContain(
        `| \`prod/db/Members\` | \`server-group-members\` | \`db\` | change | no members → members \\[${LOCKED}\\] | adds ${LOCKED} |`,
      );
      expect(run.stdout).toMatch(/<details><summary>At destroy \(not run by apply\)<\/summary>\n\n[\s\S]*`server-group-delete-cloudservers`/);
    }));

  test("GIVEN the mixed example, whose server IDs are the OTC provider's resources THEN each is unknown, naming the reference", () =>
    withEmulator(withServers(), async (emulator) => {
      const app = newApp();
      new MixedServersStack(app, 'mixed', { endpoint: emulator.url });
      app.synth();
      const run = await previewCli([app.outdir, '--format', 'json']);
      expect(run.code).toBe(0);
      const [stack] = JSON.parse(run.stdout).stacks;
      const targets = stack.operations.flatMap((o: { targets: unknown[] }) => o.targets);
      expect(targets).toHaveLength(6);
      for (const t of targets) {
        expect(t).toMatchObject({
          outcome: 'unknown',
          id: expect.stringMatching(/^\$\{opentelekomcloud_compute_instance_v2\.app[12]\.id\}$/),
          reason: expect.stringMatching(/which Terraform knows only at apply/),
        });
      }
      expect(emulator.audit).toEqual([]);
    }));
});

describe('preview: a large fleet in markdown', () => {
  test('GIVEN a 25-server wave with one locked server THEN markdown lists the refused server and counts the changes', async () => {
    const fleet = Array.from({ length: 25 }, (_, i) => `3a2b3c4d-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`);
    const options = emulatorOptions({
      servers: fleet.map((id, i) => ({
        id,
        name: `f${i}`,
        flavorRef: 's3.medium.2',
        imageId: 'aaaaaaaa-0000-4000-8000-000000000001',
        status: 'ACTIVE',
        locked: i === 7,
      })),
    });
    await withEmulator(options, async (emulator) => {
      const dir = stackAgainst(emulator, (s) => new ServerFleetMaintenance(s, 'fleet', { serverIds: fleet, maxUnavailable: 25, steps: [{ action: 'stop' }] }));
      const run = await previewCli([dir, '--format', 'markdown']);
      expect(run.code).toBe(1);
      const rows = run.stdout.split('\n').filter((l) => l.startsWith('| '));
      expect(rows.slice(1)).toEqual([
        expect.stringMatching(
          new RegExp(`^\\| \`prod/fleet\` \\(wave 1, 25 servers: 24 change, 1 refused\\) \\| \`fleet-wave\` \\| \`${fleet[7]}\` \\| \\*\\*refused\\*\\* \\|`),
        ),
        '|  |  | 24 more | 24 change |  | listed in --format json |',
      ]);
    });
  });
});

describe('preview: hostile construct ids', () => {
  test('GIVEN a plan edited by hand with control characters in a construct path THEN text shows them escaped, on one line', () =>
    withEmulator(withServers(), async (emulator) => {
      const dir = stackAgainst(emulator, (s) => new ServerStop(s, 'stop', { serverId: SERVER }));
      const planFile = path.join(dir, 'cdk.tf.json');
      const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
      plan.resource.null_resource.stop.provisioner[0]['local-exec'].command = 'prod/\u001b[2K\rdone\nsummary: 0 refused';
      fs.writeFileSync(planFile, JSON.stringify(plan));
      const run = await previewCli([dir]);
      expect(run.stdout).toContain('prod/\\u001b[2K\\u000ddone\\u000asummary: 0 refused (server-stop)');
      expect(run.stdout.split('\n')).toHaveLength(5);
    }));

  test('any construct id stays inside its table cell in markdown and round-trips in JSON', async () => {
    await withEmulator(withServers(), async (emulator) => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('/')),
          async (id) => {
            const app = new App({ outdir: newApp().outdir });
            let path: string;
            try {
              const stack = newStack(app, 'prod', { endpoint: emulator.url, projectId: emulator.projectId });
              path = new ServerStop(stack, id, { serverId: SERVER }).node.path;
              app.synth();
            } catch {
              return; // refused at synth (e.g. not NFC): never reaches a plan
            }
            const dir = `${app.outdir}/stacks/prod`;
            const json = JSON.parse((await previewCli([dir, '--format', 'json'])).stdout);
            expect(json.stacks[0].operations[0].construct).toBe(path);
            const markdown = (await previewCli([dir, '--format', 'markdown'])).stdout;
            const rows = markdown.split('\n').filter((l) => l.startsWith('| '));
            expect(rows).toHaveLength(2);
            expect(rows[1]).toMatch(/\| change \| ACTIVE → SHUTOFF \| {2}\|$/);
            // AND in text, one line each: the stack, the operation, its target, the summary
            const plain = (await previewCli([dir])).stdout;
            expect(plain.split('\n')).toHaveLength(5);
            expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
          },
        ),
        { numRuns: 12 },
      );
    });
  }, 120_000);
});
