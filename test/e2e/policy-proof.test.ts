/**
 * The headline claim, proved with real Terraform, the real CLI and the emulator enforcing the stack's
 * own generated policy: the policy is sufficient (apply succeeds), minimal (without any one action,
 * apply fails with a 403 naming it) and nothing outside it is ever called.
 */
import type { TerraformStack } from 'cdktf';
import {
  ServerChangeOs,
  ServerFleetMaintenance,
  ServerGroup,
  ServerLock,
  ServerReboot,
  ServerReinstallOs,
  ServerResize,
  ServerStart,
  ServerStop,
  ServerUnlock,
} from '../../src';
import type { SeedServer } from '../../src/emulator';
import { isAllowed } from '../../src/iam';
import { describeWithTerraform, policyActionsOf, workspace } from './terraform-harness';

const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
const NEW_IMAGE = 'a1a1a1a1-73ad-429d-b6f2-5433947433b0';
const S1 = '1a2b3c4d-0000-4000-8000-0000000000a1';
const S2 = '1a2b3c4d-0000-4000-8000-0000000000a2';
const FLEET = Array.from({ length: 24 }, (_, i) => `1a2b3c4d-0000-4000-8000-0000000f${String(i).padStart(4, '0')}`);
const running = (id: string, extra: Partial<SeedServer> = {}): SeedServer => ({
  id,
  name: id.slice(-2),
  flavorRef: 's3.medium.2',
  imageId: IMAGE,
  status: 'ACTIVE',
  ...extra,
});
const stopped = (id: string, extra: Partial<SeedServer> = {}): SeedServer => running(id, { status: 'SHUTOFF', ...extra });

