/**
 * `cdktf-ecs-lifecycle`: the constructs and their props, the error class synth throws, the IAM policy
 * document types, and a read-only view of the permission catalog (which actions each operation needs, and
 * why). The apply-time CLI is `cdktf-ecs-lifecycle/runtime`, the emulator `cdktf-ecs-lifecycle/emulator`,
 * the policy role `cdktf-ecs-lifecycle/role`.
 */
export * from './constructs';
export { SynthError } from './errors';
export type { PolicyDocument, PolicyStatement } from './iam';
export { POLICY_FILES } from './policy';
// The permission catalog, read-only.
export { CATALOG, OperationEntry } from './permissions/catalog';
export { OPERATION_IDS, OperationId, isOperationId } from './permissions/operation';
export { OPERATION_DEFINITIONS } from './operations';
export { OperationDefinition, Precondition, TargetKind } from './operations/operation-definition';
export { CloudName } from './cloud/regions';
export type { CommonArgumentName, ExecArgumentName, ExecArguments } from './cloud/exec-arguments';
export { ActionRequirement, KNOWN_ACTIONS, requiredActionsOf, requirementsOf } from './permissions/requirements';
export { API_ROWS, ApiRow, ApiRowId, CloudActionName, EnterpriseProjectSupport, PermissionTable, SeedApiRow } from './permissions/api-rows';
export { FLEET_API_ROWS, FleetApiRow, FleetApiRowId, FleetBodyKey } from './permissions/fleet-api-rows';
export { SELECTION_API_ROWS, SelectionApiRow, SelectionApiRowId } from './permissions/selection-api-rows';
export { PERMISSION_ROWS, PermissionRow, PermissionRowId } from './permissions/permission-rows';
export { SUPPORTING_READS, SupportingRead, SupportingReadId } from './permissions/supporting-reads';
