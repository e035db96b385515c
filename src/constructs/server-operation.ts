import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ExecArguments } from '../cloud/exec-arguments';
import { OperationId } from '../permissions/operation';
import { requirePermissions } from '../policy/policy-synthesizer';
import { createLifecycleResource } from './private/lifecycle-resource';
import { environmentArguments, triggersOf } from './private/operation-arguments';
import { requireEnvironment } from './private/require-environment';
import { ServerEffect, serverChain } from './private/server-chain';
import { checkRequired, RULES, Subject } from './private/validate';

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

/** What a concrete operation plans, decided from its props once the base checks passed. */
export interface OperationPlan {
  readonly operation: OperationId;
  readonly effect: ServerEffect;
  /** The operation's own arguments (the server ID is added by the base). */
  readonly args: Partial<ExecArguments>;
}

/** What a concrete operation construct tells the base class. */
export interface OperationSpec {
  readonly construct: string;
  /** Validates the construct's own props and returns its plan; errors name `subject`. */
  readonly plan: (subject: Subject) => OperationPlan;
}

/**
 * Base class of the constructs that run one lifecycle operation on one server at apply time. Operations
 * on the same server run in declaration order.
 */
export abstract class ServerOperation extends Construct implements ITerraformDependable {
  /** The operation id: the catalog key and the `ecs-lifecycle exec` sub-command. */
  readonly operation: OperationId;
  readonly serverId: string;
  /** The IAM actions this construct needs, sorted. */
  readonly requiredActions: string[];
  /** The Terraform resource that runs the operation. */
  readonly resource: TerraformResource;

  protected constructor(scope: Construct, id: string, props: ServerOperationProps, spec: OperationSpec) {
    super(scope, id);
    const subject: Subject = { path: this.node.path, construct: spec.construct };
    const environment = requireEnvironment(this, subject, props, "{ serverId: '<server UUID>' }");
    this.serverId = checkRequired(subject, 'serverId', props.serverId, RULES.serverId);
    const rerunTrigger = props.rerunTrigger === undefined ? undefined : checkRequired(subject, 'rerunTrigger', props.rerunTrigger,
      { pattern: /^[^\n\r]{1,256}$/, describe: 'a single-line string', example: "'2026-11-23'" });
    const plan = spec.plan(subject);
    this.operation = plan.operation;

    const chain = serverChain(this, subject, this.serverId, plan.effect);
    this.requiredActions = requirePermissions(this, spec.construct, plan.operation);
    const args: ExecArguments = { ...environmentArguments(environment, this.node.path), serverId: this.serverId, ...plan.args };
    this.resource = createLifecycleResource(this, {
      settings: environment,
      triggers: triggersOf(plan.operation, args, rerunTrigger),
      create: { operation: plan.operation, args },
      dependsOn: [...(props.dependsOn ?? []), ...(chain.previous ? [chain.previous] : [])],
    });
    chain.record(this.resource);
  }

  /** The resource address, so the construct can be used in `dependsOn`. */
  get fqn(): string {
    return this.resource.fqn;
  }
}
