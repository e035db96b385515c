/**
 * One wave of a ServerFleetMaintenance: a lifecycle resource whose provisioner runs `ecs-lifecycle exec fleet-wave`
 * on the wave's servers; or, for a selected fleet, `fleet-select`, which selects the servers and runs every wave.
 * The fleet decides (and validates) everything; this only becomes the resource.
 */
import { type ITerraformDependable, TerraformResource } from '../../private/cdk-core';
import type { Construct } from 'constructs';
import type { ExecArguments } from '../../cloud/exec-arguments';
import type { EcsEnvironment } from '../ecs-environment';
import { lifecycleResourceConfig, TriggerAttributes } from './lifecycle-resource';
import { triggersOf } from './operation-arguments';

/** What a wave resource is made of. */
export interface FleetWaveConfig {
  readonly environment: EcsEnvironment;
  readonly args: ExecArguments;
  readonly dependsOn: ITerraformDependable[];
  readonly rerunTrigger?: string;
}

export class FleetWaveResource extends TerraformResource {
  private readonly triggerAttributes: TriggerAttributes;

  constructor(scope: Construct, id: string, config: FleetWaveConfig, operation: 'fleet-wave' | 'fleet-select' = 'fleet-wave') {
    super(
      scope,
      id,
      lifecycleResourceConfig({
        settings: config.environment,
        create: { operation, args: config.args },
        dependsOn: config.dependsOn,
      }),
    );
    const triggers = triggersOf(operation, config.args, config.rerunTrigger);
    // The wave's place in the rollout is for progress lines: adding a wave must not re-run the waves before it.
    delete triggers.wave;
    this.triggerAttributes = new TriggerAttributes(config.environment.resourceType, triggers);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.triggerAttributes.json();
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return this.triggerAttributes.hcl();
  }
}
