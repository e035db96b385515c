/**
 * The preview's proof, with real Terraform and the emulator: one stack holding every operation, servers already at
 * their end state, a server locked outside the stack, a server that does not exist, a fleet with a failing server and
 * a server known only at apply. The preview runs under `ecs-iam-preview-policy.json` alone and makes no mutation; a
 * following `terraform apply` (under the stack's own policy) then does exactly what it predicted, per construct and
 * server: changed, left alone, failed with the predicted reason, or not run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, DataResource, type TerraformStack } from 'cdktf';
import {
  ServerChangeOs,
  ServerFleetMaintenance,
  ServerGroup,
  ServerLock,
  ServerReboot,
  ServerReinstallOs,
  ServerResize,
  ServerStart,
  ServerStop,
  ServerUnlock,
} from '../../src';
import { type Emulator, type SeedServer, startEmulator } from '../../src/emulator';
import { parsePolicyDocument } from '../../src/iam';
import type { PreviewReport, PreviewStack, PreviewTarget } from '../../src/preview/preview-report';
import { MaintenanceWindowStack, WEB1, WEB2 } from '../../examples/maintenance-window/stack';
import { APP1, APP2, OsChangeStack } from '../../examples/os-change/stack';
import { RollingResizeStack, WEB_GROUP_SERVERS } from '../../examples/rolling-resize/stack';
import { ServerGroupStack } from '../../examples/server-group/stack';
import { FAST } from '../helpers/timings';
import { accessKeyEnvironment, describeWithTerraform, run, type Workspace, workspace } from './terraform-harness';

const CLI = path.resolve(__dirname, '../../lib/cli.js');
const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
const NEW_IMAGE = '5f0c7a3e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const id = (n: string) => `7a2b3c4d-0000-4000-8000-0000000000${n}`;
const CHAIN = id('a1'); // running: stop → resize → start → lock, every one a change
const STOPPED = id('b1'); // already stopped: the stop is done; change OS, start
const LOCKED = id('c1'); // locked outside the stack: the stop is refused, the start after it never runs
const MISSING = id('d1'); // no such server
const RUNNING = id('e1'); // running and unlocked: reboots, an unlock already done
const RUNNING_CS = id('e2');
const POWER_CS = id('f1'); // stopped: cloudservers resize, reinstall, start, stop
const OS_V1 = id('f2'); // stopped: change OS and reinstall through the v1 APIs
const JOINER = id('ab'); // stopped: joins the group 'db'
const LATER = id('bc'); // the server a terraform_data resource names: known only at apply
const FLEET = ['91', '92', '93', '94'].map(id);
const FLEET_LOCKED = FLEET[1];

const server = (serverId: string, status: 'ACTIVE' | 'SHUTOFF', locked = false): SeedServer => ({
  id: serverId,
  name: serverId.slice(-2),
  flavorRef: 's3.medium.2',
  imageId: IMAGE,
  status,
  locked,
});

const SERVERS: SeedServer[] = [
  server(CHAIN, 'ACTIVE'),
  server(STOPPED, 'SHUTOFF'),
  server(LOCKED, 'ACTIVE', true),
  server(RUNNING, 'ACTIVE'),
  server(RUNNING_CS, 'ACTIVE'),
  server(POWER_CS, 'SHUTOFF'),
  server(OS_V1, 'SHUTOFF'),
  server(JOINER, 'SHUTOFF'),
  server(LATER, 'ACTIVE'),
  ...FLEET.map((f) => server(f, 'ACTIVE', f === FLEET_LOCKED)),
];

function everyOperation(stack: TerraformStack): void {
  new ServerStop(stack, 'stop-chain', { serverId: CHAIN });
  new ServerResize(stack, 'resize-chain', { serverId: CHAIN, flavorRef: 's3.large.2' });
  new ServerStart(stack, 'start-chain', { serverId: CHAIN });
  new ServerLock(stack, 'lock-chain', { serverId: CHAIN });

  new ServerStop(stack, 'stop-stopped', { serverId: STOPPED });
  new ServerChangeOs(stack, 'os-stopped', { serverId: STOPPED, imageId: NEW_IMAGE, adminPasswordEnv: 'PREVIEW_PROOF_PASSWORD' });
  new ServerStart(stack, 'start-stopped', { serverId: STOPPED });

  new ServerStop(stack, 'stop-locked', { serverId: LOCKED });
  new ServerStart(stack, 'start-locked', { serverId: LOCKED });

  new ServerStop(stack, 'stop-missing', { serverId: MISSING });

  new ServerUnlock(stack, 'unlock-running', { serverId: RUNNING });
  new ServerReboot(stack, 'reboot-running', { serverId: RUNNING });
  new ServerReboot(stack, 'reboot-running-cs', { serverId: RUNNING_CS, api: 'cloudservers' });

  new ServerResize(stack, 'resize-cs', { serverId: POWER_CS, flavorRef: 's3.large.2', api: 'cloudservers' });
  new ServerReinstallOs(stack, 'reinstall-cs', { serverId: POWER_CS, adminPasswordEnv: 'PREVIEW_PROOF_PASSWORD' });
  new ServerStart(stack, 'start-cs', { serverId: POWER_CS, api: 'cloudservers' });
  new ServerStop(stack, 'stop-cs', { serverId: POWER_CS, api: 'cloudservers' });

  new ServerChangeOs(stack, 'os-v1', { serverId: OS_V1, imageId: NEW_IMAGE, apiVersion: 'v1', adminPasswordEnv: 'PREVIEW_PROOF_PASSWORD' });
  new ServerReinstallOs(stack, 'reinstall-v1', { serverId: OS_V1, apiVersion: 'v1', adminPasswordEnv: 'PREVIEW_PROOF_PASSWORD' });

  new ServerGroup(stack, 'group-web', { name: 'web' });
  new ServerGroup(stack, 'group-ops', { name: 'ops' });
  new ServerGroup(stack, 'group-db', { name: 'db', api: 'cloudservers', members: [JOINER] });

  new ServerFleetMaintenance(stack, 'fleet', {
    serverIds: FLEET,
    maxUnavailable: 2,
    steps: [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
  });

  // terraform_data takes any value as its input: here the server id, as a string.
  const later = new DataResource(stack, 'later-server', { input: LATER as unknown as Record<string, string> });
  new ServerStop(stack, 'stop-later', { serverId: later.getStringAttribute('output') });
}

/** Runs the real CLI's preview; resolves with its exit code, the JSON report and stderr. */
function preview(emulator: Emulator, dir: string): Promise<{ code: number; report: PreviewReport; stderr: string }> {
  return new Promise((resolve, reject) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OS|HW)_/.test(name)));
    const child = spawn('node', [CLI, 'preview', dir, '--format', 'json'], { env: { ...inherited, ...accessKeyEnvironment(emulator) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code: code ?? -1, report: JSON.parse(stdout), stderr });
      } catch (error) {
        reject(new Error(`preview printed no JSON (exit ${code}): ${stderr}`, { cause: error }));
      }
    });
  });
}

