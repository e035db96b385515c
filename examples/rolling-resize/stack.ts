import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { EcsEnvironment, ServerFleetMaintenance, type ServerFleetMaintenanceProps } from 'cdktf-ecs-lifecycle';
import { EXAMPLE_PROJECT_ID, type ExampleOptions } from '../example-options';

/** The web tier: the twelve servers of the `web` anti-affinity group, in the order they may be taken down. */
export const WEB_GROUP_SERVERS: readonly string[] = Array.from({ length: 12 }, (_, i) => `5e0c4a10-7d2b-4c1e-9a3f-0000000000${String(i + 1).padStart(2, '0')}`);

/**
 * A rolling resize of a server group as a canary ramp: one server first, then a quarter of the group (three servers)
 * at a time, each stopped, resized to s3.large.2 through the cloudservers API and started again while the others keep
 * serving. After each wave `scripts/check-web.sh` must answer for the wave's servers (it gets their IDs and addresses
 * in ECS_LIFECYCLE_SERVER_IDS and ECS_LIFECYCLE_SERVER_ADDRESSES) within two minutes, then the wave bakes for a minute
 * before the next one. One server may fail without stopping the rollout (the apply still fails at the end, naming
 * it, and the next apply retries only it); a second failure stops it at once. Five waves, one Terraform resource and
 * one CLI process each. Every API it calls supports enterprise projects, so it also runs under
 * `authorization: 'enterprise-project'`.
 */
export class RollingResizeStack extends TerraformStack {
  readonly maintenance: ServerFleetMaintenance;

  /**
   * @param rollout the health check and bake time instead of the example's (an end-to-end test runs the ramp with a
   * check it can answer and no minute-long bakes)
   */
  constructor(scope: Construct, id: string, options: ExampleOptions = {}, rollout: Pick<ServerFleetMaintenanceProps, 'healthCheck' | 'bakeSeconds'> = {}) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new EcsEnvironment(this, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: EXAMPLE_PROJECT_ID, ...options });
    this.maintenance = new ServerFleetMaintenance(this, 'web-resize', {
      serverIds: WEB_GROUP_SERVERS,
      waves: [1, 0.25],
      maxFailures: 1,
      healthCheck: { command: ['./scripts/check-web.sh', '--path', '/health'], timeoutSeconds: 120, intervalSeconds: 10 },
      bakeSeconds: 60,
      ...rollout,
      steps: [{ action: 'stop', stopType: 'SOFT' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }],
    });
  }
}
