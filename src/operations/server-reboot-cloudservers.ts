import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverRebootCloudservers = defineOperation({
  id: 'server-reboot-cloudservers',
  construct: 'ServerReboot',
  when: 'create',
  summary: 'Reboot a running ECS through the batch API (one server, SOFT or HARD), wait for the job and every sub-job, then until ACTIVE',
  target: 'server',
  rows: ['batch-reboot'],
  reads: ['show-server', 'show-job'],
  arguments: { required: ['rebootType'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['running', 'unlocked'],
  calls: '`POST /v1/…/cloudservers/action` `reboot` (SOFT/HARD)',
  endState: 'the job, then `ACTIVE`, no task state',
  alreadyDone: 'never: every run reboots',
});
