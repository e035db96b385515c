/**
 * The examples as one CDKTF app (what `npm start` and `cdktf synth` run). Prints where the plan and
 * policy files are, and a short summary of each stack.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'cdktf';
import { MaintenanceWindowStack } from './maintenance-window/stack';
import { MixedAdminStack } from './mixed/admin-stack';
import { MixedServersStack } from './mixed/servers-stack';
import { OsChangeStack } from './os-change/stack';
import { ServerGroupStack } from './server-group/stack';
import { RollingResizeStack } from './rolling-resize/stack';

const app = new App();
const stacks = [
  new ServerGroupStack(app, 'server-group'),
  new MaintenanceWindowStack(app, 'maintenance-window'),
  new OsChangeStack(app, 'os-change'),
  new MixedServersStack(app, 'mixed'),
  new RollingResizeStack(app, 'rolling-resize'),
];
// The admin stack deploys the OTC stacks' policies as custom roles (Huawei Cloud has no prebuilt bindings).
const admin = new MixedAdminStack(
  app,
  'mixed-admin',
  stacks.filter((s) => s.node.id !== 'os-change'),
);
app.synth();

for (const stack of stacks) {
  const dir = relative(process.cwd(), join(app.outdir, 'stacks', stack.node.id));
  const review = JSON.parse(readFileSync(join(dir, 'ecs-iam-policy.review.json'), 'utf8')) as {
    actions: readonly unknown[];
    constructs: readonly unknown[];
  };
  console.log(`stack ${stack.node.id}: ${review.constructs.length} constructs, ${review.actions.length} actions`);
  console.log(`  plan    ${join(dir, 'cdk.tf.json')}`);
  console.log(`  policy  ${join(dir, 'ecs-iam-policy.json')}`);
  console.log(`  review  ${join(dir, 'ecs-iam-policy.md')}`);
}
const adminDir = relative(process.cwd(), join(app.outdir, 'stacks', admin.node.id));
console.log(`stack ${admin.node.id}: ${admin.policyRole.roles.length} roles (opentelekomcloud_identity_role_v3), one per policy document`);
console.log(`  plan    ${join(adminDir, 'cdk.tf.json')}`);
