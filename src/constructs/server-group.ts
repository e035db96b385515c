import { type ITerraformDependable, TerraformResource, Token } from '../private/cdk-core';
import type { Construct } from 'constructs';
import type { EcsEnvironment } from './ecs-environment';
import type { ExecArguments } from '../cloud/exec-arguments';
import { invalidProperty } from '../errors';
import type { OperationId } from '../permissions/operation';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { selfReference } from './private/command-line';
import { GroupMembership } from './private/group-membership';
import { lifecycleResourceConfig, TriggerAttributes } from './private/lifecycle-resource';
import { commandArguments, triggersOf } from './private/operation-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { recordProblem, runChecks, throwUnlessPlaceable } from './private/synth-problems';
import { type ChainPosition, serverChain } from './private/server-chain';
import { claimAddress, claimName, terraformName } from './private/terraform-address';
import { terraformJsonList } from './private/terraform-literal';
import { checkChoice, checkRequired, checkServerList, type Subject } from './private/validate';
import { quoted, SERVER_GROUP_POLICIES } from '../validation';

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
   * `native`: the OpenStack group API `/v2.1/{project_id}/os-server-groups` (`ecs:serverGroups:manage`; no
   * enterprise-project support, no member calls). `cloudservers`: `/v1/{project_id}/cloudservers/os-server-groups`
   * (`ecs:cloudServers:create`/`delete`/`list`/`get`), the API that can set `members` and the one to use under
   * `authorization: 'enterprise-project'`.
   * @default 'native'
   */
  readonly api?: 'native' | 'cloudservers';
  /**
   * The group's members: server IDs (UUIDs) or tokens such as another resource's `id`. At apply, servers not listed
   * are removed and the missing ones added, so the group has exactly these members; a re-run with the same list
   * changes nothing, and an empty list removes every member. The cloud adds only a **stopped** server: a server to
   * add that is running refuses the apply before any change, with the fix (declare a `ServerStop` for it before the
   * group, and a `ServerStart` after). Needs `api: 'cloudservers'`. On Open Telekom Cloud adding needs
   * `ecs:cloudServers:create` and removing `ecs:cloudServers:delete` (no narrower action exists there); on Huawei Cloud,
   * `ecs:cloudServers:addServerGroupMember` and `ecs:cloudServers:deleteServerGroupMember`.
   * @default - membership is not managed: the group's members are left as they are
   */
  readonly members?: string[];
  /**
   * Other resources or constructs the group must wait for.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An ECS server group, created at apply and deleted at destroy, through the native or the cloudservers group API,
 * optionally with its members. The group is found by name, so re-applying never creates a duplicate and a group
 * already gone at destroy is not an error. Its ID is assigned by the cloud at apply time, so reference the group by
 * `groupName` (e.g. in a provider's server-group data source), and use the construct in `dependsOn` to order
 * servers after it. Members are set by a second resource (`<id>/Members`), which runs after the group and after the
 * operations declared before it on each member server; operations declared after it on a member wait for it.
 */
export class ServerGroup extends TerraformResource {
  /** The group's name, as created in the cloud. */
  readonly groupName: string;
  /** The scheduling policy. */
  readonly policy: 'anti-affinity';
  /** The group API. */
  readonly api: 'native' | 'cloudservers';
  /** The members the group is given at apply, or undefined when membership is not managed. */
  readonly members?: readonly string[];
  /** The resource that sets the members, when `members` is given: depend on it to run after the membership change. */
  readonly membership?: ITerraformDependable;
  /** The IAM actions this construct needs (create at apply, delete at destroy, members), sorted. */
  readonly requiredActions: readonly string[];
  private readonly triggerAttributes: TriggerAttributes;
  private readonly refused: boolean;

  constructor(scope: Construct, id: string, props: ServerGroupProps) {
    // Everything is checked before the resource joins the tree. A refused group joins as an inert placeholder
    // carrying its error, so that synth reports every problem of the app at once (synth-problems.ts).
    const subject = subjectOf(scope, id, 'ServerGroup');
    const checked = runChecks(() => planGroup(scope, id, subject, props));
    if (!checked.ok) {
      throwUnlessPlaceable(scope, subject.path, checked.problem);
      super(scope, id, { terraformResourceType: 'terraform_data' });
      this.refused = true;
      this.triggerAttributes = new TriggerAttributes('terraform_data', {});
      this.groupName = typeof props?.name === 'string' ? props.name : '';
      this.policy = 'anti-affinity';
      this.api = props?.api === 'cloudservers' ? 'cloudservers' : 'native';
      this.requiredActions = [];
      recordProblem(this, checked.problem);
      return;
    }
    const { environment, groupName, policy, api, operations, address, triggers, config, membership } = checked.value;
    super(scope, id, config);
    this.refused = false;
    address.record();
    this.triggerAttributes = new TriggerAttributes(environment.resourceType, triggers);
    this.groupName = groupName;
    this.policy = policy;
    this.api = api;
    const actions = [...requirePermissions(this, 'ServerGroup', operations.create), ...requirePermissions(this, 'ServerGroup', operations.destroy)];
    if (membership) {
      const { chains, claim, create } = membership;
      const dependsOn: ITerraformDependable[] = [this, ...chains.flatMap((c) => (c.previous ? [c.previous] : []))];
      const resource = new GroupMembership(
        this,
        'Members',
        lifecycleResourceConfig({ settings: environment, create, dependsOn: [...new Set(dependsOn)] }),
        new TriggerAttributes(environment.resourceType, triggersOf(create.operation, create.args)),
      );
      claim.record();
      for (const chain of chains) chain.record(resource);
      this.members = membership.members;
      this.membership = resource;
      actions.push(...requirePermissions(this, 'ServerGroup', 'server-group-members'));
    }
    this.requiredActions = sortedUnique(actions);
  }

