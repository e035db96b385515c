/**
 * Fleets chosen by group and by tag, with real Terraform and the emulator enforcing the generated policy: a fleet over
 * two groups keeps one member of each group per wave; a tag-selected fleet touches only the tagged servers; an empty
 * selection succeeds and changes nothing; and every selection action is necessary.
 */
import * as fc from 'fast-check';
import { ServerFleetMaintenance, ServerGroup } from '../../src';
import type { PolicyDocument, SeedServer } from '../../src/emulator';
import { describeWithTerraform, workspace } from './terraform-harness';

const serverId = (i: number) => `6a2b3c4d-0000-4000-8000-0000000f${String(i).padStart(4, '0')}`;
const seed = (n: number, more: (i: number) => Partial<SeedServer> = () => ({})): SeedServer[] =>
  Array.from({ length: n }, (_, i) => ({ id: serverId(i), name: `srv-${i}`, flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE', ...more(i) }));
const GROUP_ID = '5bbcc3c4-0000-4000-8000-0000000000e2';
const without = (policy: PolicyDocument, action: string): PolicyDocument => ({
  ...policy,
  Statement: policy.Statement.map((s) => ({ ...s, Action: (s.Action ?? []).filter((a) => a !== action) })),
});

describeWithTerraform('end to end: fleets chosen by group and by tag', () => {
  test('GIVEN two groups of three (stopped) WHEN a fleet built from them starts them, at most one member per group at a time THEN every wave holds one member of each group', async () => {
    const servers = seed(6, () => ({ status: 'SHUTOFF' }));
    const ids = servers.map((s) => s.id);
    const ws = await workspace(servers, (stack) => {
      const web = new ServerGroup(stack, 'web', { name: 'web', api: 'cloudservers', members: ids.slice(0, 3) });
      const api = new ServerGroup(stack, 'api', { name: 'api', api: 'cloudservers', members: ids.slice(3) });
      new ServerFleetMaintenance(stack, 'fleet', { groups: [web, api], maxUnavailable: 4, maxUnavailablePerGroup: 1, steps: [{ action: 'start' }] });
    });
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const apply = await ws.terraform('apply', '-auto-approve');
      expect({ code: apply.code, tail: apply.output.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      // THEN the cloud saw three start batches, each with one member of each group
      const waves = ws.emulator
        .jobs()
        .filter((j) => j.jobType === 'batchStartServers')
        .map((j) => [...j.serverIds]);
      expect(waves).toEqual([
        [ids[0], ids[3]],
        [ids[1], ids[4]],
        [ids[2], ids[5]],
      ]);
      const groups = ws.emulator.serverGroups();
      for (const wave of waves) for (const g of groups) expect(wave.filter((id) => g.members.includes(id)).length).toBeLessThanOrEqual(1);
      expect(ids.every((id) => ws.emulator.server(id)!.status === 'ACTIVE')).toBe(true);
      expect(ws.emulator.audit.filter((e) => e.decision === 'denied')).toEqual([]);
    } finally {
      await ws.close();
    }
  }, 120_000);

  test('GIVEN 60 servers, 30 tagged role=web WHEN a tag-selected fleet stops them 25 % at a time THEN only the tagged 30 are touched, in waves of 8, 8, 8, 6, and the selection is printed first', async () => {
    const servers = seed(60, (i) => ({ tags: { role: i % 2 === 0 ? 'web' : 'db' } }));
    const web = servers.filter((s) => s.tags!.role === 'web').map((s) => s.id);
    const ws = await workspace(servers, (stack) => {
      new ServerFleetMaintenance(stack, 'web-fleet', { select: { tags: { role: 'web' }, minServers: 30 }, maxUnavailable: 0.25, steps: [{ action: 'stop' }] });
    });
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const apply = await ws.terraform('apply', '-auto-approve');
      expect({ code: apply.code, tail: apply.output.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      for (const s of servers) expect({ id: s.id, mutations: ws.emulator.mutations(s.id) }).toEqual({ id: s.id, mutations: web.includes(s.id) ? 1 : 0 });
      const waves = ws.emulator
        .jobs()
        .filter((j) => j.jobType === 'batchStopServers')
        .map((j) => j.serverIds.length);
      expect(waves).toEqual([8, 8, 8, 6]);
      expect(apply.output.indexOf('selected 30 servers: servers tagged "role=web"')).toBeGreaterThan(-1);
      expect(apply.output.indexOf('selected 30 servers')).toBeLessThan(apply.output.indexOf('batch job'));
      // The policy: the tag query, the group list (per-group limit), the stop and the server read; nothing denied.
      expect([...ws.policy.Statement.flatMap((s) => s.Action ?? [])].sort()).toEqual([
        'ecs:cloudServers:list',
        'ecs:cloudServers:showServer',
        'ecs:cloudServers:stop',
        'ecs:servers:getTags',
      ]);
      expect(ws.emulator.audit.filter((e) => e.decision === 'denied')).toEqual([]);
    } finally {
      await ws.close();
    }
  }, 120_000);

  test('GIVEN no server carries the tag WHEN applied THEN the apply succeeds, says it selected 0 servers, and changes nothing', async () => {
    const ws = await workspace(
      seed(5, () => ({ tags: { role: 'db' } })),
      (stack) => {
        new ServerFleetMaintenance(stack, 'fleet', { select: { tags: { role: 'web' } }, steps: [{ action: 'stop' }] });
      },
    );
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const apply = await ws.terraform('apply', '-auto-approve');
      expect({ code: apply.code, tail: apply.output.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      expect(apply.output).toContain('selected 0 servers: servers tagged "role=web"');
      expect(ws.emulator.mutations()).toBe(0);
    } finally {
      await ws.close();
    }
  }, 60_000);

  test('GIVEN hostile tag values (Terraform templates, shell syntax, quotes, non-ASCII, property-generated) WHEN each selects through real Terraform THEN each reaches the tag query byte for byte: exactly its server is touched', async () => {
    // GIVEN one server per value carrying role=<value>, and one server carrying a near miss
    const payloads = ['${file("/etc/hostname")}', '%{ if true }x%{ endif }', '$(touch /tmp/x)', '\'"`;|&', 'a=b,c=d', 'x%2Cy', 'ünï ċödé 💥', '\\'];
    const generated = fc.sample(
      fc.string({ minLength: 1, maxLength: 30 }).filter((v) => !/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(v)),
      { seed: 20261206, numRuns: 12 },
    );
    const values = [...new Set([...payloads, ...generated])];
    const servers = values.map((value, i) => ({
      id: serverId(i),
      name: `srv-${i}`,
      flavorRef: 's3.medium.2',
      imageId: 'img',
      status: 'ACTIVE' as const,
      tags: { role: value },
    }));
    const decoy = { id: serverId(999), name: 'decoy', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' as const, tags: { role: 'web' } };
    const ws = await workspace([...servers, decoy], (stack) => {
      values.forEach((value, i) => new ServerFleetMaintenance(stack, `fleet-${i}`, { select: { tags: { role: value } }, steps: [{ action: 'stop' }] }));
    });
    try {
      expect((await ws.terraform('init')).code).toBe(0);
      const apply = await ws.terraform('apply', '-auto-approve');
      expect({ code: apply.code, tail: apply.output.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('Apply complete!') });
      // THEN every value selected exactly its own server (values are distinct), and the decoy was never touched
      for (const s of servers) expect({ value: s.tags.role, status: ws.emulator.server(s.id)!.status }).toEqual({ value: s.tags.role, status: 'SHUTOFF' });
      expect(ws.emulator.server(decoy.id)!.status).toBe('ACTIVE');
      expect(ws.emulator.audit.filter((e) => e.route === 'servers-tag-query')).toHaveLength(values.length);
    } finally {
      await ws.close();
    }
  }, 180_000);

  test.each([
    ['a tag selection', 'ecs:servers:getTags'],
    ['a tag selection', 'ecs:cloudServers:list'],
    ['a group selection', 'ecs:cloudServers:get'],
  ])(
    'GIVEN %s WHEN the policy lacks %s THEN the apply fails naming it, and no server changes',
    async (kind, action) => {
      const servers = seed(4, () => ({ tags: { role: 'web' } }));
      const ws = await workspace(
        servers,
        (stack) => {
          new ServerFleetMaintenance(stack, 'fleet', {
            select: kind === 'a tag selection' ? { tags: { role: 'web' } } : { serverGroupId: GROUP_ID },
            steps: [{ action: 'stop' }],
          });
        },
        true,
        { serverGroups: [{ id: GROUP_ID, name: 'web', policies: ['anti-affinity'], members: servers.map((s) => s.id) }] },
      );
      try {
        // GIVEN the stack's own policy holds the action
        expect(ws.policy.Statement.flatMap((s) => s.Action ?? [])).toContain(action);
        ws.emulator.setPolicy(without(ws.policy, action));
        expect((await ws.terraform('init')).code).toBe(0);
        const apply = await ws.terraform('apply', '-auto-approve');
        expect(apply.code).not.toBe(0);
        expect(apply.output).toContain(`Policy does not allow ${action} to be performed.`);
        expect(apply.output).toContain('HTTP 403 Pdp.0001');
        expect(ws.emulator.mutations()).toBe(0);
      } finally {
        await ws.close();
      }
    },
    60_000,
  );
});
