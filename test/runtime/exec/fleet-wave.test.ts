/**
 * `ecs-lifecycle exec fleet-wave` through the real CLI against the emulator: many servers in one process, a
 * sub-job failing for one server, and a re-run that touches only the servers not yet at the end state.
 */
import fc from 'fast-check';
import { parseFleetSteps } from '../../../src/cloud/fleet-steps';
import type { EmulatorOptions, SeedServer } from '../../../src/emulator';
import { ACCESS_KEY_ENV, emulatorOptions, execCli, withEmulator } from '../helpers/exec-cli';

const serverId = (i: number) => `2a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const fleet = (n: number, overrides: (i: number) => Partial<SeedServer> = () => ({})): SeedServer[] =>
  Array.from({ length: n }, (_, i) => ({ id: serverId(i), name: `web-${i}`, flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE', ...overrides(i) }));
const MAINTENANCE = 'stop:SOFT,resize:s3.large.2,start';

function seeded(servers: SeedServer[], more: EmulatorOptions = {}): EmulatorOptions {
  return emulatorOptions({ servers, ...more });
}

describe('exec fleet-wave', () => {
  test('GIVEN 60 running servers WHEN one wave stops, resizes and starts them THEN all end ACTIVE with the flavor, with few requests per server and aggregate progress', async () => {
    const servers = fleet(60);
    await withEmulator(seeded(servers), async (emulator) => {
      // WHEN
      const run = await execCli(emulator, 'fleet-wave', { serverIds: servers.map((s) => s.id).join(','), steps: MAINTENANCE, wave: '2/5' });
      // THEN
      expect({ code: run.code, tail: run.stderr.slice(-400) }).toEqual({
        code: 0,
        tail: expect.stringContaining('summary: 60 servers: 60 changed, 0 already done, 0 failed'),
      });
      for (const s of servers) expect(emulator.server(s.id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2', taskState: null });
      const batches = emulator.audit.filter((e) => e.method === 'POST' && e.path.endsWith('/cloudservers/action'));
      expect(batches.length).toBe(2);
      expect(emulator.audit.length / servers.length).toBeLessThanOrEqual(6);
      // Aggregate lines, never one line per server per poll.
      const lines = run.stderr.trim().split('\n');
      expect(lines.every((l) => l.includes('wave 2/5'))).toBe(true);
      expect(lines.length).toBeLessThan(40);
      expect(run.stderr).toMatch(/wave 2\/5: stop SOFT: 60\/60 SHUTOFF, 0 under way/);
    });
  });

  test('GIVEN 1,000 servers, the most a wave takes, WHEN one wave stops them THEN one batch call carries them all', async () => {
    const servers = fleet(1000);
    await withEmulator(seeded(servers), async (emulator) => {
      const run = await execCli(emulator, 'fleet-wave', { serverIds: servers.map((s) => s.id).join(','), steps: 'stop:HARD' });
      expect({ code: run.code, tail: run.stderr.slice(-300) }).toEqual({ code: 0, tail: expect.any(String) });
      const batches = emulator.audit.filter((e) => e.method === 'POST' && e.path.endsWith('/cloudservers/action'));
      expect(batches.length).toBe(1);
      expect(servers.every((s) => emulator.server(s.id)!.status === 'SHUTOFF')).toBe(true);
    });
  }, 120_000);

  test('GIVEN a resize sub-job that fails for one server WHEN the wave runs THEN the others finish, it exits 1 naming that server, its error code and reason; a re-run touches only that server', async () => {
    const servers = fleet(12);
    const victim = servers[7].id;
    const faults = [
      { route: 'cloudservers-resize', kind: 'job-fail' as const, serverId: victim, errorCode: 'Ecs.0207', failReason: 'no capacity for the flavor' },
    ];
    await withEmulator(seeded(servers, { faults }), async (emulator) => {
      const args = { serverIds: servers.map((s) => s.id).join(','), steps: MAINTENANCE };
      // WHEN
      const first = await execCli(emulator, 'fleet-wave', args);
      // THEN
      expect(first.code).toBe(1);
      expect(first.stderr).toContain(`1 of 12 servers failed: server ${victim} (resize s3.large.2) Ecs.0207: job`);
      expect(first.stderr).toContain('no capacity for the flavor');
      for (const s of servers) {
        expect(emulator.server(s.id)).toMatchObject(
          s.id === victim ? { status: 'SHUTOFF', flavorRef: 's3.medium.2' } : { status: 'ACTIVE', flavorRef: 's3.large.2' },
        );
      }
      // WHEN the apply runs again
      emulator.clearAudit();
      const again = await execCli(emulator, 'fleet-wave', args);
      // THEN only the failed server is changed
      expect({ code: again.code, tail: again.stderr.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('1 changed, 11 already done, 0 failed') });
      const mutated = new Set(emulator.audit.filter((e) => e.mutationApplied).map((e) => e.path));
      expect([...mutated].every((p) => p.includes(victim) || p.endsWith('/cloudservers/action'))).toBe(true);
      const started = emulator.audit.filter((e) => e.method === 'POST' && e.path.endsWith('/cloudservers/action'));
      expect(started.length).toBe(1);
      expect(emulator.server(victim)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
    });
  });

  test('GIVEN a locked server in the wave THEN it is refused without a call and named; the others go through', async () => {
    const servers = fleet(4, (i) => (i === 2 ? { locked: true } : {}));
    await withEmulator(seeded(servers), async (emulator) => {
      const run = await execCli(emulator, 'fleet-wave', { serverIds: servers.map((s) => s.id).join(','), steps: 'stop:SOFT' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`server ${servers[2].id} (stop SOFT) locked`);
      expect(emulator.server(servers[2].id)!.status).toBe('ACTIVE');
      expect(emulator.server(servers[0].id)!.status).toBe('SHUTOFF');
    });
  });

  test.each([
    ['cloudservers-resize', 'drop-after-mutation'],
    ['cloudservers-resize', 'drop-before-mutation'],
    ['cloudservers-resize', 'status-500'],
    ['cloudservers-batch:os-stop', 'drop-after-mutation'],
    ['cloudservers-batch:os-start', 'drop-after-mutation'],
    ['cloudservers-batch:os-start', 'status-503'],
  ] as const)(
    'GIVEN a fault on %s (%s) WHEN the wave runs THEN every server ends resized and running, each changed exactly once per step',
    async (route, kind) => {
      const servers = fleet(5);
      await withEmulator(seeded(servers, { faults: [{ route, kind }] }), async (emulator) => {
        // A request lost before the cloud saw it is sent again once the resend window passed: a short one here.
        const env = { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_RESEND_WINDOW: '0.5' };
        const run = await execCli(emulator, 'fleet-wave', { serverIds: servers.map((s) => s.id).join(','), steps: MAINTENANCE }, { env });
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
        for (const s of servers) {
          expect(emulator.server(s.id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
          expect(emulator.mutations(s.id)).toBe(3);
        }
      });
    },
  );

  test.each([
    ['a hostile server id', { serverIds: `${serverId(0)},$(touch x)`, steps: 'stop:SOFT' }, '--server-ids'],
    ['a repeated server id', { serverIds: `${serverId(0)},${serverId(0)}`, steps: 'stop:SOFT' }, '--server-ids'],
    [
      'more servers than one batch call takes',
      { serverIds: Array.from({ length: 1001 }, (_, i) => serverId(i)).join(','), steps: 'stop:SOFT' },
      '--server-ids',
    ],
    ['an unknown step', { serverIds: serverId(0), steps: 'stop:SOFT,format-disk' }, '"format-disk" is not a step'],
    ['a wave label that is not <n>/<waves>', { serverIds: serverId(0), steps: 'stop:SOFT', wave: '1/2\n[fake] done' }, '--wave "1/2\\n[fake] done" must be'],
    ['a hostile flavor', { serverIds: serverId(0), steps: 'resize:a b;rm' }, '"resize:a b;rm" is not a step'],
  ])('GIVEN %s THEN exit 2 and nothing is sent', async (_name, args, message) => {
    await withEmulator(seeded(fleet(1)), async (emulator) => {
      const run = await execCli(emulator, 'fleet-wave', args);
      expect({ code: run.code, message: run.stderr.includes(message) }).toEqual({ code: 2, message: true });
      expect(emulator.audit.filter((e) => e.method !== 'GET')).toEqual([]);
    });
  });

  test('property: through the real CLI, hostile --steps and --server-ids values are refused with exit 2 before any mutation', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('$(reboot)', '`id`', 'stop:SOFT;rm -rf /', "stop:SOFT' --endpoint x", '${self.id}', '%{if}', 'start\nstop:SOFT'),
    );
    await withEmulator(seeded(fleet(2)), async (emulator) => {
      await fc.assert(
        fc.asyncProperty(hostile, fc.boolean(), async (value, asSteps) => {
          fc.pre(asSteps ? 'problems' in parseFleetSteps(value) : !/^[A-Za-z0-9-]+$/.test(value));
          const args = asSteps ? { serverIds: serverId(0), steps: value } : { serverIds: `${serverId(0)},${value}`, steps: 'stop:SOFT' };
          const run = await execCli(emulator, 'fleet-wave', args);
          expect({ value, code: run.code }).toEqual({ value, code: 2 });
          expect(emulator.mutations()).toBe(0);
        }),
        { numRuns: 12 },
      );
    });
  }, 120_000);
});
