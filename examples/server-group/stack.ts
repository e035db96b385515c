import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { EcsEnvironment, ServerGroup } from 'cdktf-ecs-lifecycle';
import { EXAMPLE_PROJECT_ID, type ExampleOptions } from '../example-options';

/** Two anti-affinity groups: created on apply, found by name on re-apply, deleted on destroy. */
export class ServerGroupStack extends TerraformStack {
  constructor(scope: Construct, id: string, options: ExampleOptions = {}) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new EcsEnvironment(this, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: EXAMPLE_PROJECT_ID, ...options });
    const web = new ServerGroup(this, 'web-group', { name: 'web', policy: 'anti-affinity' });
    new ServerGroup(this, 'db-group', { name: 'db', dependsOn: [web] });
  }
}
