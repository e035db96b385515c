import { App, DataResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  EcsEnvironment,
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
import { DEFAULT_CLI_COMMAND } from '../../src/constructs/private/cli-launcher';
import { IMAGE_ID, newApp, newStack, PROJECT_ID, refusalOf, SERVER_1, SERVER_2 } from '../helpers/synth';

const SERVER_3 = '1a2b3c4d-0000-4000-8000-000000000003';

const SHOW = 'ecs:cloudServers:showServer';

/** Every construct, as a user declares it, with the exact actions it must require. */
const CASES: [string, (stack: TerraformStack) => { requiredActions: readonly string[] }, string[]][] = [
  ['ServerGroup', (s) => new ServerGroup(s, 'op', { name: 'web' }), ['ecs:serverGroups:manage']],
  ['ServerStart', (s) => new ServerStart(s, 'op', { serverId: SERVER_1 }), [SHOW, 'ecs:servers:list', 'ecs:servers:start']],
  ['ServerStop', (s) => new ServerStop(s, 'op', { serverId: SERVER_1, stopType: 'HARD' }), [SHOW, 'ecs:servers:list', 'ecs:servers:stop']],
  ['ServerReboot', (s) => new ServerReboot(s, 'op', { serverId: SERVER_1, rebootType: 'HARD' }), [SHOW, 'ecs:servers:list', 'ecs:servers:reboot']],
  ['ServerLock', (s) => new ServerLock(s, 'op', { serverId: SERVER_1 }), [SHOW, 'ecs:servers:list', 'ecs:servers:lock']],
  ['ServerUnlock', (s) => new ServerUnlock(s, 'op', { serverId: SERVER_1 }), [SHOW, 'ecs:servers:list', 'ecs:servers:unlock']],
  [
    'ServerResize (native)',
    (s) => new ServerResize(s, 'op', { serverId: SERVER_1, flavorRef: 's3.large.2' }),
    [
      SHOW,
      'ecs:flavors:get',
      'ecs:servers:list',
      'ecs:servers:resize',
      'evs:volumes:attach',
      'evs:volumes:create',
      'evs:volumes:detach',
      'evs:volumes:get',
      'evs:volumes:list',
      'evs:volumes:manage',
      'ims:images:get',
      'vpc:ports:create',
      'vpc:ports:delete',
      'vpc:ports:get',
      'vpc:ports:update',
    ],
  ],
  [
    'ServerResize (cloudservers)',
    (s) => new ServerResize(s, 'op', { serverId: SERVER_1, flavorRef: 's3.large.2', api: 'cloudservers' }),
    ['ecs:cloudServers:resize', SHOW],
  ],
  ['ServerChangeOs (v2)', (s) => new ServerChangeOs(s, 'op', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'kp-1' }), ['ecs:cloudServers:changeOS', SHOW]],
  [
    'ServerChangeOs (v1)',
    (s) => new ServerChangeOs(s, 'op', { serverId: SERVER_1, imageId: IMAGE_ID, adminPasswordEnv: 'ADMIN_PW', apiVersion: 'v1' }),
    ['ecs:cloudServers:changeOS', SHOW],
  ],
  [
    'ServerReinstallOs (v2)',
    (s) => new ServerReinstallOs(s, 'op', { serverId: SERVER_1, userData: '#!/bin/sh\necho hi\n' }),
    ['ecs:cloudServers:rebuild', SHOW],
  ],
  [
    'ServerReinstallOs (v1)',
    (s) => new ServerReinstallOs(s, 'op', { serverId: SERVER_1, keyName: 'kp-1', userId: '7e25b1da389f4697a79df3a0e5bd494e', apiVersion: 'v1' }),
    ['ecs:cloudServers:rebuild', SHOW],
  ],
  ['ServerStart (cloudservers)', (s) => new ServerStart(s, 'op', { serverId: SERVER_1, api: 'cloudservers' }), [SHOW, 'ecs:cloudServers:start']],
  ['ServerStop (cloudservers)', (s) => new ServerStop(s, 'op', { serverId: SERVER_1, stopType: 'HARD', api: 'cloudservers' }), [SHOW, 'ecs:cloudServers:stop']],
  ['ServerReboot (cloudservers)', (s) => new ServerReboot(s, 'op', { serverId: SERVER_1, api: 'cloudservers' }), ['ecs:cloudServers:reboot', SHOW]],
  [
    'ServerGroup (cloudservers)',
    (s) => new ServerGroup(s, 'op', { name: 'web', api: 'cloudservers' }),
    ['ecs:cloudServers:create', 'ecs:cloudServers:delete', 'ecs:cloudServers:get', 'ecs:cloudServers:list'],
  ],
  [
    'ServerGroup (cloudservers, members)',
    (s) => new ServerGroup(s, 'op', { name: 'web', api: 'cloudservers', members: [SERVER_1, SERVER_2] }),
    ['ecs:cloudServers:create', 'ecs:cloudServers:delete', 'ecs:cloudServers:get', 'ecs:cloudServers:list', SHOW],
  ],
  [
    'ServerFleetMaintenance',
    (s) =>
      new ServerFleetMaintenance(s, 'op', {
        serverIds: [SERVER_1, SERVER_2, SERVER_3],
        maxUnavailable: 2,
        steps: [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
      }),
    ['ecs:cloudServers:resize', SHOW, 'ecs:cloudServers:start', 'ecs:cloudServers:stop'],
  ],
];

describe.each(CASES)('%s', (_name, declare, expected) => {
  test('requires exactly its actions, sorted', () => {
    expect(declare(newStack()).requiredActions).toEqual(expected);
  });

  test('plan (null_resource)', () => {
    const stack = newStack();
    declare(stack);
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  test('plan (terraform_data) carries the same commands and triggers', () => {
    const nullStack = newStack();
    declare(nullStack);
    const dataStack = newStack(undefined, 'prod', { resourceType: 'terraform_data' });
    declare(dataStack);
    const nullResource = Object.values(JSON.parse(Testing.synth(nullStack)).resource.null_resource)[0] as Record<string, unknown>;
    // The lifecycle resource (a fleet also writes provisioner-less member records, always terraform_data).
    const dataResource = (Object.values(JSON.parse(Testing.synth(dataStack)).resource.terraform_data) as Record<string, unknown>[]).find((r) => r.provisioner)!;
    expect(dataResource.triggers_replace).toEqual(nullResource.triggers);
    expect(JSON.stringify(dataResource.provisioner).replace(/self\.triggers_replace\./g, 'self.triggers.')).toEqual(JSON.stringify(nullResource.provisioner));
  });
});

describe('ordering: operations on one server run in declaration order', () => {
  test('stop → resize → start on one server form a depends_on chain; another server is independent', () => {
    // GIVEN a maintenance window on two servers, interleaved
    const stack = newStack();
    const other = '1a2b3c4d-0000-4000-8000-0000000000ff';
    const stop = new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    const stopOther = new ServerStop(stack, 'stop-other', { serverId: other });
    const resize = new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
    const start = new ServerStart(stack, 'start', { serverId: SERVER_1 });
    // WHEN synthesized
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    const dependsOn = (op: { friendlyUniqueId: string }) => resources[op.friendlyUniqueId].depends_on;
    const address = (op: { friendlyUniqueId: string }) => `null_resource.${op.friendlyUniqueId}`;
    // THEN each waits for the previous one on the same server, and only that one
    expect(dependsOn(stop)).toBeUndefined();
    expect(dependsOn(stopOther)).toBeUndefined();
    expect(dependsOn(resize)).toEqual([address(stop)]);
    expect(dependsOn(start)).toEqual([address(resize)]);
  });

  test('explicit dependsOn is kept alongside the chain', () => {
    const stack = newStack();
    const group = new ServerGroup(stack, 'group', { name: 'web' });
    const stop = new ServerStop(stack, 'stop', { serverId: SERVER_1, dependsOn: [group] });
    const start = new ServerStart(stack, 'start', { serverId: SERVER_1, dependsOn: [group] });
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    const address = (c: { friendlyUniqueId: string }) => `null_resource.${c.friendlyUniqueId}`;
    expect(resources[stop.friendlyUniqueId].depends_on).toEqual([address(group)]);
    expect(resources[start.friendlyUniqueId].depends_on).toEqual([address(group), address(stop)]);
  });

  test('a mutation after ServerLock on the same server fails synth; after ServerUnlock it is fine', () => {
    const stack = newStack();
    new ServerLock(stack, 'lock', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerStop(stack, 'stop', { serverId: SERVER_1 }))).toMatch(
      /ServerStop at 'prod\/stop' runs after ServerLock 'prod\/lock'.*Fix: add a ServerUnlock/s,
    );
    new ServerUnlock(stack, 'unlock', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerStop(stack, 'stop-2', { serverId: SERVER_1 }))).toBeUndefined();
  });

  test('an OS change right after a start fails synth with the fix; after a stop it is fine', () => {
    const stack = newStack();
    new ServerStart(stack, 'start', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerChangeOs(stack, 'os', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'k' }))).toMatch(
      /needs a stopped server.*add a ServerStop/s,
    );
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerChangeOs(stack, 'os-2', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'k' }))).toBeUndefined();
  });

  test('a reboot right after a stop fails synth with the fix', () => {
    const stack = newStack();
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerReboot(stack, 'reboot', { serverId: SERVER_1 }))).toMatch(/needs a running server.*add a ServerStart/s);
  });
});

