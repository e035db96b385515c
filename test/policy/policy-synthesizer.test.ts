import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import {
  EcsEnvironment,
  requiredActionsOf,
  ServerChangeOs,
  ServerGroup,
  ServerLock,
  ServerReinstallOs,
  ServerResize,
  ServerStart,
  ServerStop,
  ServerUnlock,
  SynthError,
} from '../../src';
import { allFiles, IMAGE_ID, newApp, newStack, policyActions, PROJECT_ID, SERVER_1, SERVER_2, stackFiles } from '../helpers/synth';

function maintenanceWindow(stack: TerraformStack): void {
  new ServerGroup(stack, 'web-group', { name: 'web' });
  new ServerStop(stack, 'stop-web1', { serverId: SERVER_1 });
  new ServerResize(stack, 'resize-web1', { serverId: SERVER_1, flavorRef: 's3.large.2' });
  new ServerStart(stack, 'start-web1', { serverId: SERVER_1 });
}

describe('policy synthesizer: files per stack', () => {
  test('writes the plan, the policy and both review files into stacks/<id>/', () => {
    const app = newApp();
    maintenanceWindow(newStack(app));
    app.synth();
    expect(Object.keys(stackFiles(app, 'prod'))).toEqual([
      'cdk.tf.json',
      'ecs-iam-policy.json',
      'ecs-iam-policy.md',
      'ecs-iam-policy.review.json',
      'ecs-iam-preview-policy.json',
    ]);
  });

  test("the policy is exactly the union of the constructs' required actions, sorted, in one Allow statement", () => {
    // GIVEN a stack whose constructs overlap in actions
    const app = newApp();
    const stack = newStack(app);
    maintenanceWindow(stack);
    const constructs = stack.node.findAll().filter((c): c is typeof c & { requiredActions: string[] } => 'requiredActions' in c);
    // WHEN synthesized
    app.synth();
    const doc = JSON.parse(stackFiles(app, 'prod')['ecs-iam-policy.json']);
    // THEN the document holds the union, once each, sorted, and nothing else
    const union = [...new Set(constructs.flatMap((c) => c.requiredActions))].sort();
    expect(doc).toEqual({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: union }] });
    expect(Object.keys(doc)).toEqual(['Version', 'Statement']);
  });

  test("no bleed: each stack's policy holds only its own constructs' actions", () => {
    // GIVEN two stacks in one app, one that locks and one that resizes through cloudservers
    const app = newApp();
    const a = newStack(app, 'locks');
    new ServerLock(a, 'lock', { serverId: SERVER_1 });
    const b = newStack(app, 'resizes', { cloud: 'huaweicloud', region: 'eu-west-101' });
    new ServerResize(b, 'resize', { serverId: SERVER_2, flavorRef: 's6.large.2', api: 'cloudservers' });
    // WHEN synthesized
    app.synth();
    // THEN
    expect(policyActions(app, 'locks')).toEqual(requiredActionsOf('server-lock'));
    expect(policyActions(app, 'resizes')).toEqual(requiredActionsOf('server-resize-cloudservers'));
  });

  test('an environment with no operations writes an empty policy and says nothing is needed', () => {
    const app = newApp();
    newStack(app);
    app.synth();
    const files = stackFiles(app, 'prod');
    expect(JSON.parse(files['ecs-iam-policy.json'])).toEqual({ Version: '1.1', Statement: [] });
    expect(files['ecs-iam-policy.md']).toContain('needs no ECS permission');
  });

  test('two synths give byte-identical files', () => {
    const synthOnce = () => {
      const app = newApp();
      maintenanceWindow(newStack(app));
      new ServerChangeOs(newStack(app, 'os'), 'change', { serverId: SERVER_2, imageId: IMAGE_ID, adminPasswordEnv: 'ADMIN_PASSWORD', userData: 'echo hi' });
      app.synth();
      return [stackFiles(app, 'prod'), stackFiles(app, 'os')];
    };
    expect(synthOnce()).toEqual(synthOnce());
  });

  test('Testing.fullSynth writes the policy files too', () => {
    const stack = newStack(Testing.app());
    new ServerStart(stack, 'start', { serverId: SERVER_1 });
    const outdir = Testing.fullSynth(stack);
    try {
      expect(fs.readdirSync(path.join(outdir, 'stacks', 'prod'))).toContain('ecs-iam-policy.json');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('policy synthesizer: the review files explain every action', () => {
  const app = newApp();
  maintenanceWindow(newStack(app));
  app.synth();
  const files = stackFiles(app, 'prod');
  const review = JSON.parse(files['ecs-iam-policy.review.json']);

  test("the review data lists exactly the policy's actions, each with the operations that need it and why", () => {
    expect(review.actions.map((a: { action: string }) => a.action)).toEqual(policyActions(app, 'prod'));
    const list = review.actions.find((a: { action: string }) => a.action === 'ecs:servers:list');
    expect(list.neededBy).toEqual(
      expect.arrayContaining([
        {
          operation: 'server-stop',
          kind: 'dependency',
          dependencyOf: 'ecs:servers:stop',
          api: 'POST /v2.1/{project_id}/servers/{server_id}/action',
          iamProject: true,
          enterpriseProject: false,
        },
      ]),
    );
    const show = review.actions.find((a: { action: string }) => a.action === 'ecs:cloudServers:showServer');
    expect(show.neededBy[0]).toMatchObject({ kind: 'read', api: 'GET /v1/{project_id}/cloudservers/{server_id}', reason: expect.stringMatching(/status/) });
  });

  test('the review data lists each construct once, with the operations it declared', () => {
    expect(review.constructs).toEqual([
      { path: 'prod/resize-web1', construct: 'ServerResize', operations: ['server-resize'] },
      { path: 'prod/start-web1', construct: 'ServerStart', operations: ['server-start'] },
      { path: 'prod/stop-web1', construct: 'ServerStop', operations: ['server-stop'] },
      { path: 'prod/web-group', construct: 'ServerGroup', operations: ['server-group-create', 'server-group-delete'] },
    ]);
    expect(Object.keys(review)).toEqual([
      'formatVersion',
      'stack',
      'cloud',
      'region',
      'authorization',
      'scope',
      'actions',
      'constructs',
      'chains',
      'alternatives',
    ]);
  });

  test('the Markdown names, for every action, the operations, how many constructs declared each, the API, primary or dependency, and IAM/enterprise project support', () => {
    const md = files['ecs-iam-policy.md'];
    for (const { action, risk } of review.actions) expect(md).toContain(`### \`${action}\` (${risk})`);
    expect(md).toContain(
      '- `server-resize` (1 construct): dependency of `ecs:servers:resize`, through `POST /v2.1/{project_id}/servers/{server_id}/action`. ' +
        'IAM project: supported; enterprise project: **not supported**.',
    );
    expect(md).toContain('- `server-group-create` (1 construct): primary action of `POST /v2.1/{project_id}/os-server-groups`.');
    expect(md).toMatch(/read-only call `GET \/v1\/\{project_id\}\/cloudservers\/\{server_id\}`: reads status/);
    expect(md).toContain('| `ecs:servers:list` | read | dependency | `server-resize`, `server-start`, `server-stop` | 3 | yes | no |');
    expect(md).toContain('| `prod/web-group` | ServerGroup | `server-group-create`, `server-group-delete` | 1 |');
  });

  test('review Markdown snapshot', () => {
    expect(files['ecs-iam-policy.md']).toMatchSnapshot();
  });
});

describe('policy synthesizer: the review data is normalized, actions → operations → constructs', () => {
  // GIVEN a server group (one construct declaring two operations) and two stops (two constructs sharing one operation)
  const app = newApp();
  const stack = newStack(app);
  new ServerGroup(stack, 'web-group', { name: 'web' });
  new ServerStop(stack, 'stop-web1', { serverId: SERVER_1 });
  new ServerStop(stack, 'stop-web2', { serverId: SERVER_2 });
  // WHEN synthesized
  app.synth();
  const files = stackFiles(app, 'prod');
  const review = JSON.parse(files['ecs-iam-policy.review.json']);
  const md = files['ecs-iam-policy.md'];
  const needsOf = (action: string) => review.actions.find((a: { action: string }) => a.action === action).neededBy;

  test('each construct is listed once, with every operation it declared', () => {
    // THEN the group carries both its operations and each stop its one
    expect(review.constructs).toEqual([
      { path: 'prod/stop-web1', construct: 'ServerStop', operations: ['server-stop'] },
      { path: 'prod/stop-web2', construct: 'ServerStop', operations: ['server-stop'] },
      { path: 'prod/web-group', construct: 'ServerGroup', operations: ['server-group-create', 'server-group-delete'] },
    ]);
  });

  test('an action names each operation that needs it once, however many constructs declared it, and no construct', () => {
    // THEN the shared operation is one need, not one per stop
    expect(needsOf('ecs:servers:stop')).toEqual([
      {
        operation: 'server-stop',
        kind: 'primary',
        api: 'POST /v2.1/{project_id}/servers/{server_id}/action',
        iamProject: true,
        enterpriseProject: false,
      },
    ]);
    // AND both operations of the group need its action, sorted by operation then API
    expect(needsOf('ecs:serverGroups:manage').map((n: { operation: string; api: string }) => `${n.operation} ${n.api}`)).toEqual([
      'server-group-create GET /v2.1/{project_id}/os-server-groups',
      'server-group-create POST /v2.1/{project_id}/os-server-groups',
      'server-group-delete DELETE /v2.1/{project_id}/os-server-groups/{server_group_id}',
      'server-group-delete GET /v2.1/{project_id}/os-server-groups',
      'server-group-delete GET /v2.1/{project_id}/os-server-groups/{server_group_id}',
    ]);
    expect(JSON.stringify(review.actions)).not.toContain('prod/');
  });

  test('the Markdown counts constructs per operation and per action, and lists construct paths only in the Constructs table', () => {
    // THEN the summary counts distinct constructs, the bullets count per operation, and paths appear once each
    expect(md).toContain('4 actions for 3 constructs;');
    expect(md).toContain('| `ecs:serverGroups:manage` | lifecycle mutation | primary | `server-group-create`, `server-group-delete` | 1 | yes | no |');
    expect(md).toContain('| `ecs:servers:stop` | lifecycle mutation | primary | `server-stop` | 2 | yes | no |');
    expect(md).toContain(
      '- `server-stop` (2 constructs): primary action of `POST /v2.1/{project_id}/servers/{server_id}/action`. ' +
        'IAM project: supported; enterprise project: **not supported**.',
    );
    expect(md).toContain('- `server-group-delete` (1 construct): primary action of `DELETE /v2.1/{project_id}/os-server-groups/{server_group_id}`.');
    expect(md).toContain('| `prod/web-group` | ServerGroup | `server-group-create`, `server-group-delete` | 1 |');
    expect(md).toContain("| `prod/stop-web2` | ServerStop | `server-stop` (narrower: `api: 'cloudservers'`, 2 actions instead of 3) | 3 |");
    for (const path of ['prod/web-group', 'prod/stop-web1', 'prod/stop-web2']) expect(md.split(`\`${path}\``)).toHaveLength(2);
    expect(md).toMatchSnapshot();
  });
});

describe('policy synthesizer: the review data stays small for large stacks', () => {
  test("a 1,000-construct stack's review data lists each construct path exactly once", () => {
    // GIVEN 1,000 constructs of three kinds
    const app = newApp();
    const stack = newStack(app);
    const paths: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const serverId = `1a2b3c4d-0000-4000-8000-${String(Math.floor(i / 3)).padStart(12, '0')}`;
      if (i % 3 === 0) new ServerStop(stack, `op${i}`, { serverId });
      else if (i % 3 === 1) new ServerLock(stack, `op${i}`, { serverId });
      else new ServerUnlock(stack, `op${i}`, { serverId });
      paths.push(`prod/op${i}`);
    }
    // WHEN synthesized
    app.synth();
    const text = stackFiles(app, 'prod')['ecs-iam-policy.review.json'];
    // THEN each path appears once, in the constructs list, and the actions name only the three operations
    for (const path of paths) expect(text.split(`"${path}"`)).toHaveLength(2);
    const review = JSON.parse(text);
    expect(review.constructs).toHaveLength(1000);
    expect(new Set(review.actions.flatMap((a: { neededBy: { operation: string }[] }) => a.neededBy.map((n) => n.operation)))).toEqual(
      new Set(['server-lock', 'server-stop', 'server-unlock']),
    );
  });
});

describe('policy synthesizer: enterprise-project authorization', () => {
  test('fails synth naming every construct whose API does not support enterprise projects, with the alternative; nothing is written', () => {
    // GIVEN a stack authorized through an enterprise project, mixing supported and unsupported operations
    const app = newApp();
    const stack = newStack(app, 'ep', { cloud: 'huaweicloud', region: 'eu-west-101', authorization: 'enterprise-project' });
    new ServerGroup(stack, 'group', { name: 'web' });
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's6.large.2' });
    new ServerReinstallOs(stack, 'reinstall', { serverId: SERVER_1, keyName: 'kp', userId: '7e25b1da389f4697a79df3a0e5bd494e' });
    // WHEN synthesized THEN one error lists each unsupported path with its alternative, and not the supported one
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthError);
    const message = (error as Error).message;
    expect(message).toContain("Stack 'ep' uses authorization 'enterprise-project'");
    expect(message).toContain("- ep/group (ServerGroup, server-group-create): instead use ServerGroup with api: 'cloudservers'");
    expect(message).toContain("- ep/stop (ServerStop, server-stop): instead use ServerStop with api: 'cloudservers'");
    expect(message).toContain("- ep/resize (ServerResize, server-resize): instead use ServerResize with api: 'cloudservers'");
    expect(message).not.toContain('ep/reinstall');
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 'ep'))).toBe(false);
  });

  test('a stack of enterprise-project-capable operations synthesizes', () => {
    const app = newApp();
    const stack = newStack(app, 'ep', { cloud: 'huaweicloud', region: 'eu-west-101', authorization: 'enterprise-project' });
    new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's6.large.2', api: 'cloudservers' });
    new ServerChangeOs(stack, 'os', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'kp' });
    app.synth();
    expect(stackFiles(app, 'ep')['ecs-iam-policy.md']).toContain('authorization through an **enterprise project**');
  });
});

