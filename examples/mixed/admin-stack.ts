import { IdentityGroupV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-group-v3';
import { OpentelekomcloudProvider } from '@cdktf/provider-opentelekomcloud/lib/provider';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { LifecyclePolicyRole } from 'cdktf-ecs-lifecycle/role';

/**
 * The admin stack, which runs with IAM rights: the generated policy of the lifecycle stacks as custom
 * roles, assigned to the user group whose members (or pipeline user) run the lifecycle stacks.
 */
export class MixedAdminStack extends TerraformStack {
  readonly policyRole: LifecyclePolicyRole;

  constructor(scope: Construct, id: string, lifecycleStacks: readonly TerraformStack[]) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new OpentelekomcloudProvider(this, 'otc', { authUrl: 'https://iam.eu-de.otc.t-systems.com/v3', tenantName: 'eu-de' });
    const operators = new IdentityGroupV3(this, 'ecs-operators', { name: 'ecs-operators', description: 'Runs the ECS lifecycle stacks' });
    this.policyRole = new LifecyclePolicyRole(this, 'ecs-policy', { stacks: lifecycleStacks, grantTo: { kind: 'group', groupId: operators.id } });
  }
}