/** What apply did to one resource, from Terraform's output: each provisioner's lines carry its address. */
function applied(output: string, address: string): 'changed' | 'left alone' | 'failed' | 'not run' {
  const lines = output.split('\n').filter((l) => l.startsWith(`${address} (local-exec):`));
  if (new RegExp(`with ${address.replace(/[.]/g, '\\.')},`).test(output)) return 'failed';
  if (lines.some((l) => / done: /.test(l) || /summary: .* [1-9]\d* changed/.test(l))) return 'changed';
  if (lines.some((l) => /nothing to do/.test(l))) return 'left alone';
  return 'not run';
}

const EXPECTED_APPLY: Record<PreviewTarget['outcome'], ReturnType<typeof applied>> = {
  change: 'changed',
  'already-done': 'left alone',
  refused: 'failed',
  unknown: 'changed',
};

/** Per construct and server, what apply did (from its output) is what the preview predicted. */
function expectApplyAsPredicted(stack: PreviewStack, output: string): void {
  // The cloud's request id differs between the two reads; the rest of each message is the same.
  const flat = output.replace(/\s+/g, ' ').replace(/ \(request id \w+\)/g, '');
  for (const operation of stack.operations) {
    for (const target of operation.targets) {
      const want = target.notRunAfter ? 'not run' : operation.operation === 'fleet-wave' ? undefined : EXPECTED_APPLY[target.outcome];
      if (want !== undefined) {
        expect({ construct: operation.construct, got: applied(output, operation.address) }).toEqual({ construct: operation.construct, got: want });
      }
      if (target.outcome === 'refused') expect(flat).toContain(target.reason.replace(/\s+/g, ' ').replace(/ \(request id \w+\)/, ''));
    }
    // A wave's summary line counts its servers by what happened to them.
    // (A wave's report, written with a failure budget, prints the failures it names instead.)
    if (operation.operation === 'fleet-wave' && !operation.address.endsWith('-report') && !operation.targets[0].notRunAfter) {
      const count = (o: string) => operation.targets.filter((t) => t.outcome === o).length;
      expect(output).toContain(
        `${operation.targets.length} server${operation.targets.length === 1 ? '' : 's'}: ${count('change')} changed, ${count('already-done')} already done, ${count('refused')} failed`,
      );
    }
  }
}

