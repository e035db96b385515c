/**
 * A rolling fleet maintenance with real Terraform and the emulator enforcing the generated policy: a failed wave
 * stops the rollout, and the next apply resumes at that wave, touching only its servers not yet at the end state.
 */
import { ServerFleetMaintenance } from '../../src';
import type { SeedServer } from '../../src/emulator';
import { describeWithTerraform, workspace } from './terraform-harness';

const FLEET = Array.from({ length: 24 }, (_, i) => `4a2b3c4d-0000-4000-8000-0000000e${String(i).padStart(4, '0')}`);
const SERVERS: SeedServer[] = FLEET.map((id, i) => ({
  id,
  name: `web-${i}`,
  flavorRef: 's3.medium.2',
  imageId: 'e215580f-73ad-429d-b6f2-5433947433b0',
  status: 'ACTIVE',
}));
const VICTIM = FLEET[8];

describeWithTerraform('end to end: a fleet rollout in waves', () => {
  test('GIVEN a resize that fails for one server of wave 2 WHEN applied THEN the rollout stops there; the next apply resumes at wave 2, touching only that server, then runs waves 3 and 4', async () => {
    const ws = await workspace(
      SERVERS,
      (stack) => {
        new ServerFleetMaintenance(stack, 'fleet', {
          serverIds: FLEET,
          maxUnavailable: 6,
          steps: [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
        });
      },
      true,
      { faults: [{ route: 'cloudservers-resize', kind: 'job-fail', serverId: VICTIM, errorCode: 'Ecs.0207', failReason: 'flavor sold out' }] },
    );
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      // WHEN
      const first = await ws.terraform('apply', '-auto-approve');
      // THEN wave 1 is done, wave 2 failed naming the server, its code and reason; waves 3 and 4 never ran
      expect(first.code).toBe(1);
      expect(first.output).toContain(`server ${VICTIM} (resize s3.large.2) Ecs.0207`);
      expect(first.output).toContain('flavor sold out');
      const state = (id: string) => ({ status: ws.emulator.server(id)!.status, flavorRef: ws.emulator.server(id)!.flavorRef });
      for (const id of FLEET.slice(0, 6)) expect(state(id)).toEqual({ status: 'ACTIVE', flavorRef: 's3.large.2' });
      for (const id of FLEET.slice(6, 12))
        expect(state(id)).toEqual(id === VICTIM ? { status: 'SHUTOFF', flavorRef: 's3.medium.2' } : { status: 'ACTIVE', flavorRef: 's3.large.2' });
      for (const id of FLEET.slice(12)) expect(state(id)).toEqual({ status: 'ACTIVE', flavorRef: 's3.medium.2' });
      const before = new Map(FLEET.map((id) => [id, ws.emulator.mutations(id)]));

      // WHEN applied again
      const second = await ws.terraform('apply', '-auto-approve');
      // THEN it resumes at wave 2: only the failed server of that wave changes, then waves 3 and 4 run
      expect({ code: second.code, tail: second.output.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      for (const id of FLEET) expect(state(id)).toEqual({ status: 'ACTIVE', flavorRef: 's3.large.2' });
      for (const id of FLEET.slice(0, 12))
        expect({ id, mutations: ws.emulator.mutations(id) - before.get(id)! }).toEqual({ id, mutations: id === VICTIM ? 2 : 0 });
      for (const id of FLEET.slice(12)) expect({ id, mutations: ws.emulator.mutations(id) - before.get(id)! }).toEqual({ id, mutations: 3 });
      expect(second.output).toContain('wave 2/4: summary: 6 servers: 1 changed, 5 already done, 0 failed');
      expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});
