/**
 * A rollout touches exactly the servers it declares (issue 21, items 1 and 3), with real Terraform and the emulator
 * enforcing the generated policy: a variable given a comma-joined list at apply is refused before any call, in a fleet
 * and in a group's members; appending a server to a fleet whose waves are a fraction of it touches only that server,
 * for a step the cloud cannot observe (a reboot: member records remember who is done) and for steps it can (stop,
 * resize, start: no records; the waves whose list changed run again and skip the servers at the end state); a fleet
 * whose steps change between the two designs runs the new steps once on every server (records written or
 * destroyed), then grows as above.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformVariable } from 'cdktf';
import { ServerFleetMaintenance, type ServerFleetMaintenanceProps, ServerGroup } from '../../src';
import type { SeedServer } from '../../src/emulator';
import { parsePolicyDocument } from '../../src/iam';
import { describeWithTerraform, type Workspace, workspace } from './terraform-harness';

const ID = (i: number) => `5b2b3c4d-0000-4000-8000-0000000f${String(i).padStart(4, '0')}`;
const seed = (n: number, status: 'ACTIVE' | 'SHUTOFF'): SeedServer[] =>
  Array.from({ length: n }, (_, i) => ({ id: ID(i), name: `s-${i}`, flavorRef: 's3.medium.2', imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', status }));

describeWithTerraform('end to end: a rollout touches exactly the servers it declares', () => {
  test('GIVEN a fleet with maxUnavailable 1 whose first server is a variable WHEN the variable holds six ids THEN the apply is refused naming the element, and no server is touched', async () => {
    const ws = await workspace(seed(7, 'ACTIVE'), (stack) => {
      const first = new TerraformVariable(stack, 'first', { type: 'string' });
      new ServerFleetMaintenance(stack, 'fleet', { serverIds: [first.stringValue, ID(6)], maxUnavailable: 1, steps: [{ action: 'stop' }] });
    });
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const six = Array.from({ length: 6 }, (_, i) => ID(i)).join(',');
      const result = await ws.terraform('apply', '-auto-approve', `-var=first=${six}`);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('has element 1');
      expect(result.output).toContain('which is not exactly one ECS server ID');
      expect(ws.emulator.mutations()).toBe(0);
      expect(ws.emulator.audit.filter((e) => e.method === 'POST' && e.path.includes('/action'))).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  test("GIVEN a group's members holding a variable WHEN it holds three ids THEN the apply is refused and the group gets no member", async () => {
    const ws = await workspace(seed(3, 'SHUTOFF'), (stack) => {
      const member = new TerraformVariable(stack, 'member', { type: 'string' });
      new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [member.stringValue] });
    });
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const result = await ws.terraform('apply', '-auto-approve', `-var=member=${[ID(0), ID(1), ID(2)].join(',')}`);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('which is not exactly one ECS server ID');
      expect(ws.emulator.audit.filter((e) => e.path.includes('member'))).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  const RESIZE: ServerFleetMaintenanceProps['steps'] = [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }];
  const grown = (n: number, steps: ServerFleetMaintenanceProps['steps']) => (stack: import('cdktf').TerraformStack) => {
    new ServerFleetMaintenance(stack, 'fleet', { serverIds: Array.from({ length: n }, (_, i) => ID(i)), maxUnavailable: 0.25, steps });
  };
  /** The addresses Terraform's state holds. */
  const stateAddresses = (ws: Workspace): string[] =>
    (JSON.parse(fs.readFileSync(path.join(ws.stackDir, 'terraform.tfstate'), 'utf8')).resources as { type: string; name: string }[])
      .map((r) => `${r.type}.${r.name}`)
      .sort();
  /** The emulator enforces the policy of the stack as last synthesized (a pipeline updates the role with the plan). */
  const enforceLatestPolicy = (ws: Workspace) => {
    const file = path.join(ws.stackDir, 'ecs-iam-policy.json');
    ws.emulator.setPolicy(parsePolicyDocument(fs.readFileSync(file, 'utf8'), file));
  };

  test('GIVEN a fleet of 8 resized (stop, resize, start) with maxUnavailable 0.25 WHEN a 9th server is appended and applied THEN no member record exists, the waves whose list changed run again, and only the 9th is changed', async () => {
    const ws = await workspace(seed(9, 'ACTIVE'), grown(8, RESIZE));
    const counts = () => Array.from({ length: 9 }, (_, i) => ws.emulator.mutations(ID(i)));
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const first = await ws.terraform('apply', '-auto-approve');
      expect({ code: first.code, tail: first.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      const once = counts();
      expect(once.slice(0, 8).every((n) => n > 0 && n === once[0])).toBe(true);
      expect(once[8]).toBe(0);
      // No member records: the waves are all the state holds.
      expect(stateAddresses(ws)).toEqual([
        'terraform_data.fleet_wave-1',
        'terraform_data.fleet_wave-2',
        'terraform_data.fleet_wave-3',
        'terraform_data.fleet_wave-4',
      ]);
      // WHEN the fleet grows by one: waves of 3 instead of 2, so every wave's list changes
      ws.resynth(grown(9, RESIZE));
      const second = await ws.terraform('apply', '-auto-approve');
      // THEN every wave runs again, finds its earlier servers at the end state, and only the 9th changes
      expect({ code: second.code, tail: second.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(counts()).toEqual([...once.slice(0, 8), once[0]]);
      expect(ws.emulator.server(ID(8))!.flavorRef).toBe('s3.large.2');
      expect(second.output).toContain('wave 1/3: summary: 3 servers: 0 changed, 3 already done, 0 failed');
      expect(second.output).toContain('wave 3/3: summary: 3 servers: 1 changed, 2 already done, 0 failed');
      // AND applying again changes nothing
      expect((await ws.terraform('apply', '-auto-approve')).output).toContain('No changes.');
      expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  test('GIVEN a resized fleet of 8 (no member records) WHEN its steps become a reboot, then it grows to 9 THEN the reboot runs once on every server, records are written, and the growth reboots only the 9th', async () => {
    const REBOOT: ServerFleetMaintenanceProps['steps'] = [{ action: 'reboot' }];
    const ws = await workspace(seed(9, 'ACTIVE'), grown(8, RESIZE));
    const counts = () => Array.from({ length: 9 }, (_, i) => ws.emulator.mutations(ID(i)));
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      expect((await ws.terraform('apply', '-auto-approve')).code).toBe(0);
      const resized = counts();
      // WHEN the steps change: new work, asked of every server once
      ws.resynth(grown(8, REBOOT));
      enforceLatestPolicy(ws);
      const rebooted = await ws.terraform('apply', '-auto-approve');
      expect({ code: rebooted.code, tail: rebooted.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(counts()).toEqual(resized.map((n, i) => (i < 8 ? n + 1 : 0)));
      expect(stateAddresses(ws)).toContain(`terraform_data.fleet_server-${ID(7)}`);
      // AND growing the rebooted fleet reboots only the new server: the records remember the others
      ws.resynth(grown(9, REBOOT));
      const grownApply = await ws.terraform('apply', '-auto-approve');
      expect(grownApply.code).toBe(0);
      expect(counts()).toEqual([...resized.slice(0, 8).map((n) => n + 1), 1]);
      expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  test('GIVEN a rebooted fleet of 8 (member records) WHEN its steps become stop, resize, start THEN the records are destroyed, every server is resized once, and a further apply changes nothing', async () => {
    const ws = await workspace(seed(9, 'ACTIVE'), grown(8, [{ action: 'reboot' }]));
    const counts = () => Array.from({ length: 9 }, (_, i) => ws.emulator.mutations(ID(i)));
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      expect((await ws.terraform('apply', '-auto-approve')).code).toBe(0);
      expect(stateAddresses(ws).filter((a) => a.includes('_server-'))).toHaveLength(8);
      const rebooted = counts();
      // WHEN the steps change to ones whose end the cloud shows
      ws.resynth(grown(8, RESIZE));
      enforceLatestPolicy(ws);
      const resized = await ws.terraform('apply', '-auto-approve');
      // THEN the new steps run once on every server, and the state holds the waves only
      expect({ code: resized.code, tail: resized.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(Array.from({ length: 8 }, (_, i) => ws.emulator.server(ID(i))!.flavorRef)).toEqual(Array(8).fill('s3.large.2'));
      expect(counts()[8]).toBe(0);
      expect(stateAddresses(ws)).toEqual([
        'terraform_data.fleet_wave-1',
        'terraform_data.fleet_wave-2',
        'terraform_data.fleet_wave-3',
        'terraform_data.fleet_wave-4',
      ]);
      const after = counts();
      expect(after.slice(0, 8).every((n, i) => n > rebooted[i])).toBe(true);
      // AND applying again changes nothing
      expect((await ws.terraform('apply', '-auto-approve')).output).toContain('No changes.');
      expect(counts()).toEqual(after);
    } finally {
      await ws.close();
    }
  });

  test('GIVEN a fleet of 8 rebooted with maxUnavailable 0.25 WHEN a 9th server is appended and applied THEN only the 9th is rebooted', async () => {
    const fleet = (n: number) => (stack: import('cdktf').TerraformStack) => {
      new ServerFleetMaintenance(stack, 'fleet', {
        serverIds: Array.from({ length: n }, (_, i) => ID(i)),
        maxUnavailable: 0.25,
        steps: [{ action: 'reboot' }],
      });
    };
    const ws = await workspace(seed(9, 'ACTIVE'), fleet(8));
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const first = await ws.terraform('apply', '-auto-approve');
      expect({ code: first.code, tail: first.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(Array.from({ length: 9 }, (_, i) => ws.emulator.mutations(ID(i)))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0]);
      // WHEN the fleet grows by one: waves of 3 instead of 2, so servers move between waves
      ws.resynth(fleet(9));
      const second = await ws.terraform('apply', '-auto-approve');
      // THEN only the wave holding the new server runs, and only the new server is rebooted
      expect({ code: second.code, tail: second.output.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(Array.from({ length: 9 }, (_, i) => ws.emulator.mutations(ID(i)))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
      expect(second.output).toContain('wave 3/3: summary: 3 servers: 1 changed, 2 already done, 0 failed');
      // AND applying again changes nothing
      const third = await ws.terraform('apply', '-auto-approve');
      expect(third.output).toContain('No changes.');
      expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});
