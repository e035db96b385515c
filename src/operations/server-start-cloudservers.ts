import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverStartCloudservers = defineOperation({
  id: 'server-start-cloudservers',
  construct: 'ServerStart',
  when: 'create',
  summary: 'Start a stopped ECS through the batch API (one server), wait for the job and every sub-job, then until ACTIVE',
  target: 'server',
  rows: ['batch-start'],
  reads: ['show-server', 'show-job'],
  arguments: { required: [], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '`POST /v1/…/cloudservers/action` `os-start`',
  endState: 'the job, then `ACTIVE`, no task state',
  alreadyDone: '`ACTIVE`',
});
