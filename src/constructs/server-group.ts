import { ITerraformDependable, TerraformResource } from '../private/cdk-core';
import { Construct } from 'constructs';
import { ExecArguments } from '../cloud/exec-arguments';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { selfReference } from './private/command-line';
import { lifecycleResourceConfig, TriggerAttributes } from './private/lifecycle-resource';
import { commandArguments, triggersOf } from './private/operation-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { claimAddress } from './private/terraform-address';
import { checkChoice, checkRequired } from './private/validate';
import { SERVER_GROUP_POLICIES } from '../validation';

/** Properties of a {@link ServerGroup}. */
export interface ServerGroupProps {
  /** The group name: 1 to 255 letters, digits, dots, dashes or underscores; unique in the project. */
  readonly name: string;
  /**
   * The scheduling policy. OTC and Huawei Cloud support only anti-affinity (members on different hosts).
   * @default 'anti-affinity'
   */
  readonly policy?: 'anti-affinity';
  /**
   * Other resources or constructs the group must wait for.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An ECS server group (native `/v2.1/{project_id}/os-server-groups`), created at apply and deleted at
 * destroy. The group is found by name, so re-applying never creates a duplicate and a group already gone
 * at destroy is not an error. Its ID is assigned by the cloud at apply time, so reference the group by
 * `groupName` (e.g. in a provider's server-group data source), and use the construct in `dependsOn` to
 * order servers after it.
 */
export class ServerGroup extends TerraformResource {
  /** The group's name, as created in the cloud. */
  readonly groupName: string;
  /** The scheduling policy. */
  readonly policy: 'anti-affinity';
  /** The IAM actions this construct needs (create at apply, delete at destroy), sorted. */
  readonly requiredActions: readonly string[];
  private readonly triggerAttributes: TriggerAttributes;

  constructor(scope: Construct, id: string, props: ServerGroupProps) {
    const subject = subjectOf(scope, id, 'ServerGroup');
    const environment = requireEnvironment(scope, subject, props, "{ name: 'web' }");
    const groupName = checkRequired(subject, 'name', props.name, 'groupName');
    const policy = checkChoice(subject, 'policy', props.policy, SERVER_GROUP_POLICIES, 'anti-affinity');
    const address = claimAddress(scope, id, subject, environment.resourceType);

    const createArgs = commandArguments(environment, subject.path, { name: groupName, policy });
    const triggers = triggersOf('server-group-create', createArgs);
    // Terraform lets a destroy-time provisioner reference only `self`: delete the group that was created,
    // with the values recorded in the resource's triggers, even after the configuration changed.
    const self = (trigger: string) => selfReference(environment.resourceType, trigger);
    const { pollInterval, timeout } = createArgs;
    const deleteArgs: ExecArguments = {
      constructPath: subject.path,
      cloud: self('cloud'),
      region: self('region'),
      projectId: self('project_id'),
      ...(triggers.endpoint ? { endpoint: self('endpoint') } : {}),
      ...(pollInterval ? { pollInterval } : {}),
      ...(timeout ? { timeout } : {}),
      name: self('name'),
    };
    super(scope, id, lifecycleResourceConfig({
      settings: environment,
      create: { operation: 'server-group-create', args: createArgs },
      destroy: { operation: 'server-group-delete', args: deleteArgs },
      dependsOn: props.dependsOn ?? [],
    }));
    address.record();
    this.triggerAttributes = new TriggerAttributes(environment.resourceType, triggers);
    this.groupName = groupName;
    this.policy = policy;
    this.requiredActions = sortedUnique([
      ...requirePermissions(this, 'ServerGroup', 'server-group-create'),
      ...requirePermissions(this, 'ServerGroup', 'server-group-delete'),
    ]);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}