describe("group membership joins each member server's chain", () => {
  test('stop → group members → start: the members resource waits for the group and the stop; the start waits for the members', () => {
    // GIVEN a stop, a cloudservers group with the server as member, and a start, on one server
    const stack = newStack();
    const stop = new ServerStop(stack, 'stop', { serverId: SERVER_1, api: 'cloudservers' });
    const group = new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1, SERVER_2] });
    const start = new ServerStart(stack, 'start', { serverId: SERVER_1, api: 'cloudservers' });
    // WHEN synthesized
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    const members = Object.keys(resources).find((k) => k.startsWith('group_Members'))!;
    // THEN the members are set after the group and after the stop, and the start runs after them
    expect(resources[members].depends_on).toEqual(['null_resource.group', 'null_resource.stop']);
    expect(resources[start.friendlyUniqueId].depends_on).toEqual([`null_resource.${members}`]);
    expect(argv(resources[members])).toEqual([
      ...DEFAULT_CLI_COMMAND,
      'exec',
      'server-group-members',
      '--cloud',
      'otc',
      '--region',
      'eu-de',
      '--project-id',
      PROJECT_ID,
      '--server-ids',
      JSON.stringify([SERVER_1, SERVER_2]),
      '--name',
      'web',
      '--construct-path',
      'prod/group/Members',
    ]);
    expect(resources[members].triggers).toMatchObject({ operation: 'server-group-members', name: 'web', server_ids: JSON.stringify([SERVER_1, SERVER_2]) });
    expect(resources.group.depends_on).toBeUndefined();
    expect(group.membership).toBeDefined();
    expect(stop.serverId).toBe(SERVER_1);
  });

  test("GIVEN a group with members WHEN a ServerStop takes the membership resource's address THEN it is refused, not merged into it", () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1] });
    const members = Object.keys(JSON.parse(Testing.synth(stack)).resource.null_resource).find((k) => k.startsWith('group_Members'))!;
    // The stop records its refusal, and synth fails with it (synth-problems.ts).
    new ServerStop(stack, members, { serverId: SERVER_2 });
    expect(() => app.synth()).toThrow(new RegExp(`null_resource\\.${members}.*prod/group/Members`, 's'));
  });

  test('GIVEN a group id holding a control character WHEN synthesized THEN the group and its membership are refused at synth', () => {
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerGroup(stack, 'gr\u001boup', { name: 'web', api: 'cloudservers', members: [SERVER_1] }))).toMatch(
      /control characters/,
    );
  });

  test('an empty list manages membership (removes every member); no members prop leaves it alone', () => {
    const stack = newStack();
    new ServerGroup(stack, 'emptied', { name: 'a', api: 'cloudservers', members: [] });
    new ServerGroup(stack, 'unmanaged', { name: 'b', api: 'cloudservers' });
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    const keys = Object.keys(resources).sort();
    expect(keys.filter((k) => k.includes('Members'))).toHaveLength(1);
    const members = resources[keys.find((k) => k.startsWith('emptied_Members'))!];
    expect(argv(members)).not.toContain('--server-ids');
  });

  test('a member last started by another construct fails synth: the cloud adds only a stopped server', () => {
    const stack = newStack();
    new ServerStart(stack, 'start', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1] }))).toMatch(
      /ServerGroup at 'prod\/group' needs a stopped server, but server 1a2b3c4d-0000-4000-8000-000000000001 was last started by 'prod\/start'. Fix: add a ServerStop/,
    );
    // AND the refused group writes nothing
    expect(Object.keys(JSON.parse(Testing.synth(stack)).resource.null_resource)).toEqual(['start']);
  });

  test('a member known only at apply time (a token) is passed through and chains by reference', () => {
    const stack = newStack();
    const serverId = new TerraformVariable(stack, 'server_id', { type: 'string' }).stringValue;
    const stop = new ServerStop(stack, 'stop', { serverId });
    new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1, serverId] });
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    const members = resources[Object.keys(resources).find((k) => k.startsWith('group_Members'))!];
    // One argument, a JSON array: the variable's value stays one element, whatever it holds; the CLI checks each.
    expect(argv(members)).toContain(`\${jsonencode(["${SERVER_1}", tostring(var.server_id)])}`);
    expect(members.depends_on).toEqual(['null_resource.group', `null_resource.${stop.friendlyUniqueId}`]);
  });
});

