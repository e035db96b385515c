/**
 * The IAM resources a LifecyclePolicyRole writes, as plain data: the arguments it sets, with their kinds as the
 * providers' schemas declare them. OTC: the schema of `@cdktf/provider-opentelekomcloud` 12.0.16 (OTC provider
 * 1.36.54), checked against its jsii types by `test/constructs/provider-resources.test.ts`. Huawei Cloud: the
 * provider's resource documentation (`docs/resources/identity_role.md`, `identity_role_assignment.md` of
 * huaweicloud/terraform-provider-huaweicloud; shared/reference/huaweicloud-iam-resources.md).
 */
import type { ProviderSpec, ResourceSpec } from './provider-resource';

/** What `@cdktf/provider-opentelekomcloud` 12.0.16 writes for its provider and resources. */
export const OTC_PROVIDER: ProviderSpec = {
  name: 'opentelekomcloud',
  source: 'opentelekomcloud/opentelekomcloud',
  version: '1.36.54',
  versionConstraint: '~> 1.26',
};

/**
 * No bindings pin a Huawei Cloud provider version. 1.68.0 (August 2024) is a release whose documentation describes both
 * resources with the arguments below; any later 1.x keeps them.
 */
export const HUAWEI_PROVIDER: ProviderSpec = {
  name: 'huaweicloud',
  source: 'huaweicloud/huaweicloud',
  versionConstraint: '~> 1.68',
};

const string = (required: boolean) => ({ kind: 'string', required }) as const;

export const OTC_ROLE: ResourceSpec = {
  type: 'opentelekomcloud_identity_role_v3',
  provider: OTC_PROVIDER,
  arguments: {
    description: string(true),
    display_layer: string(true),
    display_name: string(true),
    statement: {
      kind: 'blockList',
      required: true,
      storageClass: 'IdentityRoleV3StatementList',
      block: {
        action: { kind: 'stringList', required: true },
        condition: string(false),
        effect: string(true),
        resource: { kind: 'stringList', required: false },
      },
    },
  },
};

export const OTC_ROLE_ASSIGNMENT: ResourceSpec = {
  type: 'opentelekomcloud_identity_role_assignment_v3',
  provider: OTC_PROVIDER,
  arguments: { group_id: string(true), project_id: string(false), role_id: string(true) },
};

export const OTC_AGENCY: ResourceSpec = {
  type: 'opentelekomcloud_identity_agency_v3',
  provider: OTC_PROVIDER,
  arguments: {
    delegated_domain_name: string(true),
    name: string(true),
    project_role: {
      kind: 'blockSet',
      required: false,
      storageClass: 'IdentityAgencyV3ProjectRoleList',
      block: { project: string(false), roles: { kind: 'stringSet', required: true } },
    },
  },
};

/** A custom policy (IAM "role/policy" model, Version 1.1): `type` `XA` is project level, `policy` the document as JSON. */
export const HUAWEI_ROLE: ResourceSpec = {
  type: 'huaweicloud_identity_role',
  provider: HUAWEI_PROVIDER,
  arguments: { description: string(true), name: string(true), policy: string(true), type: string(true) },
};

/** Grants a role to a user group on a project (`project_id`) or the whole account (`domain_id`, not used here). */
export const HUAWEI_ROLE_ASSIGNMENT: ResourceSpec = {
  type: 'huaweicloud_identity_role_assignment',
  provider: HUAWEI_PROVIDER,
  arguments: { group_id: string(true), project_id: string(false), role_id: string(true) },
};
