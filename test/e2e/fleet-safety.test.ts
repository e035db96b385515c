/**
 * A rollout touches exactly the servers it declares (issue 21, items 1 and 3), with real Terraform and the emulator
 * enforcing the generated policy: a variable given a comma-joined list at apply is refused before any call, in a fleet
 * and in a group's members; appending a server to a fleet whose waves are a fraction of it touches only that server,
 * even for a step the cloud cannot observe (a reboot).
 */
import { TerraformVariable } from 'cdktf';
import { ServerFleetMaintenance, ServerGroup } from '../../src';
import type { SeedServer } from '../../src/emulator';
import { describeWithTerraform, workspace } from './terraform-harness';

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
