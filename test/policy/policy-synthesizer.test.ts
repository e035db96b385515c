import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import {
  EcsEnvironment, requiredActionsOf, ServerChangeOs, ServerGroup, ServerLock, ServerReinstallOs, ServerResize, ServerStart, ServerStop, ServerUnlock, SynthError,
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
    expect(Object.keys(stackFiles(app, 'prod'))).toEqual(['cdk.tf.json', 'ecs-iam-policy.json', 'ecs-iam-policy.md', 'ecs-iam-policy.review.json']);
  });

  test('the policy is exactly the union of the constructs\' required actions, sorted, in one Allow statement', () => {
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

  test('no bleed: each stack\'s policy holds only its own constructs\' actions', () => {
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

  test('the review data lists exactly the policy\'s actions, each with who needs it and why', () => {
    expect(review.actions.map((a: { action: string }) => a.action)).toEqual(policyActions(app, 'prod'));
    const list = review.actions.find((a: { action: string }) => a.action === 'ecs:servers:list');
    expect(list.neededBy).toEqual(expect.arrayContaining([{
      constructPath: 'prod/stop-web1', construct: 'ServerStop', operation: 'server-stop', kind: 'dependency', dependencyOf: 'ecs:servers:stop',
      api: 'POST /v2.1/{project_id}/servers/{server_id}/action', iamProject: true, enterpriseProject: false,
    }]));
    const show = review.actions.find((a: { action: string }) => a.action === 'ecs:cloudServers:showServer');
    expect(show.neededBy[0]).toMatchObject({ kind: 'read', api: 'GET /v1/{project_id}/cloudservers/{server_id}', reason: expect.stringMatching(/status/) });
  });

  test('the Markdown names, for every action, the construct paths, the API, primary or dependency, and IAM/enterprise project support', () => {
    const md = files['ecs-iam-policy.md'];
    for (const { action } of review.actions) expect(md).toContain(`### \`${action}\``);
    expect(md).toContain('- `prod/resize-web1` (ServerResize, `server-resize`): dependency of `ecs:servers:resize`, through `POST /v2.1/{project_id}/servers/{server_id}/action`. '
      + 'IAM project: supported; enterprise project: **not supported**.');
    expect(md).toContain('- `prod/web-group` (ServerGroup, `server-group-create`): primary action of `POST /v2.1/{project_id}/os-server-groups`.');
    expect(md).toMatch(/read-only call `GET \/v1\/\{project_id\}\/cloudservers\/\{server_id\}`: reads status/);
  });

  test('review Markdown snapshot', () => {
    expect(files['ecs-iam-policy.md']).toMatchSnapshot();
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
    expect(SynthError.isSynthError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("Stack 'ep' uses authorization 'enterprise-project'");
    expect(message).toContain('- ep/group (ServerGroup, server-group-create): instead use none in the seed tables');
    expect(message).toContain('- ep/stop (ServerStop, server-stop)');
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

describe('policy synthesizer: secrets never reach any file', () => {
  test('canary values in the environment appear nowhere in the outdir', () => {
    // GIVEN secrets in the environment while synthesizing, including the admin password the plan names
    const canaries = {
      OS_ACCESS_KEY: 'CANARY-ACCESS-KEY-7f3a', OS_SECRET_KEY: 'CANARY-SECRET-KEY-9b1c', HW_SECRET_KEY: 'CANARY-HW-SECRET-2d4e',
      OS_AUTH_TOKEN: 'CANARY-TOKEN-5e6f', OS_PASSWORD: 'CANARY-PASSWORD-8a8a', ADMIN_PASSWORD: 'CANARY-ADMIN-PW-1c1c',
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
      expect(stackFiles(app, 'prod')['cdk.tf.json']).toContain('--admin-password-env ADMIN_PASSWORD');
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
    expect(Object.keys(files)).toEqual(['cdk.tf.json', 'ecs-iam-policy-1.json', 'ecs-iam-policy.md', 'ecs-iam-policy.review.json']);
    expect(files['ecs-iam-policy.md']).toContain('`ecs-iam-policy-1.json`');
  });
});