describeWithTerraform('end to end: the preview predicts what apply does', () => {
  let ws: Workspace;
  beforeAll(async () => {
    process.env.PREVIEW_PROOF_PASSWORD = 'Preview-Pr00f-Password';
    ws = await workspace(SERVERS, everyOperation, false, { serverGroups: [{ name: 'ops', policies: ['anti-affinity'] }] });
    expect((await ws.terraform('init')).code).toBe(0);
  });
  afterAll(async () => {
    await ws?.close();
    delete process.env.PREVIEW_PROOF_PASSWORD;
  });

  test('under ecs-iam-preview-policy.json alone, with no mutation, every prediction is what the following apply then does', async () => {
    // GIVEN the emulator enforcing only the preview policy synth wrote beside the stack's policy
    const previewPolicyFile = path.join(ws.stackDir, 'ecs-iam-preview-policy.json');
    ws.emulator.setPolicy(parsePolicyDocument(fs.readFileSync(previewPolicyFile, 'utf8'), previewPolicyFile));
    ws.emulator.clearAudit();

    // WHEN previewed
    const { code, report, stderr } = await preview(ws.emulator, ws.stackDir);

    // THEN every call was a read the preview policy allowed, and nothing changed
    expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed' || e.method !== 'GET')).toEqual([]);
    expect(ws.emulator.audit.some((e) => e.mutationApplied)).toBe(false);
    expect(ws.emulator.mutations()).toBe(0);
    // AND each server and each group list was read once
    const paths = ws.emulator.audit.map((e) => e.path);
    expect(paths.length).toBe(new Set(paths).size);
    // AND it exits 1 (some operation would be refused), summarizing on stderr
    expect(code).toBe(1);
    expect(stderr).toMatch(/\d+ change, \d+ already-done, \d+ refused, \d+ unknown/);

    const operations = report.stacks[0].operations;
    const byConstruct = new Map(operations.map((o) => [o.construct, o]));
    const outcome = (construct: string) => byConstruct.get(`e2e/${construct}`)?.targets.map((t) => t.outcome);
    // AND the predictions are those the scenario was built for
    expect(Object.fromEntries(['stop-chain', 'resize-chain', 'start-chain', 'lock-chain'].map((c) => [c, outcome(c)]))).toEqual({
      'stop-chain': ['change'],
      'resize-chain': ['change'],
      'start-chain': ['change'],
      'lock-chain': ['change'],
    });
    expect(byConstruct.get('e2e/stop-chain')?.targets[0]).toMatchObject({ id: CHAIN, from: 'ACTIVE', to: 'SHUTOFF', reason: '' });
    expect(byConstruct.get('e2e/resize-chain')?.targets[0]).toMatchObject({ from: 'flavor s3.medium.2', to: 'flavor s3.large.2' });
    expect(outcome('stop-stopped')).toEqual(['already-done']);
    expect(outcome('os-stopped')).toEqual(['change']);
    expect(byConstruct.get('e2e/stop-locked')?.targets[0]).toMatchObject({
      outcome: 'refused',
      reason: `server ${LOCKED} is locked`,
      fix: expect.stringMatching(/ServerUnlock/),
    });
    expect(byConstruct.get('e2e/start-locked')?.targets[0]).toMatchObject({ outcome: 'unknown', notRunAfter: 'e2e/stop-locked' });
    expect(byConstruct.get('e2e/stop-missing')?.targets[0]).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/404/),
      fix: expect.stringMatching(/check --server-id/),
    });
    expect([outcome('unlock-running'), outcome('reboot-running'), outcome('reboot-running-cs')]).toEqual([['already-done'], ['unknown'], ['unknown']]);
    expect([outcome('resize-cs'), outcome('reinstall-cs'), outcome('start-cs'), outcome('stop-cs')]).toEqual([['change'], ['unknown'], ['change'], ['change']]);
    expect([outcome('os-v1'), outcome('reinstall-v1')]).toEqual([['change'], ['unknown']]);
    expect([outcome('group-web'), outcome('group-ops'), outcome('group-db')]).toEqual([['change'], ['already-done'], ['change']]);
    const members = operations.find((o) => o.operation === 'server-group-members');
    expect(members?.targets[0]).toMatchObject({ id: 'db', outcome: 'change', from: 'no members', to: `members [${JOINER}]` });
    const waves = operations.filter((o) => o.operation === 'fleet-wave');
    expect(waves.map((w) => [w.wave, w.targets.map((t) => t.outcome)])).toEqual([
      [1, ['change', 'refused']],
      [2, ['unknown', 'unknown']],
    ]);
    expect(waves[1].targets[0].notRunAfter).toBe(waves[0].construct);
    expect(byConstruct.get('e2e/stop-later')?.targets[0]).toMatchObject({
      outcome: 'unknown',
      id: expect.stringMatching(/^\$\{terraform_data\.later-server\.output\}$/),
    });
    // AND destroy-time steps are apart from the apply order
    expect(report.stacks[0].destroy.map((o) => o.operation).sort()).toEqual(['server-group-delete', 'server-group-delete', 'server-group-delete-cloudservers']);
    expect(operations.some((o) => o.operation.startsWith('server-group-delete'))).toBe(false);
    expect(report.summary.refused).toBe(3);

    // WHEN the stack is applied under its own policy
    const policyFile = path.join(ws.stackDir, 'ecs-iam-policy.json');
    ws.emulator.setPolicy(parsePolicyDocument(fs.readFileSync(policyFile, 'utf8'), policyFile));
    const apply = await ws.terraform('apply', '-auto-approve', '-parallelism=4');
    expect(apply.code).toBe(1);

    // THEN per construct, apply did what was predicted
    expectApplyAsPredicted(report.stacks[0], apply.output);
    // AND the servers are where the changes predicted
    expect(ws.emulator.server(CHAIN)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2', locked: true });
    expect(ws.emulator.server(STOPPED)).toMatchObject({ status: 'ACTIVE', imageId: NEW_IMAGE });
    expect(ws.emulator.server(LOCKED)).toMatchObject({ status: 'ACTIVE', locked: true });
    expect(ws.emulator.server(FLEET[0])).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
    for (const untouched of [FLEET_LOCKED, FLEET[2], FLEET[3]]) expect(ws.emulator.mutations(untouched)).toBe(0);
  }, 180_000);

  test('after apply, the server id known only at apply is resolved from the Terraform state, and applied operations are not run again', async () => {
    // GIVEN the stack applied once (previous test) and a new operation on the server a resource created
    ws.resynth((stack) => {
      everyOperation(stack);
      const later = stack.node.findChild('later-server') as DataResource;
      new ServerStart(stack, 'start-later', { serverId: later.getStringAttribute('output') });
    });
    const previewPolicyFile = path.join(ws.stackDir, 'ecs-iam-preview-policy.json');
    ws.emulator.setPolicy(parsePolicyDocument(fs.readFileSync(previewPolicyFile, 'utf8'), previewPolicyFile));
    const mutations = ws.emulator.mutations();
    // WHEN previewed
    const { report } = await preview(ws.emulator, ws.stackDir);
    // THEN the reference resolves from the state and says so; the applied stop is not run again
    const byConstruct = new Map(report.stacks[0].operations.map((o) => [o.construct, o.targets[0]]));
    expect(byConstruct.get('e2e/start-later')).toMatchObject({
      id: LATER,
      outcome: 'change',
      from: 'SHUTOFF',
      to: 'ACTIVE',
      resolvedFromState: [`terraform_data.later-server.output = ${LATER}`],
    });
    expect(byConstruct.get('e2e/stop-chain')).toMatchObject({ outcome: 'already-done', reason: expect.stringMatching(/^applied before/) });
    expect(ws.emulator.mutations()).toBe(mutations);
  }, 60_000);
});

