/**
 * The CLI compares server IDs as the cloud does, without regard to case, through the real CLI against the emulator
 * (which finds servers and answers with their own IDs, as the cloud does).
 */
import type { SeedServer } from '../../../src/emulator';
import { emulatorOptions, execCli, GROUP, withEmulator } from '../helpers/exec-cli';

const serverId = (i: number) => `4a4b4c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const seed = (id: string, status: 'ACTIVE' | 'SHUTOFF'): SeedServer => ({ id, name: id.slice(-4), flavorRef: 's3.medium.2', imageId: 'img', status });

describe('server IDs in another case than the cloud answers with', () => {
  test('GIVEN a member given in upper case WHEN the members are set twice THEN the second run changes nothing (reproduction: removed and re-added on every apply)', async () => {
    const member = serverId(1);
    const options = emulatorOptions({ servers: [seed(member, 'SHUTOFF')], serverGroups: [{ name: GROUP, policies: ['anti-affinity'] }] });
    await withEmulator(options, async (emulator) => {
      const args = { name: GROUP, serverIds: member.toUpperCase() };
      const first = await execCli(emulator, 'server-group-members', args);
      expect({ code: first.code, tail: first.stderr.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('added 1, removed 0') });
      expect(emulator.serverGroups()[0].members).toEqual([member]);
      // WHEN again
      const again = await execCli(emulator, 'server-group-members', args);
      // THEN
      expect({ code: again.code, tail: again.stderr.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('already has exactly') });
      expect(emulator.mutations(GROUP)).toBe(1);
    });
  });

  test('GIVEN a wave given in upper case and one failed sub-job WHEN it runs THEN only that server is charged with it (reproduction: every server was)', async () => {
    const servers = [1, 2, 3, 4].map((i) => seed(serverId(i), 'ACTIVE'));
    const victim = servers[2].id;
    const options = emulatorOptions({
      servers,
      faults: [{ route: 'cloudservers-batch:os-stop', kind: 'job-fail', serverId: victim, errorCode: 'Ecs.0611', failReason: 'stop failed' }],
    });
    await withEmulator(options, async (emulator) => {
      const run = await execCli(emulator, 'fleet-wave', { serverIds: servers.map((s) => s.id.toUpperCase()).join(','), steps: 'stop:SOFT' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`1 of 4 servers failed: server ${victim.toUpperCase()} (stop SOFT) Ecs.0611`);
      for (const s of servers) expect(emulator.server(s.id)!.status).toBe(s.id === victim ? 'ACTIVE' : 'SHUTOFF');
    });
  });
});
