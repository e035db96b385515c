import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { EcsEnvironment, ServerChangeOs, ServerReinstallOs, ServerStart, ServerStop } from 'cdktf-ecs-lifecycle';
import { EXAMPLE_PROJECT_ID, type ExampleOptions } from '../example-options';

export const APP1 = '1a2b3c4d-0000-4000-8000-000000000003';
export const APP2 = '1a2b3c4d-0000-4000-8000-000000000004';
/** The IAM user who owns the key pair `ops-keypair`. */
export const OPS_USER_ID = '7e25b1da389f4697a79df3a0e5bd494e';
export const UBUNTU_IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';

/**
 * Moves app1 to a new image and reinstalls app2, on Huawei Cloud. The admin password is read at apply
 * time from the environment variable ECS_ADMIN_PASSWORD: only that name is in the plan.
 */
export class OsChangeStack extends TerraformStack {
  constructor(scope: Construct, id: string, options: ExampleOptions = {}) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new EcsEnvironment(this, 'ecs', { cloud: 'huaweicloud', region: 'eu-west-101', projectId: EXAMPLE_PROJECT_ID, ...options });

    new ServerStop(this, 'stop-app1', { serverId: APP1 });
    new ServerChangeOs(this, 'change-os-app1', {
      serverId: APP1,
      imageId: UBUNTU_IMAGE,
      adminPasswordEnv: 'ECS_ADMIN_PASSWORD',
      userData: '#!/bin/sh\necho "provisioned by cdktf-ecs-lifecycle" > /etc/motd\n',
    });
    new ServerStart(this, 'start-app1', { serverId: APP1 });

    new ServerStop(this, 'stop-app2', { serverId: APP2 });
    new ServerReinstallOs(this, 'reinstall-app2', { serverId: APP2, keyName: 'ops-keypair', userId: OPS_USER_ID, apiVersion: 'v1' });
    new ServerStart(this, 'start-app2', { serverId: APP2 });
  }
}
