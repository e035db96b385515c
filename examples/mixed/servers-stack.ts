import { ComputeInstanceV2 } from '@cdktf/provider-opentelekomcloud/lib/compute-instance-v2';
import { ComputeServergroupV2 } from '@cdktf/provider-opentelekomcloud/lib/compute-servergroup-v2';
import { OpentelekomcloudProvider } from '@cdktf/provider-opentelekomcloud/lib/provider';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { EcsEnvironment, ServerResize, ServerStart, ServerStop } from 'cdktf-ecs-lifecycle';
import { EXAMPLE_PROJECT_ID, type ExampleOptions } from '../example-options';

/**
 * Servers created with the OTC provider, then a maintenance window run by our constructs on them: two
 * `ComputeInstanceV2` in an anti-affinity `ComputeServergroupV2`, each stopped, resized and started
 * again. The server IDs our constructs act on are tokens of the provider's resources, so Terraform
 * creates the servers first and passes their IDs to the CLI at apply time.
 */
export class MixedServersStack extends TerraformStack {
  /** The servers, for other stacks to refer to. */
  readonly servers: readonly ComputeInstanceV2[];

  constructor(scope: Construct, id: string, options: ExampleOptions = {}) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    // Credentials come from the environment (OS_ACCESS_KEY, OS_SECRET_KEY, …), never from the code.
    new OpentelekomcloudProvider(this, 'otc', { authUrl: 'https://iam.eu-de.otc.t-systems.com/v3', tenantName: 'eu-de' });
    new EcsEnvironment(this, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: EXAMPLE_PROJECT_ID, ...options });

    const group = new ComputeServergroupV2(this, 'app-group', { name: 'app', policies: ['anti-affinity'] });
    this.servers = ['app1', 'app2'].map(
      (name) =>
        new ComputeInstanceV2(this, name, {
          name,
          imageName: 'Standard_Ubuntu_22.04_latest',
          flavorName: 's3.medium.2',
          network: [{ name: 'app-subnet' }],
          schedulerHints: [{ group: group.id }],
          // The maintenance window changes the flavor and power state outside this resource's knowledge.
          lifecycle: { ignoreChanges: ['flavor_name', 'flavor_id', 'power_state'] },
        }),
    );

    for (const server of this.servers) {
      const serverId = server.id;
      const name = server.node.id;
      new ServerStop(this, `stop-${name}`, { serverId });
      new ServerResize(this, `resize-${name}`, { serverId, flavorRef: 's3.large.2' });
      new ServerStart(this, `start-${name}`, { serverId });
    }
  }
}
