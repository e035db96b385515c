/**
 * A request whose response was lost is sent again only when the server shows, for the whole resend window, that it
 * was not applied: the window is a duration, so a short poll interval and a job that stays queued a while cannot
 * make the CLI apply a change twice.
 */
import type { EmulatorOptions, SeedServer } from '../../../src/emulator';
import { ACCESS_KEY_ENV, emulatorOptions, execCli, SERVER, withEmulator } from '../helpers/exec-cli';

const OLD_IMAGE = 'aaaaaaaa-0000-4000-8000-000000000001';
const NEW_IMAGE = 'bbbbbbbb-0000-4000-8000-000000000002';
const stopped = (id: string): SeedServer => ({ id, name: id.slice(-4), flavorRef: 's3.medium.2', imageId: OLD_IMAGE, status: 'SHUTOFF' });
/** A job that stays queued for 400 ms: eight polls of 50 ms, longer than the five polls the CLI used to look for. */
const SLOW_QUEUE = { start: 30, stop: 30, reboot: 40, resize: 60, revertResize: 30, jobQueued: 400, jobRunning: 30 } as const;

function seeded(servers: SeedServer[], route: string): EmulatorOptions {
  return emulatorOptions({ servers, timings: SLOW_QUEUE, faults: [{ route, kind: 'drop-after-mutation' }] });
}

describe('a lost response never applies a change twice', () => {
  test.each([
    ['server-resize-cloudservers', 'cloudservers-resize', { flavorRef: 's3.large.2' }],
    ['server-change-os-v2', 'cloudservers-changeos:v2', { imageId: NEW_IMAGE, keyName: 'k' }],
  ] as const)(
    'GIVEN %s whose response is lost and whose job stays queued 400 ms, polled every 50 ms WHEN the CLI runs THEN it is applied once',
    async (operation, route, args) => {
      await withEmulator(seeded([stopped(SERVER)], route), async (emulator) => {
        // WHEN
        const run = await execCli(emulator, operation, { serverId: SERVER, pollInterval: '0.05', ...args });
        // THEN the re-read found the job's change before the window ended, and nothing was sent again
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('was applied; not sending it again') });
        expect(emulator.mutations(SERVER)).toBe(1);
      });
    },
  );

  test('GIVEN a fleet wave whose resize responses are lost and whose jobs stay queued 400 ms WHEN it runs THEN each server is resized once', async () => {
    const servers = [1, 2, 3].map((i) => stopped(`2a2b3c4d-0000-4000-8000-00000000000${i}`));
    await withEmulator(seeded(servers, 'cloudservers-resize'), async (emulator) => {
      emulator.addFaults([{ route: 'cloudservers-resize', kind: 'drop-after-mutation', times: 2 }]);
      const run = await execCli(emulator, 'fleet-wave', { serverIds: servers.map((s) => s.id).join(','), steps: 'resize:s3.large.2', pollInterval: '0.05' });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('3 changed') });
      for (const s of servers) expect({ id: s.id, mutations: emulator.mutations(s.id) }).toEqual({ id: s.id, mutations: 1 });
    });
  });

  test('GIVEN a request that really was lost WHEN the resend window passes with no change THEN it is sent once more, and applied once', async () => {
    const options = emulatorOptions({ servers: [stopped(SERVER)], faults: [{ route: 'cloudservers-resize', kind: 'drop-before-mutation' }] });
    await withEmulator(options, async (emulator) => {
      const run = await execCli(
        emulator,
        'server-resize-cloudservers',
        { serverId: SERVER, flavorRef: 's3.large.2' },
        { env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_RESEND_WINDOW: '0.5' } },
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('was not applied; sending it again') });
      expect(emulator.mutations(SERVER)).toBe(1);
      expect(emulator.server(SERVER)!.flavorRef).toBe('s3.large.2');
    });
  });

  test('GIVEN the deadline comes before the resend window ends THEN the CLI times out rather than send the request again', async () => {
    const options = emulatorOptions({ servers: [stopped(SERVER)], faults: [{ route: 'cloudservers-resize', kind: 'drop-before-mutation' }] });
    await withEmulator(options, async (emulator) => {
      const run = await execCli(emulator, 'server-resize-cloudservers', { serverId: SERVER, flavorRef: 's3.large.2', timeout: '1' });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/a sign that the request whose response was lost was applied/);
      expect(emulator.audit.filter((e) => e.route === 'cloudservers-resize').length).toBe(1);
    });
  });
});
