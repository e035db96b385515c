/**
 * The README's admin stack in a real CDK Terrain app: a Node process (not jest, whose cdktn run maps `cdktf` onto
 * `cdktn`) in a project where cdktn is the core and `cdktf` and `@cdktf/provider-opentelekomcloud` are installed too, as
 * in an app that keeps the bindings for its own resources. With the bindings' classes, this crashed at synth
 * (`e._resetResolveDiscoveredProviderFeatureUsage is not a function`: two cores in one tree). Runs in the cdktn run of
 * .ci/run (CDKTN_MODULES names the node_modules holding cdktn); uses the compiled lib/ (npm run build).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const CDKTN_MODULES = process.env.CDKTN_MODULES;
const testOnCdktn = CDKTN_MODULES ? test : test.skip;

/** The README's admin stack, compiled as a user's app compiles it; it names `app`, `TerraformStack` and `stack`. */
function readmeAdminStack(): string {
  const block = /<!-- role:admin-stack -->\n```ts\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))?.[1];
  if (!block) throw new Error('README.md has no <!-- role:admin-stack --> block');
  return ts.transpileModule(block, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
}

/** A project whose node_modules links cdktn and its constructs, this package (lib/), axios, cdktf and the OTC bindings. */
function cdktnProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-cdktn-app-'));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@cdktf'), { recursive: true });
  fs.mkdirSync(path.join(modules, 'cdktf-ecs-lifecycle'));
  const link = (target: string, name: string) => fs.symlinkSync(target, path.join(modules, name), 'dir');
  link(path.join(path.resolve(CDKTN_MODULES!), 'cdktn'), 'cdktn');
  link(path.join(path.resolve(CDKTN_MODULES!), 'constructs'), 'constructs');
  link(path.join(ROOT, 'node_modules/axios'), 'axios');
  link(path.join(ROOT, 'node_modules/cdktf'), 'cdktf');
  link(path.join(ROOT, 'node_modules/@cdktf/provider-opentelekomcloud'), '@cdktf/provider-opentelekomcloud');
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(modules, 'cdktf-ecs-lifecycle/package.json'));
  link(path.join(ROOT, 'lib'), 'cdktf-ecs-lifecycle/lib');
  return dir;
}

testOnCdktn('GIVEN a cdktn app with the bindings installed WHEN the README admin stack and a Huawei one synthesize THEN the roles carry the files', () => {
  const dir = cdktnProject();
  try {
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `const { App, TerraformStack } = require('cdktn');
const { EcsEnvironment, ServerStop, ServerGroup } = require('cdktf-ecs-lifecycle');
const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'prod');
new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' });
new ServerStop(stack, 'stop-web1', { serverId: '1a2b3c4d-0000-4000-8000-000000000001' });
// The README's admin stack, word for word:
${readmeAdminStack()}
const hwc = new TerraformStack(app, 'hwc');
new EcsEnvironment(hwc, 'ecs', { cloud: 'huaweicloud', region: 'eu-west-101', projectId: '0123456789abcdef0123456789abcdef' });
new ServerGroup(hwc, 'group', { name: 'web', api: 'cloudservers', members: ['1a2b3c4d-0000-4000-8000-000000000001'] });
new (require('cdktf-ecs-lifecycle/role').LifecyclePolicyRole)(new TerraformStack(app, 'hwc-admin'), 'ecs-policy', { stacks: [hwc] });
app.synth();
console.log(Object.keys(require.cache).some((f) => /[\\\\/]cdktf[\\\\/]lib[\\\\/]/.test(f)) ? 'cdktf loaded' : 'cdktf not loaded');`,
    );
    const result = spawnSync(process.execPath, ['--preserve-symlinks', 'main.js'], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('cdktf not loaded\n');
    const read = (stack: string, file: string) => fs.readFileSync(path.join(dir, 'cdktf.out/stacks', stack, file), 'utf8');
    const otc = JSON.parse(read('admin', 'cdk.tf.json'));
    expect(otc['//'].metadata.version).toBe(JSON.parse(fs.readFileSync(path.join(CDKTN_MODULES!, 'cdktn/package.json'), 'utf8')).version);
    const [role] = Object.values(otc.resource.opentelekomcloud_identity_role_v3) as { statement: { effect: string; action: string[] }[] }[];
    expect(role.statement.map((s) => ({ Effect: s.effect, Action: s.action }))).toEqual(JSON.parse(read('prod', 'ecs-iam-policy.json')).Statement);
    expect(otc.terraform.required_providers).toEqual({ opentelekomcloud: { source: 'opentelekomcloud/opentelekomcloud', version: '1.36.54' } });
    const [hwRole] = Object.values(JSON.parse(read('hwc-admin', 'cdk.tf.json')).resource.huaweicloud_identity_role) as { policy: string }[];
    expect(hwRole.policy).toBe(read('hwc', 'ecs-iam-policy.json'));
    expect(hwRole.policy).toContain('ecs:cloudServers:addServerGroupMember');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
