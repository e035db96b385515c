import { Construct } from 'constructs';
import { Lazy, type TerraformResource, TerraformStack } from '../private/cdk-core';
import type { CloudName } from '../cloud/regions';
import { invalidProperty, refusedDependency, roleCountChanged, roleMixedClouds, rolePolicyRefused, SynthError } from '../errors';
import { validateLimits } from '../iam/policy-limits';
import { addPolicyCarrier, type PlannedDocument, type PolicyPlan, policyPlanOf } from '../policy/policy-synthesizer';
import type { PolicyDocument } from '../iam/policy-document';
import { renderPolicyDocument } from '../policy/private/render-policy';
import { policyRoleDescription, roleStatementsOf } from '../policy/role-statements';
import { EcsEnvironment } from './ecs-environment';
import { HUAWEI_PROVIDER, HUAWEI_ROLE, HUAWEI_ROLE_ASSIGNMENT, OTC_AGENCY, OTC_PROVIDER, OTC_ROLE, OTC_ROLE_ASSIGNMENT } from './private/iam-resources';
import { ProviderRequirement, ProviderResource } from './private/provider-resource';
import { refusedEnvironmentIn, subjectOf } from './private/require-environment';
import { addSynthCheck, hasErrors, recordProblem, runChecks, throwUnlessPlaceable } from './private/synth-problems';
import { terraformLiteral } from './private/terraform-literal';
import { pattern, type Validator } from '../validation';
import { checkRequired, type Subject } from './private/validate';

/**
 * Who receives the roles.
 * - `group`: a user group, through one role assignment per role (`opentelekomcloud_identity_role_assignment_v3`, or
 *   `huaweicloud_identity_role_assignment` on Huawei Cloud) on the project each lifecycle stack manages (ECS
 *   permissions are project-level).
 * - `agency` (Open Telekom Cloud only): a new `opentelekomcloud_identity_agency_v3` whose `project_role` names the
 *   roles. The OTC provider has no separate agency role-assignment resource: an agency's roles are part of the agency.
 */
export type PolicyRoleGrantee =
  | {
      readonly kind: 'group';
      /** The user group's ID (32 hex characters), or a token such as an identity group resource's `id`. */
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
  /** The lifecycle stacks (each with an EcsEnvironment) whose generated policy the roles deploy, all of one cloud. */
  readonly stacks: readonly TerraformStack[];
  /**
   * The start of every role's display name; the stack id follows, then the document number for
   * numbered documents: `ecs-lifecycle-prod`, `ecs-lifecycle-prod-1`, …
   * @default 'ecs-lifecycle'
   */
  readonly displayNamePrefix?: string;
  /**
   * Attaches the roles to a user group or (Open Telekom Cloud only) an agency.
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
  /**
   * The role resource: an `opentelekomcloud_identity_role_v3` (Open Telekom Cloud) or a `huaweicloud_identity_role`
   * (Huawei Cloud). Its ID is `role.getStringAttribute('id')`.
   */
  readonly role: TerraformResource;
}

const MAX_DISPLAY_NAME = 128;
const NAME_PART_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAME_PART: Validator = pattern(NAME_PART_PATTERN, '1 to 64 letters, digits, dots, dashes or underscores', "'ecs-lifecycle'");
const GROUP_ID: Validator = pattern(/^[0-9a-f]{32}$/, 'a user group ID (32 lower-case hex characters)', 'the id of an identity group resource');
const DOMAIN_NAME: Validator = pattern(NAME_PART_PATTERN, 'an account (domain) name', "'OTC-EU-DE-00000000001000000001'");

/** Each cloud's provider, and its resource that assigns a role to a group. */
const CLOUD_RESOURCES = {
  otc: { provider: OTC_PROVIDER, assignment: OTC_ROLE_ASSIGNMENT },
  huaweicloud: { provider: HUAWEI_PROVIDER, assignment: HUAWEI_ROLE_ASSIGNMENT },
} as const;

