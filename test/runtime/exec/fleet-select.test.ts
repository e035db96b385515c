/**
 * `ecs-lifecycle exec fleet-select` through the real CLI against the emulator: the selection by tags, by group and
 * within an enterprise project, printed before anything changes; the waves planned from it (ramp and per-group limit);
 * an empty selection; and errors that name the API call, the HTTP status and the cloud's code.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EmulatorOptions, SeedServer } from '../../../src/emulator';
import { ACCESS_KEY_ENV, allowOnly, emulatorOptions, execCli, withEmulator } from '../helpers/exec-cli';

const serverId = (i: number) => `3a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const GROUP_A = '5bbcc3c4-0000-4000-8000-00000000000a';
const GROUP_B = '5bbcc3c4-0000-4000-8000-00000000000b';
const fleet = (n: number, overrides: (i: number) => Partial<SeedServer> = () => ({})): SeedServer[] =>
  Array.from({ length: n }, (_, i) => ({ id: serverId(i), name: `srv-${i}`, flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE', ...overrides(i) }));
const seeded = (servers: SeedServer[], more: EmulatorOptions = {}) => emulatorOptions({ servers, ...more });
/** The servers of each batch job, in order: the waves as the cloud saw them. */
const batches = (emulator: { jobs(): { jobType: string; serverIds: readonly string[] }[] }, jobType: string) =>
  emulator
    .jobs()
    .filter((j) => j.jobType === jobType)
    .map((j) => j.serverIds);

