import { IdentityAgencyV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-agency-v3';
import { IdentityRoleAssignmentV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-role-assignment-v3';
import { IdentityRoleV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-role-v3';
import { Lazy, TerraformStack } from '../private/cdk-core';
import { Construct } from 'constructs';
import { invalidProperty, roleCountChanged, rolePolicyRefused, roleUnsupportedCloud, SynthError } from '../errors';
import { validateLimits } from '../iam/policy-limits';
import { addPolicyCarrier, type PolicyPlan, policyPlanOf } from '../policy/policy-synthesizer';
import { policyRoleDescription, roleStatementsOf } from '../policy/role-statements';
import { EcsEnvironment } from './ecs-environment';
import { subjectOf } from './private/require-environment';
import { pattern, type Validator } from '../validation';
import { checkRequired, type Subject } from './private/validate';

/**
 * Who receives the roles.
 * - `group`: a user group, through one `opentelekomcloud_identity_role_assignment_v3` per role, on the
 *   project each lifecycle stack manages (ECS permissions are project-level).
 * - `agency`: a new `opentelekomcloud_identity_agency_v3` whose `project_role` names the roles. The OTC
 *   provider has no separate agency role-assignment resource: an agency's roles are part of the agency.
 */
export type PolicyRoleGrantee =
  | {
      readonly kind: 'group';
      /** The user group's ID (32 hex characters), or a token such as an `IdentityGroupV3`'s `id`. */
      readonly groupId: string;
    }
  | {
      readonly kind: 'agency';
      /** The agency's name. */
      readonly name: string;
      /** The account (domain) name the agency delegates to. */
      readonly delegatedDomainName: string;
    };

/** Properties of a {@link LifecyclePolicyRole}. */
export interface LifecyclePolicyRoleProps {
  /** The lifecycle stacks (each with an EcsEnvironment) whose generated policy the roles deploy. */
  readonly stacks: readonly TerraformStack[];
  /**
   * The start of every role's display name; the stack id follows, then the document number for
   * numbered documents: `ecs-lifecycle-prod`, `ecs-lifecycle-prod-1`, …
   * @default 'ecs-lifecycle'
   */
  readonly displayNamePrefix?: string;
  /**
   * Attaches the roles to a user group or an agency.
   * @default - not attached: grant the roles yourself
   */
  readonly grantTo?: PolicyRoleGrantee;
}

/** One role deployed by a {@link LifecyclePolicyRole}. */
export interface DeployedPolicyRole {
  /** The lifecycle stack whose policy it carries. */
  readonly stack: TerraformStack;
  /** The policy document it carries: `ecs-iam-policy.json`, or `ecs-iam-policy-<n>.json`. */
  readonly file: string;
  readonly role: IdentityRoleV3;
}

const MAX_DISPLAY_NAME = 128;
const NAME_PART_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAME_PART: Validator = pattern(NAME_PART_PATTERN, '1 to 64 letters, digits, dots, dashes or underscores', "'ecs-lifecycle'");
const GROUP_ID: Validator = pattern(/^[0-9a-f]{32}$/, 'a user group ID (32 lower-case hex characters)', 'group.id of an IdentityGroupV3');
const DOMAIN_NAME: Validator = pattern(NAME_PART_PATTERN, 'an account (domain) name', "'OTC-EU-DE-00000000001000000001'");

/**
 * Deploys the generated IAM policy of one or more lifecycle stacks as Open Telekom Cloud custom roles
 * (`opentelekomcloud_identity_role_v3`), from another stack of the same app that runs with IAM rights
 * (an admin or bootstrap stack). One role per policy document; the statements are the very data the
 * policy files are written from, worked out when the app synthesizes, so constructs added to a
 * lifecycle stack after this one still count. Needs `@cdktf/provider-opentelekomcloud`.
 */
export class LifecyclePolicyRole extends Construct {
  /** The roles, one per policy document of each stack, in stack then document order. */
  readonly roles: readonly DeployedPolicyRole[];

  constructor(scope: Construct, id: string, props: LifecyclePolicyRoleProps) {
    const subject = subjectOf(scope, id, 'LifecyclePolicyRole');
    if (props === undefined || props === null)
      throw invalidProperty(subject.path, subject.construct, 'props', 'are missing', 'pass { stacks: [lifecycleStack] }');
    const stacks = checkStacks(subject, props.stacks);
    const prefix = props.displayNamePrefix === undefined ? 'ecs-lifecycle' : checkRequired(subject, 'displayNamePrefix', props.displayNamePrefix, NAME_PART);
    const grantee = props.grantTo === undefined ? undefined : checkGrantee(subject, props.grantTo);
    // The number of documents is fixed now; their statements are read when the role stack resolves.
    const planned = stacks.flatMap(({ stack, environment }) => {
      const { documents } = planOrThrow(subject.path, stack, false);
      return documents.map(({ file }, index) => {
        const suffix = file === 'ecs-iam-policy.json' ? '' : `-${index + 1}`;
        const displayName = `${prefix}-${stack.node.id}${suffix}`;
        if (displayName.length > MAX_DISPLAY_NAME) {
          throw invalidProperty(
            subject.path,
            subject.construct,
            'displayNamePrefix',
            `makes the role name '${displayName}' longer than ${MAX_DISPLAY_NAME} characters`,
            'use a shorter prefix or stack id',
          );
        }
        return { stack, environment, file, index, count: documents.length, id: `${stack.node.id}${suffix}`, displayName };
      });
    });
    super(scope, id);

    const roles: DeployedPolicyRole[] = planned.map(({ stack, environment, file, index, count, id: roleId, displayName }) => {
      const role = new IdentityRoleV3(this, roleId, {
        displayName,
        // The gate recognises the role by its description, and checks it against the file.
        description: policyRoleDescription(file, stack.node.id),
        // ECS is a project-level service: its actions are granted per project (IAM type XA).
        displayLayer: 'project',
        statement: Lazy.anyValue({ produce: () => roleStatementsOf(documentAt(subject.path, stack, count, index).Statement) }),
      });
      addPolicyCarrier(stack, { file, description: `role \`${displayName}\` (\`${role.node.path}\`, ${grantedBy(grantee, environment)})` });
      return { stack, file, role };
    });
    this.roles = roles;

    if (grantee?.kind === 'group') {
      for (const { stack, role } of roles) {
        new IdentityRoleAssignmentV3(this, `${role.node.id}-assignment`, {
          groupId: grantee.groupId,
          roleId: role.id,
          projectId: EcsEnvironment.of(stack)!.projectId,
        });
      }
    } else if (grantee?.kind === 'agency') {
      // The agency names the roles through references to them, so Terraform creates the roles first.
      const byRegion = new Map<string, string[]>();
      for (const { stack, role } of roles) {
        const region = EcsEnvironment.of(stack)!.region;
        byRegion.set(region, [...(byRegion.get(region) ?? []), role.displayName]);
      }
      new IdentityAgencyV3(this, 'agency', {
        name: grantee.name,
        delegatedDomainName: grantee.delegatedDomainName,
        // The project named after the region is the region's default project, which the lifecycle stacks manage.
        projectRole: [...byRegion.keys()].sort().map((project) => ({ project, roles: byRegion.get(project)! })),
      });
    }
  }
}

function checkStacks(subject: Subject, value: unknown): { stack: TerraformStack; environment: EcsEnvironment }[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((s) => TerraformStack.isStack(s))) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'stacks',
      'must be a non-empty array of TerraformStacks',
      'pass the lifecycle stacks, e.g. { stacks: [maintenance] }',
    );
  }
  const stacks = value as TerraformStack[];
  if (new Set(stacks).size !== stacks.length) {
    throw invalidProperty(subject.path, subject.construct, 'stacks', 'lists a stack twice', 'list each lifecycle stack once');
  }
  return stacks.map((stack) => {
    const environment = EcsEnvironment.of(stack);
    if (!environment) {
      throw invalidProperty(
        subject.path,
        subject.construct,
        'stacks',
        `includes '${stack.node.path}', which has no EcsEnvironment and so no policy`,
        'list only stacks that declare an EcsEnvironment',
      );
    }
    if (environment.cloud !== 'otc') throw roleUnsupportedCloud(subject.path, stack.node.path, environment.cloud);
    checkRequired(subject, 'stacks', stack.node.id, pattern(NAME_PART_PATTERN, `a stack id of ${NAME_PART.describe} (it names the role)`, "'maintenance'"));
    return { stack, environment };
  });
}