describe('a server known only at apply time chains by what its token names', () => {
  test("each read of a resource's id is a new token string, yet stop → resize → start on them run in order", () => {
    // GIVEN a server resource whose id is read anew for every operation
    const stack = newStack();
    const server = new DataResource(stack, 'server', { input: { name: 'web1' } });
    const stop = new ServerStop(stack, 'stop', { serverId: server.id });
    const resize = new ServerResize(stack, 'resize', { serverId: server.id, flavorRef: 's3.large.2' });
    const start = new ServerStart(stack, 'start', { serverId: server.id });
    expect(new Set([stop.serverId, resize.serverId, start.serverId]).size).toBe(3);
    // WHEN synthesized
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    // THEN each operation depends on the previous one on that server
    expect(resources.resize.depends_on).toEqual(['null_resource.stop']);
    expect(resources.start.depends_on).toEqual(['null_resource.resize']);
  });

  test('a start after a stop of the same token server is still checked: a cloudservers resize after a start is refused', () => {
    const stack = newStack();
    const server = new DataResource(stack, 'server', { input: { name: 'web1' } });
    new ServerStart(stack, 'start', { serverId: server.id });
    expect(refusalOf(stack, () => new ServerResize(stack, 'resize', { serverId: server.id, flavorRef: 's3.large.2', api: 'cloudservers' }))).toMatch(
      /needs a stopped server/,
    );
  });
});