describe('exec fleet-select: selection by tags', () => {
  test('GIVEN 60 servers, 30 tagged role=web WHEN a tag-selected fleet stops them 25 % at a time THEN only the tagged ones stop, in 4 waves, after the selection is printed', async () => {
    const servers = fleet(60, (i) => ({ tags: { role: i % 2 === 0 ? 'web' : 'db', team: 'a' } }));
    const web = servers.filter((s) => s.tags!.role === 'web').map((s) => s.id);
    await withEmulator(seeded(servers), async (emulator) => {
      // WHEN
      const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web,team=a', steps: 'stop:SOFT', waveSizes: '0.25' });
      // THEN every tagged server is stopped and no other
      expect({ code: run.code, tail: run.stderr.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('done: 30 servers') });
      for (const s of servers) expect(emulator.server(s.id)!.status).toBe(web.includes(s.id) ? 'SHUTOFF' : 'ACTIVE');
      // AND the waves are 8, 8, 8, 6 servers, in id order
      expect(batches(emulator, 'batchStopServers')).toEqual([web.slice(0, 8), web.slice(8, 16), web.slice(16, 24), web.slice(24)]);
      // AND the selection (count and every id) is printed before the first change
      const lines = run.stderr.split('\n');
      const selected = lines.findIndex((l) => l.includes('selected 30 servers: servers tagged "role=web" and "team=a"'));
      const firstBatch = lines.findIndex((l) => l.includes('batch job'));
      expect(selected).toBeGreaterThanOrEqual(0);
      expect(selected).toBeLessThan(firstBatch);
      for (const id of web) expect(run.stderr.slice(0, run.stderr.indexOf('batch job'))).toContain(id);
      // AND the first request was OTC's tag query
      expect(emulator.audit[0]).toMatchObject({ route: 'servers-tag-query', action: 'ecs:servers:getTags', status: 200 });
    });
  });

  test('GIVEN 1,050 tagged servers WHEN selected THEN the tag query is read page by page (1,000, then 50) and two waves run', async () => {
    const servers = fleet(1100, (i) => ({ tags: { role: i < 1050 ? 'web' : 'db' } }));
    await withEmulator(seeded(servers), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', steps: 'stop:HARD' }, { extraArgs: [] });
      expect({ code: run.code, tail: run.stderr.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('1050 servers') });
      expect(emulator.audit.filter((e) => e.route === 'servers-tag-query')).toHaveLength(2);
      expect(batches(emulator, 'batchStopServers').map((b) => b.length)).toEqual([1000, 50]);
      expect(servers.filter((s) => emulator.server(s.id)!.status === 'SHUTOFF')).toHaveLength(1050);
    });
  }, 120_000);

  test('GIVEN Huawei Cloud WHEN selected by tags THEN its own tag query (/cloudservers/) is called', async () => {
    const servers = fleet(3, (i) => ({ tags: { role: i === 1 ? 'web' : 'db' } }));
    await withEmulator(seeded(servers), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { cloud: 'huaweicloud', region: 'eu-west-101', select: 'tags:role=web', steps: 'stop:SOFT' });
      expect(run.code).toBe(0);
      expect(emulator.audit[0]).toMatchObject({ route: 'cloudservers-tag-query', action: 'ecs:cloudServers:list' });
      expect(servers.map((s) => emulator.server(s.id)!.status)).toEqual(['ACTIVE', 'SHUTOFF', 'ACTIVE']);
    });
  });

  test('GIVEN an enterprise project WHEN selected by tags within it THEN the server list of that project is read and only its tagged servers are touched', async () => {
    const EP = '9a1c7a0e-4b5d-4c8e-8f2a-0b1c2d3e4f50';
    const servers = fleet(8, (i) => ({ tags: { role: 'web' }, ...(i < 4 ? { enterpriseProjectId: EP } : {}) }));
    await withEmulator(seeded(servers), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', enterpriseProjectId: EP, steps: 'stop:SOFT' });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`selected 4 servers: servers tagged "role=web" in enterprise project ${EP}`);
      expect(emulator.audit[0]).toMatchObject({ route: 'cloudservers-list', action: 'ecs:cloudServers:list' });
      expect(servers.map((s) => emulator.server(s.id)!.status)).toEqual([...Array(4).fill('SHUTOFF'), ...Array(4).fill('ACTIVE')]);
    });
  });

  test('GIVEN tagged members of two groups WHEN at most one member per group may be down THEN no wave holds two members of a group', async () => {
    // GIVEN 6 tagged servers: 0–2 in group A, 3–4 in group B, 5 in none; waves of up to 3
    const servers = fleet(6, () => ({ tags: { role: 'web' } }));
    const ids = servers.map((s) => s.id);
    const groups = [
      { id: GROUP_A, name: 'a', policies: ['anti-affinity'], members: ids.slice(0, 3) },
      { id: GROUP_B, name: 'b', policies: ['anti-affinity'], members: ids.slice(3, 5) },
    ];
    await withEmulator(seeded(servers, { serverGroups: groups }), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', steps: 'stop:SOFT', waveSizes: '3', maxUnavailablePerGroup: '1' });
      expect(run.code).toBe(0);
      // THEN the group list was read, and the waves are {A, B, none}, {A, B}, {A}
      expect(emulator.audit.map((e) => e.route)).toContain('cloudservers-groups-list');
      expect(batches(emulator, 'batchStopServers')).toEqual([[ids[0], ids[3], ids[5]], [ids[1], ids[4]], [ids[2]]]);
      expect(run.stderr).toContain('3 waves of 3, 2, 1 server(s), at most 1 member(s) of one server group in a wave');
    });
  });
});