/**
 * Deploys the generated IAM policy of one or more lifecycle stacks as custom roles, from another stack of the same
 * app that runs with IAM rights (an admin or bootstrap stack): `opentelekomcloud_identity_role_v3` on Open Telekom
 * Cloud, `huaweicloud_identity_role` (a project-level custom policy) on Huawei Cloud. One role per policy document;
 * the statements are the very data the policy files are written from, worked out when the app synthesizes, so
 * constructs added to a lifecycle stack after this one still count. The resources are written on the app's own core
 * (cdktf or cdktn), with the provider's `required_providers` entry; no provider bindings are needed. One construct
 * deploys the stacks of one cloud.
 */
export class LifecyclePolicyRole extends Construct {
  /** The roles, one per policy document of each stack, in stack then document order. */
  readonly roles: readonly DeployedPolicyRole[];
  /** The cloud of the stacks, whose provider's resources the construct writes. */
  readonly cloud: CloudName;

  constructor(scope: Construct, id: string, props: LifecyclePolicyRoleProps) {
    // Everything is checked before the construct joins the tree. A refused role joins as an inert placeholder carrying
    // its error, so that synth reports every problem of the app at once (synth-problems.ts).
    const subject = subjectOf(scope, id, 'LifecyclePolicyRole');
    const checked = runChecks(() => planRoles(subject, props));
    if (!checked.ok) {
      throwUnlessPlaceable(scope, subject.path, checked.problem);
      super(scope, id);
      this.cloud = 'otc';
      this.roles = [];
      recordProblem(this, checked.problem);
      return;
    }
    const { cloud, grantee, planned } = checked.value;
    super(scope, id);
    // The documents are checked again at synth, when every construct of the lifecycle stacks exists; the role's stack
    // is not written while any stack of the app has an error (the roles would carry an incomplete policy).
    addSynthCheck(TerraformStack.of(this), () => {
      for (const { stack, count } of planned.filter((p) => p.index === 0)) {
        // A stack with errors lacks its refused constructs' actions: its own errors are the ones to fix.
        if (hasErrors(stack)) continue;
        const documents = runChecks(() => documentsOf(subject.path, stack, count));
        if (!documents.ok) recordProblem(this, documents.problem);
      }
    });
    this.cloud = cloud;
    const resources = CLOUD_RESOURCES[cloud];
    new ProviderRequirement(this, 'provider', resources.provider);

    const roles: DeployedPolicyRole[] = planned.map(({ stack, environment, file, index, count, id: roleId, displayName }) => {
      // The gate recognises the role by its description, and checks it against the file.
      const description = policyRoleDescription(file, stack.node.id);
      // Under `cdktf synth` the stack is written even with errors (which the CLI then reports): no role is carried then.
      const documentNow = () => {
        const documents = runChecks(() => documentsOf(subject.path, stack, count));
        return documents.ok ? documents.value[index].document : EMPTY_DOCUMENT;
      };
      const role =
        cloud === 'otc'
          ? new ProviderResource(this, roleId, OTC_ROLE, {
              description,
              // ECS is a project-level service: its actions are granted per project (IAM type XA).
              display_layer: 'project',
              display_name: displayName,
              statement: Lazy.anyValue({ produce: () => roleStatementsOf(documentNow().Statement) }),
            })
          : new ProviderResource(this, roleId, HUAWEI_ROLE, {
              description,
              name: displayName,
              // The document exactly as the file holds it (Terraform reads `$${` as a literal `${`).
              policy: Lazy.stringValue({ produce: () => terraformLiteral(renderPolicyDocument(documentNow())) }),
              type: 'XA',
            });
      addPolicyCarrier(stack, { file, description: `role \`${displayName}\` (\`${role.node.path}\`, ${grantedBy(grantee, environment)})` });
      return { stack, file, role };
    });
    this.roles = roles;

    if (grantee?.kind === 'group') {
      for (const { stack, role } of roles) {
        new ProviderResource(this, `${role.node.id}-assignment`, resources.assignment, {
          group_id: grantee.groupId,
          project_id: EcsEnvironment.of(stack)!.projectId,
          role_id: role.getStringAttribute('id'),
        });
      }
    } else if (grantee?.kind === 'agency') {
      // The agency names the roles through references to them, so Terraform creates the roles first.
      const byRegion = new Map<string, string[]>();
      for (const { stack, role } of roles) {
        const region = EcsEnvironment.of(stack)!.region;
        byRegion.set(region, [...(byRegion.get(region) ?? []), role.getStringAttribute('display_name')]);
      }
      new ProviderResource(this, 'agency', OTC_AGENCY, {
        delegated_domain_name: grantee.delegatedDomainName,
        name: grantee.name,
        // The project named after the region is the region's default project, which the lifecycle stacks manage.
        project_role: [...byRegion.keys()].sort().map((project) => ({ project, roles: byRegion.get(project)! })),
      });
    }
  }
}

