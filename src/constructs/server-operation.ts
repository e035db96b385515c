import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ExecArguments } from '../cloud/exec-arguments';
import { invalidProperty, missingEnvironment } from '../errors';
import { OperationId } from '../permissions/operation';
import { requirePermissions } from '../policy/policy-synthesizer';
import { EcsEnvironment } from './ecs-environment';
import { createLifecycleResource } from './private/lifecycle-resource';
import { environmentArguments, triggersOf } from './private/operation-arguments';
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

/** What a concrete operation construct tells the base class. */
export interface OperationSpec {
  readonly construct: string;
  readonly operation: OperationId;
  readonly effect: ServerEffect;
  /** Builds the operation's own arguments once the base checks passed (the server ID is added by the base). */
  readonly args: (subject: Subject) => Partial<ExecArguments>;
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
    const environment = EcsEnvironment.of(this);
    if (!environment) throw missingEnvironment(this.node.path, spec.construct, this.node.scopes[1]?.node.path ?? this.node.path);
    if (props === undefined || props === null) throw invalidProperty(subject.path, subject.construct, 'props', 'are missing', "pass { serverId: '<server UUID>' }");
    this.operation = spec.operation;
    this.serverId = checkRequired(subject, 'serverId', props.serverId, RULES.serverId);
    const rerunTrigger = props.rerunTrigger === undefined ? undefined : checkRequired(subject, 'rerunTrigger', props.rerunTrigger,
      { pattern: /^[^\n\r]{1,256}$/, describe: 'a single-line string', example: "'2026-11-23'" });
    const own = spec.args(subject);

    const chain = serverChain(this, subject, this.serverId, spec.effect);
    this.requiredActions = requirePermissions(this, spec.construct, spec.operation);
    const args: ExecArguments = { ...environmentArguments(environment, this.node.path), serverId: this.serverId, ...own };
    this.resource = createLifecycleResource(this, {
      settings: environment,
      triggers: triggersOf(spec.operation, args, rerunTrigger),
      create: { operation: spec.operation, args },
      dependsOn: [...(props.dependsOn ?? []), ...(chain.previous ? [chain.previous] : [])],
    });
    chain.record(this.resource);
  }

  /** The resource address, so the construct can be used in `dependsOn`. */
  get fqn(): string {
    return this.resource.fqn;
  }
}