  /** A refused group writes nothing: synth fails with its error before any file is written. */
  override toTerraform(): Record<string, unknown> {
    return this.refused ? {} : super.toTerraform();
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.refused ? {} : super.toHclTerraform();
  }

  override toMetadata(): Record<string, unknown> {
    return this.refused ? {} : super.toMetadata();
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}

/** Checks a group's props and works out everything it writes, before anything joins the tree. */
function planGroup(scope: Construct, id: string, subject: Subject, props: ServerGroupProps) {
  const environment = requireEnvironment(scope, subject, props, "{ name: 'web' }");
  const groupName = checkRequired(subject, 'name', props.name, 'groupName');
  const policy = checkChoice(subject, 'policy', props.policy, SERVER_GROUP_POLICIES, 'anti-affinity');
  const api = checkChoice(subject, 'api', props.api, ['native', 'cloudservers'] as const, 'native');
  const members = checkMembers(scope, subject, props.members, api);
  const operations: { create: OperationId; destroy: OperationId } =
    api === 'native'
      ? { create: 'server-group-create', destroy: 'server-group-delete' }
      : { create: 'server-group-create-cloudservers', destroy: 'server-group-delete-cloudservers' };
  const address = claimAddress(scope, id, subject, environment.resourceType);

  const createArgs = commandArguments(environment, subject.path, { name: groupName, policy });
  const triggers = triggersOf(operations.create, createArgs);
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
  // The resources' configs hold their command lines, whose words are checked as they are built.
  const config = lifecycleResourceConfig({
    settings: environment,
    create: { operation: operations.create, args: createArgs },
    destroy: { operation: operations.destroy, args: deleteArgs },
    dependsOn: props.dependsOn ?? [],
  });
  return {
    environment,
    groupName,
    policy,
    api,
    operations,
    address,
    triggers,
    config,
    membership: members && planMembership(scope, id, subject, environment, groupName, members),
  };
}

/** The resource that sets a group's members (`<id>/Members`): its address, command and the members' chains, checked. */
function planMembership(scope: Construct, id: string, subject: Subject, environment: EcsEnvironment, groupName: string, members: readonly string[]) {
  // Every member's chain is checked before anything joins the tree: a member added must be stopped.
  const chains: ChainPosition[] = members.map((serverId) => serverChain(scope, subject, serverId, 'server-group-members'));
  const membersSubject = { path: `${subject.path}/Members`, construct: `${subject.construct} members` };
  // The membership resource claims its address as every other lifecycle resource does.
  const claim = claimName(scope, membersSubject, environment.resourceType, terraformName(scope, id, subject, 'Members'), quoted(`${id}/Members`));
  const args = commandArguments(environment, membersSubject.path, { name: groupName, ...(members.length ? { serverIds: terraformJsonList(members) } : {}) });
  const create = { operation: 'server-group-members', args } as const;
  // Checked now; built again with the group itself among its dependencies once the group exists.
  lifecycleResourceConfig({ settings: environment, create, dependsOn: [] });
  return { members, chains, claim, create };
}

/** Checks the member list: server IDs or tokens, no literal twice, and an API that can add members. */
function checkMembers(scope: Construct, subject: Subject, members: unknown, api: 'native' | 'cloudservers'): readonly string[] | undefined {
  if (members === undefined) return undefined;
  if (!Array.isArray(members)) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'members',
      `must be a list, got ${typeof members}`,
      "pass a list of server IDs, e.g. ['1a2b3c4d-0000-4000-8000-00000000abcd']",
    );
  }
  if (Token.isUnresolved(members)) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'members',
      'is a list token, whose length synth cannot know',
      "pass a list written out in the code, each element a server ID or a token such as another resource's id",
    );
  }
  if (api === 'native') {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'members',
      "is set with api 'native', whose group API has no call to add or remove a member",
      "set api: 'cloudservers' (its add_member and remove_member calls set the members), or leave members out",
    );
  }
  const checked = members.map((id, i) => checkRequired(subject, `members[${i}]`, id, 'serverId'));
  checkServerList(scope, subject, 'members', checked, true);
  return checked;
}