/** One stack per construct and option, with the servers it starts from and the state it must end in. */
const SCENARIOS: {
  name: string;
  servers: SeedServer[];
  build: (stack: TerraformStack) => void;
  expect: (server: (id: string) => { status: string; flavorRef: string; imageId: string; locked: boolean } | undefined, groups: string[]) => void;
}[] = [
  {
    name: 'ServerGroup',
    servers: [],
    build: (s) => {
      new ServerGroup(s, 'group', { name: 'web' });
    },
    expect: (_server, groups) => expect(groups).toEqual(['web']),
  },
  {
    name: 'ServerStop SOFT → ServerStart',
    servers: [running(S1)],
    build: (s) => {
      new ServerStop(s, 'stop', { serverId: S1 });
      new ServerStart(s, 'start', { serverId: S1 });
    },
    expect: (server) => expect(server(S1)?.status).toBe('ACTIVE'),
  },
  {
    name: 'ServerStop HARD',
    servers: [running(S1)],
    build: (s) => {
      new ServerStop(s, 'stop', { serverId: S1, stopType: 'HARD' });
    },
    expect: (server) => expect(server(S1)?.status).toBe('SHUTOFF'),
  },
  {
    name: 'ServerReboot SOFT and HARD',
    servers: [running(S1), running(S2)],
    build: (s) => {
      new ServerReboot(s, 'soft', { serverId: S1 });
      new ServerReboot(s, 'hard', { serverId: S2, rebootType: 'HARD' });
    },
    expect: (server) => {
      expect(server(S1)?.status).toBe('ACTIVE');
      expect(server(S2)?.status).toBe('ACTIVE');
    },
  },
  {
    name: 'ServerLock and ServerUnlock',
    servers: [running(S1), running(S2, { locked: true })],
    build: (s) => {
      new ServerLock(s, 'lock', { serverId: S1 });
      new ServerUnlock(s, 'unlock', { serverId: S2 });
    },
    expect: (server) => {
      expect(server(S1)?.locked).toBe(true);
      expect(server(S2)?.locked).toBe(false);
    },
  },
  {
    name: 'ServerResize native',
    servers: [running(S1)],
    build: (s) => {
      new ServerResize(s, 'resize', { serverId: S1, flavorRef: 's3.large.2' });
    },
    expect: (server) => expect(server(S1)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' }),
  },
  {
    name: 'ServerResize cloudservers',
    servers: [stopped(S1)],
    build: (s) => {
      new ServerResize(s, 'resize', { serverId: S1, flavorRef: 's3.xlarge.2', api: 'cloudservers' });
    },
    expect: (server) => expect(server(S1)).toMatchObject({ status: 'SHUTOFF', flavorRef: 's3.xlarge.2' }),
  },
  {
    name: 'ServerChangeOs v1 and v2',
    servers: [stopped(S1), stopped(S2)],
    build: (s) => {
      new ServerChangeOs(s, 'v2', { serverId: S1, imageId: NEW_IMAGE, keyName: 'kp', userData: 'echo hi' });
      new ServerChangeOs(s, 'v1', { serverId: S2, imageId: NEW_IMAGE, adminPasswordEnv: 'E2E_ADMIN_PASSWORD', apiVersion: 'v1' });
    },
    expect: (server) => {
      expect(server(S1)?.imageId).toBe(NEW_IMAGE);
      expect(server(S2)?.imageId).toBe(NEW_IMAGE);
    },
  },
  {
    name: 'ServerReinstallOs v1 and v2',
    servers: [stopped(S1), stopped(S2)],
    build: (s) => {
      new ServerReinstallOs(s, 'v2', { serverId: S1, keyName: 'kp', userId: '7e25b1da389f4697a79df3a0e5bd494e' });
      new ServerReinstallOs(s, 'v1', { serverId: S2, adminPasswordEnv: 'E2E_ADMIN_PASSWORD', apiVersion: 'v1' });
    },
    expect: (server) => {
      expect(server(S1)?.status).toBe('SHUTOFF');
      expect(server(S2)?.imageId).toBe(IMAGE);
    },
  },
  {
    name: 'ServerFleetMaintenance: 24 servers in waves of 6, stop → cloudservers resize → start',
    servers: FLEET.map((id) => running(id)),
    build: (s) => {
      new ServerFleetMaintenance(s, 'fleet', {
        serverIds: FLEET,
        maxUnavailable: 0.25,
        steps: [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
      });
    },
    expect: (server) => {
      for (const id of FLEET) expect(server(id)).toMatchObject({ status: 'ACTIVE', flavorRef: 's3.large.2' });
    },
  },
];

process.env.E2E_ADMIN_PASSWORD = 'Canary-Adm1n-Passw0rd!';

describeWithTerraform('end to end: the generated policy is sufficient, minimal, and nothing bleeds', () => {
  describe.each(SCENARIOS)('$name', (scenario) => {
    test('sufficient: apply succeeds under exactly the generated policy; the state is what the plan says; re-apply mutates nothing; destroy cleans up', async () => {
      const ws = await workspace(scenario.servers, scenario.build);
      try {
        expect((await ws.terraform('init')).code).toBe(0);
        const apply = await ws.terraform('apply', '-auto-approve');
        expect(apply.output).toContain('Apply complete!');
        expect(apply.code).toBe(0);
        scenario.expect(
          (id) => ws.emulator.server(id),
          ws.emulator.serverGroups().map((g) => g.name),
        );
        // no bleed: every call was allowed, and every action decided is in the policy
        expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
        for (const entry of ws.emulator.audit) for (const a of entry.requiredActions) expect(isAllowed(ws.policy, a)).toBe(true);
        expect(apply.output).not.toContain(process.env.E2E_ADMIN_PASSWORD);

        const mutations = ws.emulator.mutations();
        const reapply = await ws.terraform('apply', '-auto-approve');
        expect(reapply.code).toBe(0);
        expect(ws.emulator.mutations()).toBe(mutations);

        expect((await ws.terraform('destroy', '-auto-approve')).code).toBe(0);
        expect(ws.emulator.serverGroups()).toEqual([]);
      } finally {
        await ws.close();
      }
    });

    test('minimal: without any one of its actions, apply fails with a 403 naming that action', async () => {
      const probe = await workspace(scenario.servers, scenario.build, false);
      const actions = policyActionsOf(probe.policy);
      await probe.close();
      for (const action of actions) {
        // GIVEN a fresh emulator enforcing the policy without one action (fresh, so no earlier run
        // has already brought a server to its end state and turned a call into a no-op)
        const ws = await workspace(scenario.servers, scenario.build, false);
        try {
          ws.emulator.setPolicy({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions.filter((a) => a !== action) }] });
          expect((await ws.terraform('init')).code).toBe(0);
          // WHEN applied THEN it fails and names the missing action
          const apply = await ws.terraform('apply', '-auto-approve');
          expect({ action, code: apply.code }).toEqual({ action, code: 1 });
          expect(apply.output).toContain(action);
          expect(apply.output).toMatch(/403/);
        } finally {
          await ws.close();
        }
      }
    });
  });
});