describeWithTerraform('end to end: the preview of the example stacks', () => {
  test('the preview of each example, under its own preview policy, predicts what apply of that example then does', async () => {
    // GIVEN the examples synthesized against one emulator: web2 of the maintenance window locked outside the stack
    // (its ServerUnlock handles it), app2 of the OS change already stopped, one server of the rolling resize locked
    const running = (serverId: string, locked = false) => server(serverId, 'ACTIVE', locked);
    const emulator = await startEmulator({
      servers: [running(WEB1), running(WEB2, true), running(APP1), server(APP2, 'SHUTOFF'), ...WEB_GROUP_SERVERS.map((s, i) => running(s, i === 4))],
      timings: FAST,
    });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-preview-'));
    try {
      const app = new App({ outdir: path.join(root, 'cdktf.out') });
      const options = {
        resourceType: 'terraform_data',
        endpoint: emulator.url,
        cliCommand: ['node', CLI],
        pollIntervalSeconds: 0.02,
        timeoutSeconds: 30,
      } as const;
      const stacks = {
        'maintenance-window': MaintenanceWindowStack,
        'os-change': OsChangeStack,
        'rolling-resize': RollingResizeStack,
        'server-group': ServerGroupStack,
      };
      // The rolling resize's health check is one this test can answer (the wave's servers are named), with a short bake.
      const rollout = { healthCheck: { command: ['node', '-e', 'process.exit(process.env.ECS_LIFECYCLE_SERVER_IDS ? 0 : 1)'] }, bakeSeconds: 0.01 };
      for (const [name, Stack] of Object.entries(stacks)) new Stack(app, name, options, rollout);
      app.synth();
      const policyOf = (name: string, file: string) => {
        const policyFile = path.join(app.outdir, 'stacks', name, file);
        return parsePolicyDocument(fs.readFileSync(policyFile, 'utf8'), policyFile);
      };
      // WHEN the whole cdktf.out is previewed THEN every stack is in the report, and nothing was changed
      emulator.setPolicy({ Version: '1.1', Statement: Object.keys(stacks).flatMap((name) => policyOf(name, 'ecs-iam-preview-policy.json').Statement) });
      const whole = await preview(emulator, app.outdir);
      expect(whole.report.stacks.map((s) => s.stack)).toEqual(Object.keys(stacks));
      // The locked server of the rolling resize is refused in its wave (within the failure budget) and again by the
      // wave's report, where the apply fails at the end.
      expect(whole.report.summary.refused).toBe(2);
      expect(emulator.mutations()).toBe(0);

      const cliConfig = path.join(root, 'empty.tfrc');
      fs.writeFileSync(cliConfig, '');
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OS|HW)_/.test(name)));
      const env = {
        ...inherited,
        TF_CLI_CONFIG_FILE: cliConfig,
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        ECS_ADMIN_PASSWORD: 'Example-Adm1n-Pw',
        ...accessKeyEnvironment(emulator),
      };
      // Stacks share servers and group names (two create the group 'web'): each is previewed just before its apply.
      for (const name of Object.keys(stacks)) {
        const dir = path.join(app.outdir, 'stacks', name);
        // WHEN the stack folder is previewed under its preview policy alone
        emulator.setPolicy(policyOf(name, 'ecs-iam-preview-policy.json'));
        const mutations = emulator.mutations();
        const { report } = await preview(emulator, dir);
        expect(emulator.mutations()).toBe(mutations);
        expect(emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
        // AND applied under its own policy
        emulator.setPolicy(policyOf(name, 'ecs-iam-policy.json'));
        const terraform = (...args: string[]) => run('terraform', [`-chdir=${dir}`, ...args, '-input=false', '-no-color'], env);
        expect((await terraform('init')).code).toBe(0);
        const apply = await terraform('apply', '-auto-approve');
        // THEN apply did what the preview said
        const stack = report.stacks[0];
        const refused = stack.operations.some((o) => o.targets.some((t) => t.outcome === 'refused'));
        expect({ stack: name, code: apply.code }).toEqual({ stack: name, code: refused ? 1 : 0 });
        expectApplyAsPredicted(stack, apply.output);
      }
    } finally {
      await emulator.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
