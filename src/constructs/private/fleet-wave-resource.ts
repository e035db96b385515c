/**
 * The resources of a ServerFleetMaintenance: one per wave, whose provisioner runs `ecs-lifecycle exec fleet-wave` on
 * the wave's servers, and one member record per server; or, for a selected fleet, one resource whose provisioner runs
 * `fleet-select`, which selects the servers and runs every wave. The fleet decides (and validates) everything; these
 * only become the resources.
 *
 * Why member records: a wave is replaced, and so runs again, only when one of its servers' records is new (the
 * server joined the fleet, or the steps changed), never because servers moved between waves (a fraction resolved
 * against a grown fleet moves them). A record keeps, in Terraform state, the plan time of the apply that created it
 * (`plantimestamp()`, then ignored), and the wave passes those times to the command, which runs only the servers
 * that joined last; the others finished with an earlier run of a wave (docs/fleets.md).
 */
import { type ITerraformDependable, TerraformResource } from '../../private/cdk-core';
import type { Construct } from 'constructs';
import type { ExecArguments } from '../../cloud/exec-arguments';
import type { EcsEnvironment } from '../ecs-environment';
import { lifecycleResourceConfig, TriggerAttributes } from './lifecycle-resource';
import { triggersOf } from './operation-arguments';
import { terraformExpression } from './terraform-literal';

/** When each record's server joined, as one JSON array (the wave's `--joined`). */
export function joinedTimes(records: readonly FleetMemberRecord[]): string {
  return terraformExpression(`jsonencode([${records.map((r) => r.joinedAt).join(', ')}])`);
}

/** What a wave resource is made of. */
export interface FleetWaveConfig {
  readonly environment: EcsEnvironment;
  readonly args: ExecArguments;
  readonly dependsOn: ITerraformDependable[];
  /** What identifies the wave's work (steps, login, rerun trigger, where): a change runs the wave again. */
  readonly identity: Readonly<Record<string, string>>;
  /** The records of the wave's servers. */
  readonly members: readonly FleetMemberRecord[];
}

export class FleetWaveResource extends TerraformResource {
  private readonly triggerAttributes: TriggerAttributes;

  constructor(scope: Construct, id: string, config: FleetWaveConfig) {
    super(
      scope,
      id,
      lifecycleResourceConfig({
        settings: config.environment,
        create: { operation: 'fleet-wave', args: config.args },
        dependsOn: config.dependsOn,
      }),
    );
    // Unknown at plan (so the wave is replaced) exactly when a member's record is being created; empty otherwise.
    const ids = config.members.map((m) => `${m.terraformResourceType}.${m.friendlyUniqueId}.id`).join(', ');
    this.triggerAttributes = new TriggerAttributes(config.environment.resourceType, {
      ...config.identity,
      new_members: terraformExpression(`substr(join(",", [${ids}]), 0, 0)`),
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}

/** A server's membership of a fleet: created when the server joins (or the steps change), holding that apply's plan time. */
export class FleetMemberRecord extends TerraformResource {
  private readonly triggers: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, triggers: Readonly<Record<string, string>>) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      lifecycle: { ignoreChanges: ['input'] },
    });
    this.triggers = new TriggerAttributes('terraform_data', triggers).json().triggers_replace as Record<string, string>;
  }

  /** The Terraform expression of the plan time of the apply that created the record. */
  get joinedAt(): string {
    return `${this.terraformResourceType}.${this.friendlyUniqueId}.output`;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: '${plantimestamp()}', triggers_replace: this.triggers };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      input: { value: '${plantimestamp()}', isBlock: false, type: 'simple', storageClassType: 'string' },
      triggers_replace: { value: this.triggers, isBlock: false, type: 'map', storageClassType: 'stringMap' },
    };
  }
}

/** What a selected fleet's resource is made of. */
export interface FleetSelectionConfig {
  readonly environment: EcsEnvironment;
  readonly args: ExecArguments;
  readonly dependsOn: ITerraformDependable[];
  readonly rerunTrigger?: string;
}

/**
 * A selected fleet's one resource: `fleet-select` selects at apply and runs every wave. Its servers are unknown at
 * synth, so it has no member records: it runs when created and again when the selector, the steps, the sizes or the
 * rerun trigger change, touching only the servers not yet at the end state.
 */
export class FleetSelectionResource extends TerraformResource {
  private readonly triggerAttributes: TriggerAttributes;

  constructor(scope: Construct, id: string, config: FleetSelectionConfig) {
    super(
      scope,
      id,
      lifecycleResourceConfig({ settings: config.environment, create: { operation: 'fleet-select', args: config.args }, dependsOn: config.dependsOn }),
    );
    this.triggerAttributes = new TriggerAttributes(config.environment.resourceType, triggersOf('fleet-select', config.args, config.rerunTrigger));
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}