describe('policy synthesizer: enterprise-project stacks with the cloudservers APIs', () => {
  test('stop, change OS and start through cloudservers only: synthesizes, with exactly the batch, change-OS and show-server actions', () => {
    // GIVEN an enterprise-project stack that stops, changes the OS and starts through enterprise-project-capable APIs
    const app = newApp();
    const stack = newStack(app, 'ep', { cloud: 'huaweicloud', region: 'eu-west-101', authorization: 'enterprise-project' });
    new ServerStop(stack, 'stop', { serverId: SERVER_1, api: 'cloudservers' });
    new ServerChangeOs(stack, 'os', { serverId: SERVER_1, imageId: IMAGE_ID, keyName: 'kp' });
    new ServerStart(stack, 'start', { serverId: SERVER_1, api: 'cloudservers' });
    // WHEN synthesized THEN no warning, and the policy holds only those actions
    app.synth();
    expect(policyActions(app, 'ep')).toEqual(['ecs:cloudServers:changeOS', 'ecs:cloudServers:showServer', 'ecs:cloudServers:start', 'ecs:cloudServers:stop']);
    expect(Testing.synth(stack)).toBeDefined();
    expect(warningsOf(stack)).toEqual([]);
  });

  test("a cloudservers group under enterprise-project authorization is allowed, with a synth warning and the review's unknown marks", () => {
    // GIVEN a cloudservers group with members, whose list and get rows state no enterprise-project support
    const app = newApp();
    const stack = newStack(app, 'ep', { cloud: 'huaweicloud', region: 'eu-west-101', authorization: 'enterprise-project' });
    new ServerStop(stack, 'stop', { serverId: SERVER_1, api: 'cloudservers' });
    new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1] });
    // WHEN synthesized
    app.synth();
    // THEN each group operation warns once, naming the unknown actions
    const warnings = warningsOf(stack);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(
      /^ServerGroup at 'ep\/group' \(server-group-create-cloudservers\) needs ecs:cloudServers:list, whose enterprise-project support no permission table states/,
    );
    // (Huawei Cloud's own name for reading a group: showServerGroup, not OTC's get)
    expect(warnings[1]).toMatch(/\(server-group-delete-cloudservers\) needs ecs:cloudServers:list, ecs:cloudServers:showServerGroup,/);
    // AND the review file says so, marks them unknown, and names Huawei's narrower membership actions
    const review = stackFiles(app, 'ep')['ecs-iam-policy.md'];
    expect(review).toContain(
      '**Enterprise-project support unknown:** no permission table states whether an enterprise-project grant authorizes `ecs:cloudServers:list`, `ecs:cloudServers:showServerGroup`.',
    );
    expect(review).toMatch(/\| `ecs:cloudServers:list` \| read \| primary \| .* \| unknown \|/);
    expect(review).toContain('> **Note:** Adding a server to an ECS group needs ecs:cloudServers:addServerGroupMember on Huawei Cloud');
    expect(review).toContain('> **Note:** Removing a server from an ECS group needs ecs:cloudServers:deleteServerGroupMember on Huawei Cloud');
    expect(review).not.toContain('no narrower action');
  });

  test("GIVEN the same group on each cloud WHEN synthesized THEN each policy holds its cloud's names, and only OTC's review says nothing narrower exists", () => {
    const app = newApp();
    const stacks = {
      otc: newStack(app, 'on-otc'),
      huaweicloud: newStack(app, 'on-huawei', { cloud: 'huaweicloud', region: 'eu-west-101' }),
    };
    for (const stack of Object.values(stacks)) new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [SERVER_1] });
    app.synth();
    expect(policyActions(app, 'on-otc')).toEqual([
      'ecs:cloudServers:create',
      'ecs:cloudServers:delete',
      'ecs:cloudServers:get',
      'ecs:cloudServers:list',
      'ecs:cloudServers:showServer',
    ]);
    expect(policyActions(app, 'on-huawei')).toEqual([
      'ecs:cloudServers:addServerGroupMember',
      'ecs:cloudServers:createServerGroup',
      'ecs:cloudServers:deleteServerGroup',
      'ecs:cloudServers:deleteServerGroupMember',
      'ecs:cloudServers:list',
      'ecs:cloudServers:showServer',
      'ecs:cloudServers:showServerGroup',
    ]);
    const otcReview = stackFiles(app, 'on-otc')['ecs-iam-policy.md'];
    expect(otcReview).toContain('> **Note:** Adding a server to an ECS group needs ecs:cloudServers:create. Open Telekom Cloud offers no narrower action');
    expect(otcReview).toContain('> **Note:** Removing a server from an ECS group needs ecs:cloudServers:delete. Open Telekom Cloud offers no narrower action');
    const huaweiReview = stackFiles(app, 'on-huawei')['ecs-iam-policy.md'];
    expect(huaweiReview).not.toContain('no narrower action');
    expect(huaweiReview).toContain('Known conflict');
    // AND the review data and the diagram use the same names
    const data = JSON.parse(stackFiles(app, 'on-huawei')['ecs-iam-policy.review.json']);
    expect(data.actions.map((a: { action: string }) => a.action)).toEqual(policyActions(app, 'on-huawei'));
    expect(huaweiReview).toContain('+ ecs:cloudServers:addServerGroupMember');
  });

  test('under project authorization the same group neither warns nor prints the enterprise-project paragraph', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members: [] });
    app.synth();
    expect(warningsOf(stack)).toEqual([]);
    expect(stackFiles(app, 'prod')['ecs-iam-policy.md']).not.toContain('Enterprise-project support unknown');
  });
});

