import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverReboot = defineOperation({
  id: 'server-reboot',
  construct: 'ServerReboot',
  when: 'create',
  summary: 'Reboot an ECS (SOFT or HARD) and wait until ACTIVE with no task state',
  target: 'server',
  rows: ['nova-reboot'],
  reads: ['show-server'],
  arguments: { required: ['rebootType'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['running', 'unlocked'],
  calls: '`reboot` (SOFT/HARD)',
  endState: '`ACTIVE`, no task state',
  alreadyDone: 'never: each run reboots',
  enterpriseProjectAlternative: "ServerReboot with api: 'cloudservers' (the batch reboot API, ecs:cloudServers:reboot, supports enterprise projects)",
});