describe('bad input fails with the construct path and the fix', () => {
  test.each([
    [
      'empty serverId',
      (s: TerraformStack) => new ServerStop(s, 'op', { serverId: '' }),
      /ServerStop at 'prod\/op': property 'serverId' is missing or empty. Fix: set serverId/,
    ],
    [
      'malformed serverId',
      (s: TerraformStack) => new ServerStart(s, 'op', { serverId: 'a1b2c3d4-...' }),
      /property 'serverId' is "a1b2c3d4-\.\.\.", which is not an ECS server ID/,
    ],
    [
      'flavorRef with spaces',
      (s: TerraformStack) => new ServerResize(s, 'op', { serverId: SERVER_1, flavorRef: 's3 large' }),
      /'flavorRef' is "s3 large", which is not a flavor ID without spaces/,
    ],
    [
      'unknown stopType',
      (s: TerraformStack) => new ServerStop(s, 'op', { serverId: SERVER_1, stopType: 'GENTLE' as 'SOFT' }),
      /'stopType' is "GENTLE". Fix: use one of 'SOFT', 'HARD'/,
    ],
    ['unknown resize api', (s: TerraformStack) => new ServerResize(s, 'op', { serverId: SERVER_1, flavorRef: 'x', api: 'v3' as 'native' }), /'api' is "v3"/],
    ['missing props', (s: TerraformStack) => new ServerLock(s, 'op', undefined as never), /ServerLock at 'prod\/op': property 'props' are missing/],
    ['malformed imageId', (s: TerraformStack) => new ServerChangeOs(s, 'op', { serverId: SERVER_1, imageId: 'ubuntu', keyName: 'k' }), /'imageId' is "ubuntu"/],
    [
      'key and password together',
      (s: TerraformStack) => new ServerChangeOs(s, 'op', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'k', adminPasswordEnv: 'PW' }),
      /not both/,
    ],
    [
      'a reinstall with a key pair but no user id',
      (s: TerraformStack) => new ServerReinstallOs(s, 'op', { serverId: SERVER_1, keyName: 'k' }),
      /'userId' is missing, and the cloud requires it with keyName for a reinstall/,
    ],
    [
      'user data on the v1 API',
      (s: TerraformStack) => new ServerChangeOs(s, 'op', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'k', userData: 'echo', apiVersion: 'v1' }),
      /'userData' is set with apiVersion 'v1'/,
    ],
    ['no way to log in', (s: TerraformStack) => new ServerReinstallOs(s, 'op', { serverId: SERVER_1 }), /nobody could log in/],
    [
      'password given as a value, not a variable name',
      (s: TerraformStack) => new ServerReinstallOs(s, 'op', { serverId: SERVER_1, adminPasswordEnv: 'S3cret!pass' }),
      /'adminPasswordEnv' is "S3cret!pass", which is not the name of an environment variable/,
    ],
    [
      'user data too large',
      (s: TerraformStack) => new ServerReinstallOs(s, 'op', { serverId: SERVER_1, adminPasswordEnv: 'PW', userData: 'x'.repeat(32 * 1024 + 1) }),
      /'userData' is 32769 bytes/,
    ],
    ['group name with a quote', (s: TerraformStack) => new ServerGroup(s, 'op', { name: "web's" }), /'name' is "web's"/],
    [
      'affinity group',
      (s: TerraformStack) => new ServerGroup(s, 'op', { name: 'web', policy: 'affinity' as 'anti-affinity' }),
      /'policy' is "affinity". Fix: use one of 'anti-affinity'/,
    ],
    [
      'unknown start api',
      (s: TerraformStack) => new ServerStart(s, 'op', { serverId: SERVER_1, api: 'batch' as 'native' }),
      /ServerStart at 'prod\/op': property 'api' is "batch". Fix: use one of 'native', 'cloudservers'/,
    ],
    [
      'members on the native group API',
      (s: TerraformStack) => new ServerGroup(s, 'op', { name: 'web', members: [SERVER_1] }),
      /ServerGroup at 'prod\/op': property 'members' is set with api 'native', whose group API has no call to add or remove a member. Fix: set api: 'cloudservers'/,
    ],
    [
      'a malformed member',
      (s: TerraformStack) => new ServerGroup(s, 'op', { name: 'web', api: 'cloudservers', members: ['web-1'] }),
      /property 'members\[0\]' is "web-1", which is not an ECS server ID/,
    ],
    [
      'a member listed twice',
      (s: TerraformStack) => new ServerGroup(s, 'op', { name: 'web', api: 'cloudservers', members: [SERVER_1, SERVER_1] }),
      /'members\[1\]' names the same server as members\[0\] \(1a2b3c4d-0000-4000-8000-000000000001; .*Fix: list each server once/,
    ],
    [
      'members not a list',
      (s: TerraformStack) => new ServerGroup(s, 'op', { name: 'web', api: 'cloudservers', members: SERVER_1 as never }),
      /'members' must be a list/,
    ],
  ])('%s', (_name, declare, message) => {
    const stack = newStack();
    expect(refusalOf(stack, () => declare(stack))).toMatch(message);
  });

  test('a construct in a stack without an EcsEnvironment names itself and the fix', () => {
    const stack = new TerraformStack(Testing.app(), 'bare');
    expect(refusalOf(stack, () => new ServerStart(stack, 'start', { serverId: SERVER_1 }))).toMatch(
      /ServerStart at 'bare\/start' has no EcsEnvironment in its stack 'bare'. Fix: declare one before it/,
    );
    expect(refusalOf(stack, () => new ServerGroup(stack, 'group', { name: 'web' }))).toMatch(/ServerGroup at 'bare\/group' has no EcsEnvironment/);
  });

  test.each([
    ['unknown cloud', { cloud: 'aws' }, /'cloud' is "aws". Fix: use one of 'otc', 'huaweicloud'/],
    ['unknown region', { region: 'eu-west-1' }, /region 'eu-west-1' is not a known otc region. Fix: use one of eu-de, eu-nl, eu-ch2/],
    ['malformed project id', { projectId: 'my-project' }, /'projectId' is "my-project", which is not a project ID/],
    ['endpoint with a path', { endpoint: 'http://127.0.0.1:8080/v2.1' }, /'endpoint' .* more than a scheme, host and port/],
    ['endpoint not a URL', { endpoint: 'localhost' }, /'endpoint'/],
    ['unknown resourceType', { resourceType: 'local_file' }, /'resourceType' is "local_file"/],
    ['unknown authorization', { authorization: 'domain' }, /'authorization' is "domain"/],
    ['negative poll interval', { pollIntervalSeconds: -1 }, /'pollIntervalSeconds' is -1/],
    ['multi-line cliCommand', { cliCommand: 'a\nb' }, /'cliCommand'/],
  ])('EcsEnvironment: %s', (_name, override, message) => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    expect(refusalOf(stack, () => new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: PROJECT_ID, ...override } as never))).toMatch(
      message,
    );
  });

  test('two EcsEnvironments in one stack', () => {
    const stack = newStack();
    expect(refusalOf(stack, () => new EcsEnvironment(stack, 'ecs2', { cloud: 'otc', region: 'eu-nl', projectId: PROJECT_ID }))).toMatch(
      /EcsEnvironment at 'prod\/ecs2': the stack already has one at 'prod\/ecs'/,
    );
  });

  test('a Huawei Cloud region is accepted for huaweicloud and refused for otc', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const a = new TerraformStack(app, 'a');
    expect(refusalOf(a, () => new EcsEnvironment(a, 'ecs', { cloud: 'huaweicloud', region: 'eu-west-101', projectId: PROJECT_ID }))).toBeUndefined();
    const b = new TerraformStack(app, 'b');
    expect(refusalOf(b, () => new EcsEnvironment(b, 'ecs', { cloud: 'otc', region: 'eu-west-101', projectId: PROJECT_ID }))).toMatch(/not a known otc region/);
  });
});

