import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { LifecyclePolicyRole } from 'cdktf-ecs-lifecycle/role';

/** The Huawei Cloud user group (IAM → User Groups) whose members run the Huawei Cloud lifecycle stacks. */
export const HUAWEI_OPERATORS_GROUP_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/**
 * The admin stack of the Huawei Cloud account: the generated policy of its lifecycle stacks as project-level custom
 * policies (`huaweicloud_identity_role`), assigned to the operators' user group. The `huaweicloud` provider reads its
 * credentials and region from the environment (HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME); no bindings are needed.
 */
export class MixedHuaweiAdminStack extends TerraformStack {
  readonly policyRole: LifecyclePolicyRole;

  constructor(scope: Construct, id: string, lifecycleStacks: readonly TerraformStack[]) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    this.policyRole = new LifecyclePolicyRole(this, 'ecs-policy', {
      stacks: lifecycleStacks,
      grantTo: { kind: 'group', groupId: HUAWEI_OPERATORS_GROUP_ID },
    });
  }
}
