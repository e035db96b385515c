/**
 * The batch start/stop/reboot of one server and group membership, through the real CLI against the emulator: the
 * cases beyond a clean run and a re-run (operations.test.ts), each with the exit code and the message a person reads.
 */
import type { FaultRule } from '../../../src/emulator';
import { requiredActionsOf } from '../../../src/permissions/requirements';
import { allowOnly, emulatorOptions, execCli, GROUP, SERVER, withEmulator } from '../helpers/exec-cli';

const OTHER = '99999999-2222-4333-8444-555555555555';
const THIRD = '88888888-2222-4333-8444-555555555555';
const seedServer = (id: string, status: 'ACTIVE' | 'SHUTOFF') => ({ id, name: id.slice(0, 4), flavorRef: 's3.medium.2', imageId: 'img-old', status });
const lastLine = (stderr: string) => stderr.trim().split('\n').pop()!;

describe('batch start/stop/reboot of one server: a failed sub-job', () => {
  test.concurrent.each([
    ['server-stop-cloudservers', 'cloudservers-batch:os-stop', 'stopServer', 'ACTIVE', { stopType: 'SOFT' }],
    ['server-start-cloudservers', 'cloudservers-batch:os-start', 'startServer', 'SHUTOFF', {}],
    ['server-reboot-cloudservers', 'cloudservers-batch:reboot', 'rebootServer', 'ACTIVE', { rebootType: 'HARD' }],
  ] as const)('%s names the server, the error code and the reason; exit 1; the server is as it was', async (operation, route, subJobType, status, args) => {
    // GIVEN the sub-job of this server fails (the emulator's job-fail fault aimed at its id)
    const fault: FaultRule = { route, kind: 'job-fail', serverId: SERVER, errorCode: 'Ecs.0610', failReason: 'host maintenance' };
    await withEmulator(
      emulatorOptions({ servers: [seedServer(SERVER, status)], faults: [fault], policy: allowOnly(requiredActionsOf(operation)) }),
      async (emulator) => {
        // WHEN the operation runs
        const run = await execCli(emulator, operation, { serverId: SERVER, ...args });
        // THEN it fails with exit 1, naming the failed sub-job's server, code and reason, and the fix
        expect(run.code).toBe(1);
        expect(lastLine(run.stderr)).toMatch(
          new RegExp(
            `^ecs-lifecycle exec ${operation} failed for prod/${operation} \\(server ${SERVER}\\): job \\w+ ` +
              `\\(batch\\w+Servers\\) ended in FAIL[^;]*; sub-job \\w+ \\(${subJobType}\\) failed for server ${SERVER}: Ecs\\.0610 "host maintenance"\\. Fix: `,
          ),
        );
        expect(emulator.server(SERVER)).toMatchObject({ status, taskState: null });
        expect(emulator.mutations(SERVER)).toBe(1);
      },
    );
  });

  test.concurrent('a locked server is refused before any call: the fix says to unlock it first', async () => {
    await withEmulator(emulatorOptions({ servers: [{ ...seedServer(SERVER, 'ACTIVE'), locked: true }] }), async (emulator) => {
      const run = await execCli(emulator, 'server-stop-cloudservers', { serverId: SERVER, stopType: 'SOFT' });
      expect(run.code).toBe(1);
      expect(lastLine(run.stderr)).toMatch(/server \S+ is locked\. Fix: the server is locked: add a ServerUnlock/);
      expect(emulator.mutations()).toBe(0);
    });
  });
});