describe('values that are not literals', () => {
  test('a server id known only at apply time (a token) is handed to Terraform, and chains by reference', () => {
    // GIVEN a server id from a Terraform variable
    const stack = newStack();
    const serverId = new TerraformVariable(stack, 'server_id', { type: 'string' }).stringValue;
    // WHEN operations use it
    const stop = new ServerStop(stack, 'stop', { serverId });
    const start = new ServerStart(stack, 'start', { serverId });
    // THEN the command carries the reference for Terraform to fill in, and the two are chained
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    expect(resources[stop.friendlyUniqueId].provisioner[0]['local-exec'].interpreter.join(' ')).toContain('--server-id ${var.server_id} ');
    expect(resources[start.friendlyUniqueId].depends_on).toEqual([`null_resource.${stop.friendlyUniqueId}`]);
  });
});

describe('each construct is its own Terraform resource', () => {
  test('a top-level construct keeps its id as its address, like hand-written cdktf', () => {
    // GIVEN operations declared directly in the stack, one depending on the others
    const stack = newStack();
    const stop = new ServerStop(stack, 'stop-web1', { serverId: SERVER_1 });
    const group = new ServerGroup(stack, 'web-group', { name: 'web' });
    new ServerStart(stack, 'start-web1', { serverId: SERVER_1, dependsOn: [group] });
    // WHEN the stack is synthesized
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    // THEN each is one null_resource named by its id, nothing else was added, and the constructs are their addresses
    expect(Object.keys(resources).sort()).toEqual(['start-web1', 'stop-web1', 'web-group']);
    expect(resources['start-web1'].depends_on).toEqual(['null_resource.web-group', 'null_resource.stop-web1']);
    expect(stop.friendlyUniqueId).toBe('stop-web1');
  });

  test('inside a user construct, the construct path in the command is the node path, separators escaped', () => {
    // GIVEN an operation nested in a user's construct, with an id that contains a path separator
    const stack = newStack();
    const tier = new Construct(stack, 'web-tier');
    const stop = new ServerStop(tier, 'stop/web1', { serverId: SERVER_1 });
    // WHEN the stack is synthesized
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    // THEN the command names the same path constructs gives the node
    expect(stop.node.path).toBe('prod/web-tier/stop--web1');
    const { interpreter, command } = resources[stop.friendlyUniqueId].provisioner[0]['local-exec'];
    expect([interpreter.at(-1), command]).toEqual(['--construct-path', 'prod/web-tier/stop--web1']);
  });

  test('a refused construct writes nothing and is no chain link', () => {
    // GIVEN a stack where a construct is refused
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3 large' }))).toMatch(/flavorRef/);
    // WHEN the user declares a correct one on the same server
    new ServerResize(stack, 'resize-2', { serverId: SERVER_1, flavorRef: 's3.large.2' });
    // THEN only the correct one is a resource, and it does not wait for the refused one
    const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
    expect(Object.keys(resources)).toEqual(['resize-2']);
    expect(resources['resize-2'].depends_on).toBeUndefined();
  });
});

/** A resource's provisioner as the argv Terraform runs: the interpreter's words, then the command. */
function argv(resource: { provisioner: { 'local-exec': { interpreter: string[]; command: string } }[] }): string[] {
  const { interpreter, command } = resource.provisioner[0]['local-exec'];
  return [...interpreter, command];
}
