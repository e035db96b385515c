/**
 * The resources of a ServerFleetMaintenance: one per wave, whose provisioner runs `ecs-lifecycle exec fleet-wave` on
 * the wave's servers, and, for steps whose end the cloud does not show, one member record per server; or, for a
 * selected fleet, one resource whose provisioner runs `fleet-select`, which selects the servers and runs every wave.
 * The fleet decides (and validates) everything; these only become the resources.
 *
 * What runs a wave again, besides its steps, login and rerun trigger (docs/fleets.md):
 * - Steps whose end shows (a resize, a change of OS, or power steps only): the wave's server list. A wave that gained
 *   servers runs again, and the command skips every server already at the end state, so only the new ones change.
 * - Steps whose end does not show (a reboot or a reinstall without either): member records. A wave is replaced only
 *   when one of its servers' records is new (the server joined the fleet, or the steps changed), never because
 *   servers moved between waves (a fraction resolved against a grown fleet moves them). A record keeps, in Terraform
 *   state, the plan time of the apply that created it (`plantimestamp()`, then ignored), and the wave passes those
 *   times to the command, which runs only the servers that joined last; the others finished with an earlier run.
 *   Records cost Terraform a resource each (about 40–75 ms of local state per record created), so only these
 *   fleets write them.
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
  /** What else runs the wave again: its servers' member records, or its server list (a `terraformJsonList`). */
  readonly rerunFor: { readonly members: readonly FleetMemberRecord[] } | { readonly serverIds: string };
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
    this.triggerAttributes = new TriggerAttributes(config.environment.resourceType, { ...config.identity, ...rerunTriggers(config.rerunFor) });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}

function rerunTriggers(rerunFor: FleetWaveConfig['rerunFor']): Record<string, string> {
  if ('serverIds' in rerunFor) return { server_ids: rerunFor.serverIds };
  // Unknown at plan (so the wave is replaced) exactly when a member's record is being created; empty otherwise.
  const ids = rerunFor.members.map((m) => `${m.terraformResourceType}.${m.friendlyUniqueId}.id`).join(', ');
  return { new_members: terraformExpression(`substr(join(",", [${ids}]), 0, 0)`) };
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