function warningsOf(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
}

describe('policy synthesizer: secrets never reach any file', () => {
  test('canary values in the environment appear nowhere in the outdir', () => {
    // GIVEN secrets in the environment while synthesizing, including the admin password the plan names
    const canaries = {
      OS_ACCESS_KEY: 'CANARY-ACCESS-KEY-7f3a',
      OS_SECRET_KEY: 'CANARY-SECRET-KEY-9b1c',
      HW_SECRET_KEY: 'CANARY-HW-SECRET-2d4e',
      OS_AUTH_TOKEN: 'CANARY-TOKEN-5e6f',
      OS_PASSWORD: 'CANARY-PASSWORD-8a8a',
      ADMIN_PASSWORD: 'CANARY-ADMIN-PW-1c1c',
    };
    const saved = { ...process.env };
    Object.assign(process.env, canaries);
    try {
      const app = newApp();
      const stack = newStack(app);
      maintenanceWindow(stack);
      new ServerStop(stack, 'stop-web2', { serverId: SERVER_2 });
      new ServerChangeOs(stack, 'os-web2', { serverId: SERVER_2, imageId: IMAGE_ID, adminPasswordEnv: 'ADMIN_PASSWORD' });
      new ServerUnlock(stack, 'unlock-web2', { serverId: SERVER_2 });
      app.synth();
      // THEN no file holds any canary, while the plan does name the variable
      const contents = allFiles(app.outdir).map((f) => fs.readFileSync(f, 'utf8'));
      for (const value of Object.values(canaries)) expect(contents.filter((c) => c.includes(value))).toEqual([]);
      expect(stackFiles(app, 'prod')['cdk.tf.json']).toMatch(/"--admin-password-env",\s*"ADMIN_PASSWORD"/);
    } finally {
      process.env = saved;
    }
  });
});

describe('policy synthesizer: numbered documents', () => {
  test("policyDocuments: 'numbered' writes ecs-iam-policy-1.json and the review names it; a stale single file is removed", () => {
    const app = newApp();
    const stack = new TerraformStack(app, 'prod');
    new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: PROJECT_ID, policyDocuments: 'numbered' });
    new ServerStart(stack, 'start', { serverId: SERVER_1 });
    const dir = path.join(app.outdir, 'stacks', 'prod');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'ecs-iam-policy.json'), '{}');
    app.synth();
    const files = stackFiles(app, 'prod');
    expect(Object.keys(files)).toEqual([
      'cdk.tf.json',
      'ecs-iam-policy-1.json',
      'ecs-iam-policy.md',
      'ecs-iam-policy.review.json',
      'ecs-iam-preview-policy.json',
    ]);
    expect(files['ecs-iam-policy.md']).toContain('`ecs-iam-policy-1.json`');
  });
});
