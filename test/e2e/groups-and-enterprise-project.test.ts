/**
 * Group membership (on OTC, and on Huawei Cloud with its own action names) and an enterprise-project maintenance, proved
 * with real Terraform, the real CLI and the emulator (playing the stack's cloud) enforcing each stack's own generated policy: sufficient (apply, a change of members, re-apply and destroy succeed),
 * minimal (without any one action, apply, a change or destroy fails with a 403 naming it), and nothing bleeds between stacks.
 */
import type { TerraformStack } from 'cdktf';
import { type EcsEnvironmentProps, ServerChangeOs, ServerGroup, ServerStart, ServerStop } from '../../src';
import type { Emulator, SeedServer } from '../../src/emulator';
import { isAllowed } from '../../src/iam';
import { accessKeyEnvironment, describeWithTerraform, policyActionsOf, type Workspace, workspace } from './terraform-harness';

const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
const NEW_IMAGE = 'a1a1a1a1-73ad-429d-b6f2-5433947433b0';
const S1 = '1a2b3c4d-0000-4000-8000-0000000000b1';
const S2 = '1a2b3c4d-0000-4000-8000-0000000000b2';
const running = (id: string): SeedServer => ({ id, name: id.slice(-2), flavorRef: 's3.medium.2', imageId: IMAGE, status: 'ACTIVE' });

interface Scenario {
  readonly name: string;
  readonly servers: SeedServer[];
  readonly environment: Partial<EcsEnvironmentProps>;
  readonly build: (stack: TerraformStack) => void;
  /** The stack's whole policy, written from the permission tables. */
  readonly policy: string[];
  /** A later version of the stack whose apply runs the calls the first apply and the destroy do not (a removal). */
  readonly change?: (stack: TerraformStack) => void;
  /** The action of the one call that change makes. */
  readonly changeAction?: string;
  readonly expect: (emulator: Emulator) => void;
}

/** Stop, join the group, start: the members resource runs between the stop and the start. */
function membership(members: string[]) {
  return (s: TerraformStack) => {
    for (const id of members) new ServerStop(s, `stop-${id.slice(-2)}`, { serverId: id, api: 'cloudservers' });
    new ServerGroup(s, 'group', { name: 'web', api: 'cloudservers', members });
    for (const id of members) new ServerStart(s, `start-${id.slice(-2)}`, { serverId: id, api: 'cloudservers' });
  };
}

const GROUP_MEMBERSHIP: Scenario = {
  name: 'ServerGroup (cloudservers) with members, each stopped to join and started again',
  servers: [running(S1), running(S2)],
  environment: {},
  build: membership([S1, S2]),
  change: membership([S1]),
  changeAction: 'ecs:cloudServers:delete',
  policy: [
    'ecs:cloudServers:create',
    'ecs:cloudServers:delete',
    'ecs:cloudServers:get',
    'ecs:cloudServers:list',
    'ecs:cloudServers:showServer',
    'ecs:cloudServers:start',
    'ecs:cloudServers:stop',
  ],
  expect: (emulator) => {
    expect(emulator.serverGroups().map((g) => [g.name, [...g.members].sort()])).toEqual([['web', [S1, S2]]]);
    expect([emulator.server(S1)?.status, emulator.server(S2)?.status]).toEqual(['ACTIVE', 'ACTIVE']);
  },
};

const GROUP_MEMBERSHIP_ON_HUAWEI: Scenario = {
  ...GROUP_MEMBERSHIP,
  name: 'the same on Huawei Cloud, whose policy carries its own narrower group actions (the emulator plays Huawei Cloud)',
  environment: { cloud: 'huaweicloud', region: 'eu-west-101' },
  changeAction: 'ecs:cloudServers:deleteServerGroupMember',
  policy: [
    'ecs:cloudServers:addServerGroupMember',
    'ecs:cloudServers:createServerGroup',
    'ecs:cloudServers:deleteServerGroup',
    'ecs:cloudServers:deleteServerGroupMember',
    'ecs:cloudServers:list',
    'ecs:cloudServers:showServer',
    'ecs:cloudServers:showServerGroup',
    'ecs:cloudServers:start',
    'ecs:cloudServers:stop',
  ],
};

const ENTERPRISE_PROJECT: Scenario = {
  name: 'enterprise project: stop, change the OS and start through enterprise-project-capable APIs only',
  servers: [running(S1)],
  environment: { cloud: 'huaweicloud', region: 'eu-west-101', authorization: 'enterprise-project' },
  build: (s) => {
    new ServerStop(s, 'stop', { serverId: S1, api: 'cloudservers' });
    new ServerChangeOs(s, 'os', { serverId: S1, imageId: NEW_IMAGE, keyName: 'kp' });
    new ServerStart(s, 'start', { serverId: S1, api: 'cloudservers' });
  },
  policy: ['ecs:cloudServers:changeOS', 'ecs:cloudServers:showServer', 'ecs:cloudServers:start', 'ecs:cloudServers:stop'],
  expect: (emulator) => expect(emulator.server(S1)).toMatchObject({ status: 'ACTIVE', imageId: NEW_IMAGE }),
};