describe('server-group-members', () => {
  test.concurrent('a running server to add refuses the whole run before any change, with the fix', async () => {
    // GIVEN a group with a member to remove, and two servers to add, one of them running
    const options = emulatorOptions({
      servers: [seedServer(SERVER, 'SHUTOFF'), seedServer(OTHER, 'ACTIVE'), seedServer(THIRD, 'SHUTOFF')],
      serverGroups: [{ name: GROUP, policies: ['anti-affinity'], members: [THIRD] }],
    });
    await withEmulator(options, async (emulator) => {
      // WHEN the members are set
      const run = await execCli(emulator, 'server-group-members', { name: GROUP, serverIds: `${SERVER},${OTHER}` });
      // THEN it fails naming the running server and the fix, and changed nothing (not even the removal)
      expect(run.code).toBe(1);
      expect(lastLine(run.stderr)).toMatch(
        new RegExp(
          `server ${OTHER} is ACTIVE; joining a group needs a stopped server \\(SHUTOFF\\) \\(nothing was changed\\)\\. ` +
            'Fix: the cloud adds only a stopped server to a group: declare a ServerStop for the server before the ServerGroup',
        ),
      );
      expect(emulator.serverGroups()[0].members).toEqual([THIRD]);
      expect(emulator.mutations()).toBe(0);
    });
  });

  test.concurrent('no --server-ids removes every member, running or not; a member already in place is not touched', async () => {
    const options = emulatorOptions({
      servers: [seedServer(SERVER, 'ACTIVE'), seedServer(OTHER, 'ACTIVE')],
      serverGroups: [{ name: GROUP, policies: ['anti-affinity'], members: [SERVER, OTHER] }],
    });
    await withEmulator(options, async (emulator) => {
      // GIVEN a group whose running member stays: keeping it needs no stop
      const keep = await execCli(emulator, 'server-group-members', { name: GROUP, serverIds: SERVER });
      expect(keep.code).toBe(0);
      expect(emulator.serverGroups()[0].members).toEqual([SERVER]);
      // WHEN the list is emptied THEN the group has no members
      const empty = await execCli(emulator, 'server-group-members', { name: GROUP });
      expect(empty.code).toBe(0);
      expect(empty.stderr).toMatch(/done: server group '\S+' \(\S+\) has no members \(added 0, removed 1\)/);
      expect(emulator.serverGroups()[0].members).toEqual([]);
      expect(emulator.mutations(GROUP)).toBe(2);
    });
  });

  test.concurrent('a group that does not exist is a clear error', async () => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-group-members', { name: GROUP, serverIds: SERVER });
      expect(run.code).toBe(1);
      expect(lastLine(run.stderr)).toMatch(new RegExp(`server group '${GROUP}' does not exist\\. Fix: the ServerGroup creates it`));
    });
  });

  test.concurrent.each([
    ['a malformed id', `${SERVER},a b`, /--server-ids has element 2, "a b", which is not exactly one ECS server ID/],
    [
      'an element holding two ids',
      JSON.stringify([`${SERVER},${SERVER.replace(/5$/, '6')}`]),
      /--server-ids has element 1, "[^"]*", which is not exactly one ECS server ID/,
    ],
    ['a repeated id', `${SERVER},${SERVER}`, /--server-ids names server [0-9a-f-]+ twice \(elements 1 and 2\)/],
  ])('%s in --server-ids is a usage error, and nothing is called', async (_name, serverIds, message) => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-group-members', { name: GROUP, serverIds });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(emulator.audit).toEqual([]);
    });
  });
});

describe('server-group-members on Huawei Cloud: its own action names, end to end', () => {
  test.concurrent("GIVEN the emulator started for Huawei Cloud WHEN the policy holds OTC's names THEN 403, and the advice names Huawei's", async () => {
    // GIVEN a role carrying OTC's names for the membership calls (what the catalog wrote before Huawei's names)
    const options = emulatorOptions({
      cloud: 'huaweicloud',
      servers: [seedServer(SERVER, 'SHUTOFF')],
      serverGroups: [{ name: GROUP, policies: ['anti-affinity'], members: [] }],
      policy: allowOnly(requiredActionsOf('server-group-members')),
    });
    await withEmulator(options, async (emulator) => {
      // WHEN the members are set from a Huawei Cloud stack
      const refused = await execCli(emulator, 'server-group-members', { cloud: 'huaweicloud', name: GROUP, serverIds: SERVER });
      // THEN the cloud refuses the add with Huawei's action, and the fix lists the Huawei Cloud names
      expect(refused.code).not.toBe(0);
      expect(lastLine(refused.stderr)).toContain('ecs:cloudServers:addServerGroupMember to be performed');
      expect(lastLine(refused.stderr)).toMatch(
        /Fix: .*server-group-members needs .*ecs:cloudServers:addServerGroupMember, .*ecs:cloudServers:deleteServerGroupMember/,
      );
      expect(lastLine(refused.stderr)).not.toContain('ecs:cloudServers:create');
      expect(emulator.serverGroups()[0].members).toEqual([]);
      // AND with the Huawei Cloud stack's own policy the same call succeeds
      emulator.setPolicy(allowOnly(requiredActionsOf('server-group-members', undefined, 'huaweicloud')));
      const done = await execCli(emulator, 'server-group-members', { cloud: 'huaweicloud', name: GROUP, serverIds: SERVER });
      expect(done.code).toBe(0);
      expect(emulator.serverGroups()[0].members).toEqual([SERVER]);
    });
  });
});
