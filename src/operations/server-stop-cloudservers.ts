import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverStopCloudservers = defineOperation({
  id: 'server-stop-cloudservers',
  construct: 'ServerStop',
  when: 'create',
  summary: 'Stop a running ECS through the batch API (one server, SOFT or HARD), wait for the job and every sub-job, then until SHUTOFF',
  target: 'server',
  rows: ['batch-stop'],
  reads: ['show-server', 'show-job'],
  arguments: { required: ['stopType'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '`POST /v1/…/cloudservers/action` `os-stop` (SOFT/HARD)',
  endState: 'the job, then `SHUTOFF`, no task state',
  alreadyDone: '`SHUTOFF`',
});
