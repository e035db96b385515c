import { defineOperation, SLOW_TIMEOUT_SECONDS } from './operation-definition';

export const serverResizeCloudservers = defineOperation({
  id: 'server-resize-cloudservers',
  construct: 'ServerResize',
  when: 'create',
  summary: 'Resize a stopped pay-per-use ECS through the cloudservers API and wait for the job',
  target: 'server',
  rows: ['resize-cloudservers'],
  reads: ['show-server', 'show-job'],
  arguments: { required: ['flavorRef'], optional: [] },
  defaultTimeoutSeconds: SLOW_TIMEOUT_SECONDS,
  preconditions: ['stopped', 'unlocked'],
  calls: '`POST /v1/…/resize`',
  endState: 'the job, then the server',
  alreadyDone: 'flavor already the target',
});
