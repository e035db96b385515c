/**
 * `cdktf-ecs-lifecycle/role`: the constructs that need `@cdktf/provider-opentelekomcloud` (an optional
 * peer dependency), kept out of the package root so that the core constructs load without it.
 */
try {
  require.resolve('@cdktf/provider-opentelekomcloud/package.json');
} catch {
  throw new Error(
    'cdktf-ecs-lifecycle/role needs the optional peer dependency @cdktf/provider-opentelekomcloud (12.x). ' +
      'Fix: npm install @cdktf/provider-opentelekomcloud@^12.0.16',
  );
}

export * from '../constructs/lifecycle-policy-role';
