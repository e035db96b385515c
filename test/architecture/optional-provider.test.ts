import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// @cdktf/provider-opentelekomcloud is an optional peer dependency: only `cdktf-ecs-lifecycle/role` needs it.
const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Runs `script` in a fresh Node process in which the OTC provider bindings cannot be found, as in a project without them. */
function withoutProvider(script: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-otc-provider-'));
  try {
    const hide = path.join(dir, 'hide-provider.js');
    fs.writeFileSync(
      hide,
      `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@cdktf/provider-opentelekomcloud')) throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};`,
    );
    return spawnSync(process.execPath, ['-r', hide, '-e', script], { cwd: dir, encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('package.json no longer needs the OTC bindings: a devDependency only (the schema the role is checked against)', () => {
  expect(PACKAGE.peerDependencies['@cdktf/provider-opentelekomcloud']).toBeUndefined();
  expect(PACKAGE.dependencies['@cdktf/provider-opentelekomcloud']).toBeUndefined();
  expect(PACKAGE.devDependencies['@cdktf/provider-opentelekomcloud']).toMatch(/^12\./);
  expect(PACKAGE.exports['./role']).toEqual({ types: './lib/role/index.d.ts', default: './lib/role/index.js' });
});

test('without the bindings, the package root loads and a lifecycle stack synthesizes its plan and policy', () => {
  const result = withoutProvider(`
const { App, TerraformStack } = require(${JSON.stringify(require.resolve('cdktf'))});
const lib = require(${JSON.stringify(path.join(ROOT, 'lib/index.js'))});
const outdir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'no-otc-out-'));
const app = new App({ outdir });
const stack = new TerraformStack(app, 'prod');
new lib.EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' });
new lib.ServerStop(stack, 'stop', { serverId: '1a2b3c4d-0000-4000-8000-000000000001' });
app.synth();
const policy = require('fs').readFileSync(require('path').join(outdir, 'stacks/prod/ecs-iam-policy.json'), 'utf8');
require('fs').rmSync(outdir, { recursive: true });
console.log(JSON.parse(policy).Statement[0].Action.join(' '));
console.log(Object.keys(require.cache).some((f) => f.includes('provider-opentelekomcloud')) ? 'loaded' : 'not loaded');`);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('ecs:cloudServers:showServer ecs:servers:list ecs:servers:stop\nnot loaded\n');
});

test('without the bindings, cdktf-ecs-lifecycle/role loads and deploys a policy as a role', () => {
  const result = withoutProvider(`
const { App, TerraformStack } = require(${JSON.stringify(require.resolve('cdktf'))});
const lib = require(${JSON.stringify(path.join(ROOT, 'lib/index.js'))});
const { LifecyclePolicyRole } = require(${JSON.stringify(path.join(ROOT, 'lib/role/index.js'))});
const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'no-otc-out-')) });
const stack = new TerraformStack(app, 'prod');
new lib.EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' });
new lib.ServerStop(stack, 'stop', { serverId: '1a2b3c4d-0000-4000-8000-000000000001' });
new LifecyclePolicyRole(new TerraformStack(app, 'admin'), 'ecs-policy', { stacks: [stack] });
app.synth();
const plan = JSON.parse(require('fs').readFileSync(require('path').join(app.outdir, 'stacks/admin/cdk.tf.json'), 'utf8'));
require('fs').rmSync(app.outdir, { recursive: true });
console.log(Object.keys(plan.resource).join(' '));
console.log(Object.keys(require.cache).some((f) => f.includes('provider-opentelekomcloud')) ? 'loaded' : 'not loaded');`);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('opentelekomcloud_identity_role_v3\nnot loaded\n');
});