describe('exec fleet-select: events and health checks', () => {
  test('GIVEN ECS_LIFECYCLE_EVENTS and a health check WHEN a selected fleet runs THEN the selection event comes before any wave, and every wave is checked', async () => {
    const servers = fleet(4, () => ({ tags: { role: 'web' } }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-select-events-'));
    const events = path.join(dir, 'events.jsonl');
    try {
      await withEmulator(seeded(servers), async (emulator) => {
        const run = await execCli(
          emulator,
          'fleet-select',
          { select: 'tags:role=web', steps: 'stop:SOFT', waveSizes: '2', healthCheck: JSON.stringify([process.execPath, '-e', 'process.exit(0)']) },
          { env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_EVENTS: events } },
        );
        expect({ code: run.code, tail: run.stderr.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('done: 4 servers') });
        const written = fs
          .readFileSync(events, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line))
          .filter((e) => e.type !== 'progress');
        expect(written[0]).toMatchObject({
          type: 'selection',
          operation: 'fleet-select',
          servers: 4,
          serverIds: servers.map((s) => s.id),
          selector: 'servers tagged "role=web"',
        });
        expect(written.filter((e) => e.type === 'health-check').map((e) => [e.wave, e.healthy])).toEqual([
          [1, true],
          [2, true],
        ]);
        expect(written.findIndex((e) => e.type === 'wave-start')).toBeGreaterThan(0);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exec fleet-select: the selection is a read, retried like one', () => {
  test.each(['status-503', 'drop-after-mutation'] as const)(
    'GIVEN the tag query fails twice with %s WHEN selected THEN it is asked again and the fleet runs',
    async (kind) => {
      const servers = fleet(2, () => ({ tags: { role: 'web' } }));
      await withEmulator(seeded(servers, { faults: [{ route: 'servers-tag-query', kind, times: 2 }] }), async (emulator) => {
        const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', steps: 'stop:SOFT' });
        expect({ code: run.code, tail: run.stderr.slice(-200) }).toEqual({ code: 0, tail: expect.stringContaining('done: 2 servers') });
        expect(emulator.audit.filter((e) => e.route === 'servers-tag-query').length).toBe(3);
        expect(servers.every((s) => emulator.server(s.id)!.status === 'SHUTOFF')).toBe(true);
      });
    },
  );
});

describe('exec fleet-select: selection by group', () => {
  test('GIVEN a group of four WHEN its members are selected with one member down at a time THEN four waves of one, the others untouched', async () => {
    const servers = fleet(6);
    const members = servers.slice(1, 5).map((s) => s.id);
    await withEmulator(seeded(servers, { serverGroups: [{ id: GROUP_A, name: 'web', policies: ['anti-affinity'], members }] }), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: `group:${GROUP_A}`, steps: 'stop:SOFT', maxUnavailablePerGroup: '1' });
      expect(run.code).toBe(0);
      expect(batches(emulator, 'batchStopServers')).toEqual(members.map((id) => [id]));
      expect(emulator.audit[0]).toMatchObject({ route: 'cloudservers-groups-show', action: 'ecs:cloudServers:get' });
      expect(servers.map((s) => emulator.server(s.id)!.status)).toEqual(['ACTIVE', 'SHUTOFF', 'SHUTOFF', 'SHUTOFF', 'SHUTOFF', 'ACTIVE']);
    });
  });

  test('GIVEN a group id that does not exist WHEN selected THEN exit 1 naming the group, the call, HTTP 404 and nothing changed', async () => {
    await withEmulator(seeded(fleet(2)), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: `group:${GROUP_B}`, steps: 'stop:SOFT' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `the server group ${GROUP_B} does not exist: GET /v1/${emulator.projectId}/cloudservers/os-server-groups/${GROUP_B} → HTTP 404`,
      );
      expect(emulator.mutations()).toBe(0);
    });
  });
});

