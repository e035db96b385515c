import { type ITerraformDependable, TerraformResource } from '../private/cdk-core';
import type { Construct } from 'constructs';
import type { ExecArguments } from '../cloud/exec-arguments';
import { CATALOG } from '../permissions/catalog';
import { OPERATION_IDS, type OperationId } from '../permissions/operation';
import { requirePermissions } from '../policy/policy-synthesizer';
import { lifecycleResourceConfig, TriggerAttributes } from './private/lifecycle-resource';
import { commandArguments, triggersOf } from './private/operation-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { type ServerEffect, serverChain } from './private/server-chain';
import { claimAddress } from './private/terraform-address';
import { checkRerunTrigger } from './private/rerun-trigger';
import { recordProblem, runChecks, throwUnlessPlaceable } from './private/synth-problems';
import { checkRequired, type Subject } from './private/validate';

/** Properties every server operation takes. */
export interface ServerOperationProps {
  /** The ECS server to act on: its ID (a UUID), or a token such as another resource's `id`. */
  readonly serverId: string;
  /**
   * Other resources or constructs this operation must wait for, besides the previous operation on the
   * same server (which it always waits for).
   * @default - only the previous operation on the same server
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Any value; changing it makes the next apply run the operation again.
   * @default - the operation runs once, and again only when its inputs change
   */
  readonly rerunTrigger?: string;
}

/**
 * What a concrete operation plans, decided from its props once the base checks passed.
 * @internal
 */
export interface OperationPlan {
  readonly operation: OperationId;
  /** What it leaves behind; what it needs first is its definition's `preconditions`. */
  readonly effect: ServerEffect;
  /** The operation's own arguments (the server ID is added by the base). */
  readonly args: Partial<ExecArguments>;
}

/**
 * What a concrete operation construct tells the base class.
 * @internal
 */
export interface OperationSpec {
  readonly construct: string;
  /** Validates the construct's own props and returns its plan; errors name `subject`. */
  readonly plan: (subject: Subject) => OperationPlan;
}

/**
 * Base class of the constructs that run one lifecycle operation on one server at apply time. Each is
 * itself the Terraform resource (a `null_resource` or `terraform_data`) that runs the operation, so it
 * can be used in `dependsOn` and keeps the address its id gives it. Operations on the same server run
 * in declaration order.
 */
export abstract class ServerOperation extends TerraformResource {
  /** The operation id: the catalog key and the `ecs-lifecycle exec` sub-command. */
  readonly operation: OperationId;
  readonly serverId: string;
  /** The IAM actions this construct needs, sorted. */
  readonly requiredActions: readonly string[];
  private readonly triggerAttributes: TriggerAttributes;
  private readonly refused: boolean;

  /** @internal The operation constructs of this library are its only subclasses. */
  protected constructor(scope: Construct, id: string, props: ServerOperationProps, spec: OperationSpec) {
    // Everything is checked before the resource joins the tree. A refused construct joins as an inert placeholder
    // carrying its error, so that synth reports every problem of the app at once (synth-problems.ts).
    const subject = subjectOf(scope, id, spec.construct);
    const checked = runChecks(() => {
      const environment = requireEnvironment(scope, subject, props, "{ serverId: '<server UUID>' }");
      const serverId = checkRequired(subject, 'serverId', props.serverId, 'serverId');
      const rerunTrigger = checkRerunTrigger(subject, props.rerunTrigger);
      const plan = spec.plan(subject);
      const address = claimAddress(scope, id, subject, environment.resourceType);
      const chain = serverChain(scope, subject, serverId, plan.operation, plan.effect);
      const args = commandArguments(environment, subject.path, { serverId, ...plan.args });
      const dependsOn = props.dependsOn ? [...props.dependsOn] : [];
      if (chain.previous) dependsOn.push(chain.previous);
      // The resource's config holds the command line, whose words are checked as it is built.
      const config = lifecycleResourceConfig({ settings: environment, create: { operation: plan.operation, args }, dependsOn });
      return { environment, serverId, rerunTrigger, plan, address, chain, args, config };
    });
    if (!checked.ok) {
      // An id already taken cannot join the tree, even as a placeholder: that error is thrown at once.
      throwUnlessPlaceable(scope, subject.path, checked.problem);
      super(scope, id, { terraformResourceType: 'terraform_data' });
      this.refused = true;
      this.triggerAttributes = new TriggerAttributes('terraform_data', {});
      this.serverId = typeof props?.serverId === 'string' ? props.serverId : '';
      // The construct's first operation in the catalog: what it would run, had its props been accepted.
      this.operation = OPERATION_IDS.find((operation) => CATALOG[operation].construct === spec.construct) ?? OPERATION_IDS[0];
      this.requiredActions = [];
      recordProblem(this, checked.problem);
      return;
    }
    const { environment, serverId, rerunTrigger, plan, address, chain, args, config } = checked.value;
    super(scope, id, config);
    this.refused = false;
    address.record();
    this.triggerAttributes = new TriggerAttributes(environment.resourceType, triggersOf(plan.operation, args, rerunTrigger));
    this.serverId = serverId;
    this.operation = plan.operation;
    this.requiredActions = requirePermissions(this, spec.construct, plan.operation);
    chain.record(this);
  }

  /** A refused construct writes nothing: synth fails with its error before any file is written. */
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
