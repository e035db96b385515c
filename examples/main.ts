/**
 * The examples as one CDKTF app (what `npm start` and `cdktf synth` run). Prints where the plan and
 * policy files are, and a short summary of each stack.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'cdktf';
import { MaintenanceWindowStack } from './maintenance-window/stack';
import { MixedAdminStack } from './mixed/admin-stack';
import { MixedHuaweiAdminStack } from './mixed/huawei-admin-stack';
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
// One admin stack per cloud deploys that cloud's stacks' policies as custom roles (os-change runs on Huawei Cloud).
const onHuaweiCloud = (s: (typeof stacks)[number]) => s.node.id === 'os-change';
const admin = new MixedAdminStack(
  app,
  'mixed-admin',
  stacks.filter((s) => !onHuaweiCloud(s)),
);
const huaweiAdmin = new MixedHuaweiAdminStack(app, 'mixed-huawei-admin', stacks.filter(onHuaweiCloud));
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
for (const [stack, type] of [
  [admin, 'opentelekomcloud_identity_role_v3'],
  [huaweiAdmin, 'huaweicloud_identity_role'],
] as const) {
  const adminDir = relative(process.cwd(), join(app.outdir, 'stacks', stack.node.id));
  console.log(`stack ${stack.node.id}: ${stack.policyRole.roles.length} roles (${type}), one per policy document`);
  console.log(`  plan    ${join(adminDir, 'cdk.tf.json')}`);
}
