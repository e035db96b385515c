/**
 * Operations that race on one server: a mutation refused with 409 because another task is under way waits for
 * that task, then decides again, within the deadline.
 */
import type { Emulator } from '../../../src/emulator';
import { EmulatorClient, waitFor } from '../../emulator/helpers/emulator-client';
import { emulatorOptions, execCli, FAST_TIMINGS, SERVER, withEmulator } from '../helpers/exec-cli';

const STOP = { serverId: SERVER, stopType: 'SOFT' as const, pollInterval: '0.05' };

/** Resolves once the CLI's first status read has been answered: its mutation follows at once. */
function firstReadAnswered(emulator: Emulator): Promise<unknown> {
  return waitFor(
    () => emulator.audit.some((e) => e.route === 'cloudservers-show' && e.status === 200),
    (seen) => seen,
    30_000,
  );
}

describe('exec: identical and competing operations on one server', () => {
  test('three identical stops at once all exit 0, and the server is stopped exactly once', async () => {
    // GIVEN a slow stop, and the first stop to arrive held before the cloud looks at it, so that the others read
    // the server ACTIVE too and send their own stop while one is under way
    const options = emulatorOptions({ timings: { stop: 3000 }, faults: [{ route: 'server-action:os-stop', kind: 'delay', delayMs: 1500 }] });
    await withEmulator(options, async (emulator) => {
      // WHEN three stops of the same server run at the same time
      const runs = await Promise.all([1, 2, 3].map(() => execCli(emulator, 'server-stop', STOP)));
      // THEN each ends with the server stopped: none fails on the 409 of another's stop under way
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(emulator.server(SERVER)!.status).toBe('SHUTOFF');
      expect(emulator.mutations(SERVER)).toBe(1);
    });
  });

  test('a 409 for a task under way, after which the end state holds: exit 0, nothing sent again', async () => {
    // GIVEN a stopped server, and the CLI's start held for a second before the cloud looks at it
    const options = emulatorOptions({
      servers: [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img-old', status: 'SHUTOFF' }],
      timings: { reboot: 4000 },
      faults: [{ route: 'server-action:os-start', kind: 'delay', delayMs: 1000 }],
    });
    await withEmulator(options, async (emulator) => {
      // WHEN someone else hard-reboots it (which starts it) while the start is held
      const run = execCli(emulator, 'server-start', { serverId: SERVER, pollInterval: '0.05' });
      await firstReadAnswered(emulator);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await new EmulatorClient(emulator).action(SERVER, { reboot: { type: 'HARD' } })).status).toBe(202);
      const { code, stderr } = await run;
      // THEN the start is refused for the reboot under way, the CLI waits for it, finds the server ACTIVE and stops there
      expect(code).toBe(0);
      expect(stderr).toMatch(
        /HTTP 409 conflictingRequest "Cannot 'start' instance \S+ while it is in task_state rebooting_hard".*: another task is under way on the server; waiting for it to end, then deciding again/,
      );
      expect(stderr).toMatch(/already ACTIVE; nothing to do/);
      expect(emulator.mutations(SERVER)).toBe(1);
    });
  });

  test('a 409 for a task under way, after which the end state does not hold: the mutation is sent again', async () => {
    // GIVEN a running server, and the CLI's stop held for a second before the cloud looks at it
    const options = emulatorOptions({ timings: { reboot: 4000 }, faults: [{ route: 'server-action:os-stop', kind: 'delay', delayMs: 1000 }] });
    await withEmulator(options, async (emulator) => {
      // WHEN someone else reboots it while the stop is held
      const run = execCli(emulator, 'server-stop', STOP);
      await firstReadAnswered(emulator);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await new EmulatorClient(emulator).action(SERVER, { reboot: { type: 'SOFT' } })).status).toBe(202);
      const { code, stderr } = await run;
      // THEN the stop is refused, the CLI waits for the reboot, then stops the server it finds running
      expect(code).toBe(0);
      expect(stderr).toMatch(/HTTP 409 conflictingRequest "Cannot 'stop' instance \S+ while it is in task_state rebooting"/);
      expect(stderr).toMatch(/done: server \S+ SHUTOFF/);
      expect(emulator.mutations(SERVER)).toBe(2);
    });
  });
});

describe('exec: races on the batch API end like races on the native one', () => {
  const fleetId = (i: number) => `3a3b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;

  test('three identical cloudservers stops at once all exit 0, none sent twice (reproduction: two exited 1 with Ecs.0100 in a failed job)', async () => {
    // GIVEN the first stop to arrive held before the cloud looks at it, so that the others read the server ACTIVE too
    const options = emulatorOptions({
      timings: { ...FAST_TIMINGS, stop: 1000 },
      faults: [{ route: 'cloudservers-batch:os-stop', kind: 'delay', delayMs: 1500 }],
    });
    await withEmulator(options, async (emulator) => {
      // WHEN three batch stops of the same server run at the same time
      const runs = await Promise.all([1, 2, 3].map(() => execCli(emulator, 'server-stop-cloudservers', STOP)));
      // THEN each ends with the server stopped: the sub-jobs refused for the stop under way are not failures
      expect(runs.map((r) => ({ code: r.code, tail: r.stderr.slice(-300) }))).toEqual([0, 0, 0].map((code) => ({ code, tail: expect.any(String) })));
      expect(emulator.server(SERVER)!.status).toBe('SHUTOFF');
      expect(emulator.audit.filter((e) => e.route === 'cloudservers-batch:os-stop').length).toBeLessThanOrEqual(3);
      expect(runs.some((r) => /Ecs\.0100.*deciding again/.test(r.stderr))).toBe(true);
    });
  });

  test.each([
    ['stop:SOFT', { status: 'SHUTOFF' }],
    ['stop:SOFT,resize:s3.large.2,start', { status: 'ACTIVE', flavorRef: 's3.large.2' }],
  ])('two identical fleet waves (%s) at once both exit 0, neither sending a stop twice (reproduction: one exited 1 with Ecs.0100)', async (steps, end) => {
    // GIVEN eight running servers, and the first wave's stop held so that both waves read them ACTIVE
    const servers = Array.from({ length: 8 }, (_, i) => ({
      id: fleetId(i),
      name: `w${i}`,
      flavorRef: 's3.medium.2',
      imageId: 'img',
      status: 'ACTIVE' as const,
    }));
    const options = emulatorOptions({
      servers,
      timings: { ...FAST_TIMINGS, stop: 600, start: 600 },
      faults: [{ route: 'cloudservers-batch:os-stop', kind: 'delay', delayMs: 1000 }],
    });
    await withEmulator(options, async (emulator) => {
      // WHEN the same wave runs twice at the same time
      const args = { serverIds: servers.map((s) => s.id).join(','), steps, pollInterval: '0.05' };
      const runs = await Promise.all([1, 2].map(() => execCli(emulator, 'fleet-wave', args)));
      // THEN both succeed with every server at the end of the steps, and each wave sent its stop once
      expect(runs.map((r) => ({ code: r.code, tail: r.stderr.slice(-400) }))).toEqual([0, 0].map((code) => ({ code, tail: expect.any(String) })));
      for (const s of servers) expect(emulator.server(s.id)).toMatchObject({ ...end, taskState: null });
      expect(emulator.audit.filter((e) => e.route === 'cloudservers-batch:os-stop').length).toBe(2);
      expect(runs.some((r) => /refused for another task under way \(Ecs\.0100\)/.test(r.stderr))).toBe(true);
    });
  });
});
