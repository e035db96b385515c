/**
 * Rollouts you can trust (issue 23), with real Terraform and the emulator enforcing the generated policy: a fleet of
 * 40 servers in a canary ramp; a failure budget that absorbs two failures and one that is exceeded; a health check
 * that fails a wave and one that passes after retries; a pause raised later; restore-power.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import { ServerFleetMaintenance, type ServerFleetMaintenanceProps } from '../../src';
import type { FaultRule, SeedServer } from '../../src/emulator';
import { describeWithTerraform, type Workspace, workspace } from './terraform-harness';

const FLEET = Array.from({ length: 40 }, (_, i) => `6c2b3c4d-0000-4000-8000-0000000a${String(i).padStart(4, '0')}`);
const SERVERS: SeedServer[] = FLEET.map((id, i) => ({
  id,
  name: `web-${i}`,
  flavorRef: 's3.medium.2',
  imageId: 'e215580f-73ad-429d-b6f2-5433947433b0',
  status: 'ACTIVE',
}));
// The canary ramp: waves of 1, 4, 10, 10, 10 and 5 servers.
const RAMP = [1, 0.1, 0.25];
const WAVE_STARTS = [0, 1, 5, 15, 25, 35, 40];
const inWave = (w: number) => FLEET.slice(WAVE_STARTS[w - 1], WAVE_STARTS[w]);
const RESIZE: ServerFleetMaintenanceProps['steps'] = [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }];
const resizeFails = (serverId: string): FaultRule => ({
  route: 'cloudservers-resize',
  kind: 'job-fail',
  serverId,
  errorCode: 'Ecs.0207',
  failReason: 'flavor sold out',
});

function fleet(props: Partial<ServerFleetMaintenanceProps>) {
  return (stack: TerraformStack) => {
    new ServerFleetMaintenance(stack, 'web', { serverIds: FLEET, waves: RAMP, steps: RESIZE, ...props });
  };
}

async function withWorkspace(build: (stack: TerraformStack) => void, faults: FaultRule[], body: (ws: Workspace) => Promise<void>): Promise<void> {
  const ws = await workspace(SERVERS, build, true, { faults });
  try {
    expect((await ws.terraform('init')).code).toBe(0);
    await body(ws);
    expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
  } finally {
    await ws.close();
  }
}

const mutations = (ws: Workspace) => new Map(FLEET.map((id) => [id, ws.emulator.mutations(id)]));
const flavor = (ws: Workspace, id: string) => ws.emulator.server(id)!.flavorRef;

describeWithTerraform('end to end: rollout controls', () => {
  test('GIVEN maxFailures 2 and two resizes failing in waves 2 and 4 WHEN applied THEN every wave runs, the apply fails naming both; the next apply touches only those two', async () => {
    const [a, b] = [inWave(2)[1], inWave(4)[3]];
    await withWorkspace(fleet({ maxFailures: 2 }), [resizeFails(a), resizeFails(b)], async (ws) => {
      const first = await ws.terraform('apply', '-auto-approve');
      expect(first.code).toBe(1);
      expect(first.output).toContain(`server ${a} (resize s3.large.2) Ecs.0207`);
      expect(first.output).toContain(`server ${b} (resize s3.large.2) Ecs.0207`);
      for (const id of FLEET) expect({ id, flavor: flavor(ws, id) }).toEqual({ id, flavor: id === a || id === b ? 's3.medium.2' : 's3.large.2' });
      ws.emulator.clearFaults();
      const before = mutations(ws);
      const second = await ws.terraform('apply', '-auto-approve');
      expect({ code: second.code, tail: second.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      for (const id of FLEET) expect({ id, touched: ws.emulator.mutations(id) - before.get(id)! }).toEqual({ id, touched: id === a || id === b ? 2 : 0 });
      for (const id of FLEET) expect(ws.emulator.server(id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
    });
  });

  test('GIVEN failures absorbed by the budget WHEN the next apply runs from a fresh working directory (no record) THEN it still retries only the failed servers, found by their end state', async () => {
    const [a, b] = [inWave(3)[0], inWave(5)[9]];
    await withWorkspace(fleet({ maxFailures: 0.05 }), [resizeFails(a), resizeFails(b)], async (ws) => {
      expect((await ws.terraform('apply', '-auto-approve')).code).toBe(1);
      ws.emulator.clearFaults();
      fs.rmSync(path.join(ws.stackDir, '.ecs-lifecycle'), { recursive: true });
      const before = mutations(ws);
      const second = await ws.terraform('apply', '-auto-approve');
      expect({ code: second.code, tail: second.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(second.output).toContain('no record of the last run in this working directory');
      for (const id of FLEET) expect({ id, touched: ws.emulator.mutations(id) - before.get(id)! }).toEqual({ id, touched: id === a || id === b ? 2 : 0 });
    });
  });

  test('GIVEN maxFailures 1 and three resizes failing in wave 3 WHEN applied THEN the rollout stops in wave 3 and later waves are untouched', async () => {
    const failing = inWave(3).slice(0, 3);
    await withWorkspace(fleet({ maxFailures: 1 }), failing.map(resizeFails), async (ws) => {
      const first = await ws.terraform('apply', '-auto-approve');
      expect(first.code).toBe(1);
      expect(first.output).toContain('the failure budget of 1 is spent: the rollout stops at this wave');
      for (const id of failing) expect(first.output).toContain(`server ${id} (resize s3.large.2)`);
      for (const id of [...inWave(4), ...inWave(5), ...inWave(6)]) expect({ id, mutations: ws.emulator.mutations(id) }).toEqual({ id, mutations: 0 });
    });
  });

  test('GIVEN a health check that fails while wave 2 is in ECS_LIFECYCLE_SERVER_IDS WHEN applied THEN wave 2 fails with its output and no later wave is touched', async () => {
    const target = inWave(2)[0];
    const check = script(
      'unhealthy.js',
      `const ids = process.env.ECS_LIFECYCLE_SERVER_IDS.split(',');
       const addresses = JSON.parse(process.env.ECS_LIFECYCLE_SERVER_ADDRESSES);
       if (ids.some((id) => !/^10\\.0\\.0\\.\\d+$/.test(addresses[id][0]))) { console.log('no address'); process.exit(3); }
       if (ids.includes(${JSON.stringify(target)})) { console.log('web-1 answers 503 on /health'); process.exit(1); }`,
    );
    await withWorkspace(fleet({ healthCheck: { command: [process.execPath, check], timeoutSeconds: 1, intervalSeconds: 0.2 } }), [], async (ws) => {
      const first = await ws.terraform('apply', '-auto-approve');
      expect(first.code).toBe(1);
      expect(first.output).toContain('web-1 answers 503 on /health');
      expect(first.output).toContain('no later wave starts');
      for (const id of inWave(1)) expect(flavor(ws, id)).toBe('s3.large.2');
      for (const id of FLEET.slice(WAVE_STARTS[2])) expect({ id, mutations: ws.emulator.mutations(id) }).toEqual({ id, mutations: 0 });
    });
  });

  test('GIVEN a health check that passes on its third attempt and a bake time WHEN applied THEN every wave runs, each checked until healthy', async () => {
    const counter = path.join(SCRIPTS, 'attempts');
    const check = script(
      'eventually.js',
      `const fs = require('node:fs'); const file = ${JSON.stringify(counter)};
       const n = (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0) + 1; fs.writeFileSync(file, String(n));
       process.exit(n % 3 === 0 ? 0 : 1);`,
    );
    await withWorkspace(
      fleet({ healthCheck: { command: [process.execPath, check], timeoutSeconds: 5, intervalSeconds: 0.1 }, bakeSeconds: 0.2 }),
      [],
      async (ws) => {
        const started = Date.now();
        const first = await ws.terraform('apply', '-auto-approve');
        expect({ code: first.code, tail: first.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
        expect(first.output.match(/health check passed \(attempt 3\)/g)).toHaveLength(6);
        expect(first.output.match(/baking 0.2s before the next wave/g)).toHaveLength(5);
        expect(Date.now() - started).toBeGreaterThan(1000);
        for (const id of FLEET) expect(flavor(ws, id)).toBe('s3.large.2');
      },
    );
  });

  test('GIVEN pauseAfterWave 2 WHEN applied THEN it succeeds paused after wave 2 of 6; raised, the next apply runs waves 3 to 6 only', async () => {
    const reboot: ServerFleetMaintenanceProps['steps'] = [{ action: 'reboot' }];
    await withWorkspace(fleet({ steps: reboot, pauseAfterWave: 2 }), [], async (ws) => {
      const first = await ws.terraform('apply', '-auto-approve');
      expect({ code: first.code, tail: first.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(first.output).toContain('the rollout is paused after wave 2 of 6');
      expect(FLEET.map((id) => ws.emulator.mutations(id))).toEqual(FLEET.map((_, i) => (i < 5 ? 1 : 0)));
      ws.resynth(fleet({ steps: reboot }));
      const second = await ws.terraform('apply', '-auto-approve');
      expect({ code: second.code, tail: second.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(FLEET.map((id) => ws.emulator.mutations(id))).toEqual(FLEET.map(() => 1));
    });
  });

  test("GIVEN onFailure 'restore-power' WHEN a stopped server's resize fails THEN it is started again and the report says so", async () => {
    const victim = inWave(1)[0];
    await withWorkspace(fleet({ onFailure: 'restore-power' }), [resizeFails(victim)], async (ws) => {
      const first = await ws.terraform('apply', '-auto-approve');
      expect(first.code).toBe(1);
      expect(first.output).toContain(`started again as onFailure says: ${victim}`);
      expect(ws.emulator.server(victim)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.medium.2' });
    });
  });
});

const SCRIPTS = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ecs-lifecycle-checks-'));
afterAll(() => fs.rmSync(SCRIPTS, { recursive: true, force: true }));

/** A node script the health check runs (argv, no shell). */
function script(name: string, source: string): string {
  const file = path.join(SCRIPTS, name);
  fs.writeFileSync(file, source);
  return file;
}