describe('exec fleet-select: an empty selection, --min-servers, failures', () => {
  test('GIVEN no server carries the tag WHEN selected THEN exit 0, the selection of 0 servers is said, nothing changes', async () => {
    await withEmulator(seeded(fleet(3)), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', steps: 'stop:SOFT' });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('selected 0 servers: servers tagged "role=web"');
      expect(run.stderr).toContain('the selection (servers tagged "role=web") holds no server; nothing to do');
      expect(emulator.mutations()).toBe(0);
    });
  });

  test('GIVEN --min-servers 3 and 2 tagged servers WHEN selected THEN exit 1 before any change, naming the count', async () => {
    await withEmulator(seeded(fleet(4, (i) => ({ tags: { role: i < 2 ? 'web' : 'db' } }))), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', steps: 'stop:SOFT', minServers: '3' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('holds 2 servers, fewer than --min-servers 3; nothing was changed');
      expect(emulator.mutations()).toBe(0);
    });
  });

  test('GIVEN a policy without the tag query action WHEN selected THEN exit 1 naming the call, HTTP 403 and Pdp.0001, before any change', async () => {
    const policy = allowOnly(['ecs:cloudServers:stop', 'ecs:cloudServers:showServer']);
    await withEmulator(
      seeded(
        fleet(2, () => ({ tags: { role: 'web' } })),
        { policy },
      ),
      async (emulator) => {
        const run = await execCli(emulator, 'fleet-select', { select: 'tags:role=web', steps: 'stop:SOFT' });
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain(`POST /v1/${emulator.projectId}/servers/resource_instances/action → HTTP 403 Pdp.0001`);
        expect(run.stderr).toContain('ecs:servers:getTags');
        expect(emulator.mutations()).toBe(0);
      },
    );
  });

  test('GIVEN a stop failing for one server of wave 2 WHEN the fleet runs THEN wave 3 is never started; a re-run touches only the servers not yet stopped', async () => {
    const servers = fleet(6, () => ({ tags: { role: 'web' } }));
    const victim = servers[3].id;
    const faults = [{ route: 'cloudservers-batch:os-stop', kind: 'job-fail' as const, serverId: victim, errorCode: 'Ecs.0611', failReason: 'host busy' }];
    await withEmulator(seeded(servers, { faults }), async (emulator) => {
      const args = { select: 'tags:role=web', steps: 'stop:SOFT', waveSizes: '2' };
      const first = await execCli(emulator, 'fleet-select', args);
      expect(first.code).toBe(1);
      expect(first.stderr).toContain(`server ${victim} (stop SOFT) Ecs.0611`);
      expect(servers.map((s) => emulator.server(s.id)!.status)).toEqual(['SHUTOFF', 'SHUTOFF', 'SHUTOFF', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
      // WHEN the apply runs again
      const again = await execCli(emulator, 'fleet-select', args);
      expect(again.code).toBe(0);
      expect(batches(emulator, 'batchStopServers').slice(2)).toEqual([[victim], [servers[4].id, servers[5].id]]);
      expect(servers.every((s) => emulator.server(s.id)!.status === 'SHUTOFF')).toBe(true);
    });
  });

  test('GIVEN a reboot failing in wave 2 WHEN the fleet is retried THEN the retry reboots wave 1 again (nothing to observe), as docs/fleets.md says', async () => {
    const servers = fleet(2, () => ({ tags: { role: 'web' } }));
    const faults = [{ route: 'cloudservers-batch:reboot', kind: 'job-fail' as const, serverId: servers[1].id, errorCode: 'Ecs.0227', failReason: 'busy' }];
    await withEmulator(seeded(servers, { faults }), async (emulator) => {
      const args = { select: 'tags:role=web', steps: 'reboot:SOFT', waveSizes: '1' };
      expect((await execCli(emulator, 'fleet-select', args)).code).toBe(1);
      expect(servers.map((s) => emulator.mutations(s.id))).toEqual([1, 1]);
      expect((await execCli(emulator, 'fleet-select', args)).code).toBe(0);
      expect(servers.map((s) => emulator.mutations(s.id))).toEqual([2, 2]);
    });
  });

  test.each([
    [{ select: 'tags:role' }, '"role" must be <key>=<value>'],
    [{ select: 'group:not-a-uuid' }, 'the server group id must be a UUID'],
    [{ select: `group:${GROUP_A}`, enterpriseProjectId: '0' }, '--enterprise-project-id narrows a tag selection'],
    [{ select: 'tags:a=b', waveSizes: '1.5' }, '--wave-sizes'],
    [{ select: 'tags:a=b', maxUnavailablePerGroup: '0' }, '--max-unavailable-per-group'],
  ])('GIVEN %j WHEN run THEN exit 2 naming the problem, before any call', async (args, message) => {
    await withEmulator(seeded(fleet(1)), async (emulator) => {
      const run = await execCli(emulator, 'fleet-select', { steps: 'stop:SOFT', ...args });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(emulator.audit).toEqual([]);
    });
  });
});
