/**
 * The resource that sets a ServerGroup's members, beside the group's own resource: a change of the member list
 * replaces it (and so runs `server-group-members` again) without replacing, and so deleting, the group.
 */
import { TerraformResource, type TerraformResourceConfig } from '../../private/cdk-core';
import type { Construct } from 'constructs';
import type { TriggerAttributes } from './lifecycle-resource';

/** A lifecycle resource with no destroy-time operation: removing it leaves the members as they are. */
export class GroupMembership extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    config: TerraformResourceConfig,
    private readonly triggerAttributes: TriggerAttributes,
  ) {
    super(scope, id, config);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}