function checkGrantee(subject: Subject, value: PolicyRoleGrantee): PolicyRoleGrantee {
  if (value?.kind === 'group') return { kind: 'group', groupId: checkRequired(subject, 'grantTo.groupId', value.groupId, GROUP_ID) };
  if (value?.kind === 'agency') {
    return {
      kind: 'agency',
      name: checkRequired(subject, 'grantTo.name', value.name, pattern(NAME_PART_PATTERN, 'an agency name', "'ecs-lifecycle-pipeline'")),
      delegatedDomainName: checkRequired(subject, 'grantTo.delegatedDomainName', value.delegatedDomainName, DOMAIN_NAME),
    };
  }
  throw invalidProperty(
    subject.path,
    subject.construct,
    'grantTo',
    `is ${JSON.stringify(value)}`,
    "use { kind: 'group', groupId } or { kind: 'agency', name, delegatedDomainName }",
  );
}

function grantedBy(grantee: PolicyRoleGrantee | undefined, environment: EcsEnvironment): string {
  if (grantee?.kind === 'group') return `assigned to a user group on project ${environment.projectId}`;
  if (grantee?.kind === 'agency') return `granted to agency ${grantee.name} on project ${environment.region}`;
  return 'not attached by the app';
}

const FIX_AS_FILE = 'make the policy fit as its file must (the fix above), then synthesize again; the role carries exactly what the file holds';

function planOrThrow(path: string, stack: TerraformStack, checkLimits: boolean): PolicyPlan {
  let plan: PolicyPlan;
  try {
    plan = policyPlanOf(stack)!;
  } catch (e) {
    if (e instanceof SynthError) throw rolePolicyRefused(path, stack.node.path, e.message, FIX_AS_FILE);
    throw e;
  }
  // The packing keeps every document within the limits; a document that is not (an empty one) is refused too.
  if (checkLimits)
    for (const { file, document } of plan.documents) {
      if (document.Statement.length === 0) {
        throw rolePolicyRefused(
          path,
          stack.node.path,
          `${file} is empty: the stack declares no ECS operation, and a role needs at least one statement (IAM.1028)`,
          'remove the stack from stacks, or declare its operations',
        );
      }
      const violations = validateLimits(document);
      if (violations.length) throw rolePolicyRefused(path, stack.node.path, `${file}: ${violations.map((v) => v.message).join('; ')}`, FIX_AS_FILE);
    }
  return plan;
}

// Read at resolve time, when every construct of the lifecycle stack exists.
function documentAt(path: string, stack: TerraformStack, declared: number, index: number) {
  const { documents } = planOrThrow(path, stack, true);
  if (documents.length !== declared) throw roleCountChanged(path, stack.node.path, declared, documents.length);
  return documents[index].document;
}
