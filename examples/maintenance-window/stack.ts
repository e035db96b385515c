import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { EcsEnvironment, ServerGroup, ServerLock, ServerResize, ServerStart, ServerStop, ServerUnlock } from 'cdktf-ecs-lifecycle';
import { EXAMPLE_PROJECT_ID, type ExampleOptions } from '../example-options';

export const WEB1 = '1a2b3c4d-0000-4000-8000-000000000001';
export const WEB2 = '1a2b3c4d-0000-4000-8000-000000000002';

/**
 * A maintenance window: web1 is stopped, resized and started again (in that order, because operations
 * on one server run in declaration order); web2, which is kept locked, is unlocked, stopped, resized
 * through the pay-per-use API (which needs a stopped server), started, and locked again.
 */
export class MaintenanceWindowStack extends TerraformStack {
  constructor(scope: Construct, id: string, options: ExampleOptions = {}) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new EcsEnvironment(this, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: EXAMPLE_PROJECT_ID, ...options });
    new ServerGroup(this, 'web-group', { name: 'web', policy: 'anti-affinity' });

    new ServerStop(this, 'stop-web1', { serverId: WEB1 });
    new ServerResize(this, 'resize-web1', { serverId: WEB1, flavorRef: 's3.large.2' });
    new ServerStart(this, 'start-web1', { serverId: WEB1 });

    new ServerUnlock(this, 'unlock-web2', { serverId: WEB2 });
    new ServerStop(this, 'stop-web2', { serverId: WEB2, stopType: 'HARD' });
    new ServerResize(this, 'resize-web2', { serverId: WEB2, flavorRef: 's3.xlarge.2', api: 'cloudservers' });
    new ServerStart(this, 'start-web2', { serverId: WEB2 });
    new ServerLock(this, 'lock-web2', { serverId: WEB2 });
  }
}
