/**
 * `cdktf-ecs-lifecycle/role`: the construct that deploys a stack's generated policy as custom roles. It writes the
 * providers' IAM resources itself, on the app's core, so it needs no provider bindings; it stays under its own entry
 * point so that the package root keeps only the lifecycle constructs.
 */
export * from '../constructs/lifecycle-policy-role';