const open = (scenario: Scenario, enforce = true) => workspace(scenario.servers, scenario.build, enforce, {}, accessKeyEnvironment, scenario.environment);

/** No call was refused, and every action the emulator decided on is in the stack's policy. */
function expectNoBleed(ws: Workspace): void {
  expect(ws.emulator.audit.filter((e) => e.decision !== 'allowed')).toEqual([]);
  for (const entry of ws.emulator.audit) for (const a of entry.requiredActions) expect(isAllowed(ws.policy, a)).toBe(true);
}

describeWithTerraform('end to end: group membership and an enterprise-project stack under their generated policies', () => {
  test("nothing bleeds: each stack's policy holds exactly its own actions (the enterprise-project one no group or native action)", async () => {
    for (const scenario of [GROUP_MEMBERSHIP, GROUP_MEMBERSHIP_ON_HUAWEI, ENTERPRISE_PROJECT]) {
      const ws = await open(scenario, false);
      try {
        expect(policyActionsOf(ws.policy)).toEqual(scenario.policy);
      } finally {
        await ws.close();
      }
    }
  });

  test.each([GROUP_MEMBERSHIP, GROUP_MEMBERSHIP_ON_HUAWEI, ENTERPRISE_PROJECT])(
    'sufficient: $name — apply, re-apply without a mutation, destroy',
    async (scenario) => {
      const ws = await open(scenario);
      try {
        expect((await ws.terraform('init')).code).toBe(0);
        const apply = await ws.terraform('apply', '-auto-approve');
        expect({ code: apply.code, tail: apply.output.slice(-600) }).toMatchObject({ code: 0 });
        scenario.expect(ws.emulator);
        expectNoBleed(ws);
        const mutations = ws.emulator.mutations();
        expect((await ws.terraform('apply', '-auto-approve')).code).toBe(0);
        expect(ws.emulator.mutations()).toBe(mutations);
        expect((await ws.terraform('destroy', '-auto-approve')).code).toBe(0);
        expect(ws.emulator.serverGroups()).toEqual([]);
        expectNoBleed(ws);
      } finally {
        await ws.close();
      }
    },
  );

  test.each([GROUP_MEMBERSHIP, GROUP_MEMBERSHIP_ON_HUAWEI])(
    'a change of members ($name): the next apply removes the server dropped from the list, keeps the group, and runs nothing else',
    async (scenario) => {
      const ws = await open(scenario);
      try {
        expect((await ws.terraform('init')).code).toBe(0);
        expect((await ws.terraform('apply', '-auto-approve')).code).toBe(0);
        const groupId = ws.emulator.serverGroups()[0].id;
        // WHEN S2 is dropped from the members (S1 stays: it needs no stop, so only its own operations remain)
        ws.resynth(scenario.change!);
        ws.emulator.clearAudit();
        const apply = await ws.terraform('apply', '-auto-approve');
        // THEN the same group now has only S1, and the only mutation was the removal, under the cloud's action
        expect({ code: apply.code, tail: apply.output.slice(-600) }).toMatchObject({ code: 0 });
        expect(ws.emulator.serverGroups().map((g) => [g.id, g.members])).toEqual([[groupId, [S1]]]);
        expect(ws.emulator.audit.filter((e) => e.mutationApplied).map((e) => e.action)).toEqual([scenario.changeAction]);
        expectNoBleed(ws);
      } finally {
        await ws.close();
      }
    },
  );

  test.each([GROUP_MEMBERSHIP, GROUP_MEMBERSHIP_ON_HUAWEI, ENTERPRISE_PROJECT])(
    'minimal: $name — without any one action, apply, a change or destroy fails with a 403 naming it',
    async (scenario) => {
      for (const action of scenario.policy) {
        // GIVEN a fresh emulator enforcing the policy without one action
        const ws = await open(scenario, false);
        try {
          ws.emulator.setPolicy({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: scenario.policy.filter((a) => a !== action) }] });
          expect((await ws.terraform('init')).code).toBe(0);
          // WHEN applied, then changed (if the scenario has a change), then destroyed, until one fails
          let run = await ws.terraform('apply', '-auto-approve');
          if (run.code === 0 && scenario.change) {
            ws.resynth(scenario.change);
            run = await ws.terraform('apply', '-auto-approve');
          }
          if (run.code === 0) run = await ws.terraform('destroy', '-auto-approve');
          // THEN one of them fails, naming the missing action
          expect({ action, code: run.code }).toEqual({ action, code: 1 });
          expect(run.output).toContain(action);
          expect(run.output).toMatch(/403/);
        } finally {
          await ws.close();
        }
      }
    },
  );
});