/** The stacks, cloud, grantee and the roles to write, checked, before anything joins the tree. */
function planRoles(subject: Subject, props: LifecyclePolicyRoleProps) {
  if (props === undefined || props === null)
    throw invalidProperty(subject.path, subject.construct, 'props', 'are missing', 'pass { stacks: [lifecycleStack] }');
  const stacks = checkStacks(subject, props.stacks);
  const cloud = stacks[0].environment.cloud;
  const prefix = props.displayNamePrefix === undefined ? 'ecs-lifecycle' : checkRequired(subject, 'displayNamePrefix', props.displayNamePrefix, NAME_PART);
  const grantee = props.grantTo === undefined ? undefined : checkGrantee(subject, props.grantTo, cloud);
  // The number of documents is fixed now; their statements are read when the role stack resolves.
  const planned = stacks.flatMap(({ stack, environment }) => {
    const { documents } = planOf(subject, stack);
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
  return { cloud, grantee, planned };
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
  const checked = stacks.map((stack) => {
    const environment = EcsEnvironment.of(stack);
    const refused = environment ? undefined : refusedEnvironmentIn(stack);
    if (refused) throw refusedDependency(subject.path, subject.construct, `the EcsEnvironment of the stack '${stack.node.path}'`, refused.node.path);
    if (!environment) {
      throw invalidProperty(
        subject.path,
        subject.construct,
        'stacks',
        `includes '${stack.node.path}', which has no EcsEnvironment and so no policy`,
        'list only stacks that declare an EcsEnvironment',
      );
    }
    checkRequired(subject, 'stacks', stack.node.id, pattern(NAME_PART_PATTERN, `a stack id of ${NAME_PART.describe} (it names the role)`, "'maintenance'"));
    return { stack, environment };
  });
  const otc = checked.find((s) => s.environment.cloud === 'otc');
  const huawei = checked.find((s) => s.environment.cloud === 'huaweicloud');
  if (otc && huawei) throw roleMixedClouds(subject.path, otc.stack.node.path, huawei.stack.node.path);
  return checked;
}

function checkGrantee(subject: Subject, value: PolicyRoleGrantee, cloud: CloudName): PolicyRoleGrantee {
  if (value?.kind === 'group') return { kind: 'group', groupId: checkRequired(subject, 'grantTo.groupId', value.groupId, GROUP_ID) };
  if (value?.kind === 'agency' && cloud !== 'otc') {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'grantTo',
      "is an agency, which the construct grants on Open Telekom Cloud only (the OTC agency resource names its roles; Huawei Cloud's does not)",
      "grant the roles to a user group ({ kind: 'group', groupId }), or attach them to the agency yourself",
    );
  }
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

const EMPTY_DOCUMENT: PolicyDocument = { Version: '1.1', Statement: [] };

// A stack whose policy synth refuses reports that itself (its file is refused too): the role adds no second error.
function planOf(subject: Subject, stack: TerraformStack): PolicyPlan {
  try {
    return policyPlanOf(stack)!;
  } catch (e) {
    if (e instanceof SynthError) throw refusedDependency(subject.path, subject.construct, 'the policy', stack.node.path);
    throw e;
  }
}

// Read at synth, when every construct of the lifecycle stack exists: the documents, as many as declared, each one a
// role can hold. The packing keeps every document within the limits; a document that is not (an empty one) is refused.
function documentsOf(path: string, stack: TerraformStack, declared: number): readonly PlannedDocument[] {
  const { documents } = planOf({ path, construct: 'LifecyclePolicyRole' }, stack);
  for (const { file, document } of documents) {
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
  if (documents.length !== declared) throw roleCountChanged(path, stack.node.path, declared, documents.length);
  return documents;
}
