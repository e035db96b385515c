import { defineOperation, LOGIN_ARGUMENTS, SLOW_TIMEOUT_SECONDS } from './operation-definition';

export const serverChangeOsV1 = defineOperation({
  id: 'server-change-os-v1',
  construct: 'ServerChangeOs',
  when: 'create',
  summary: 'Change the OS of a stopped ECS to another image (v1, image without Cloud-Init) and wait for the job',
  target: 'server',
  rows: ['change-os-v1'],
  reads: ['show-server', 'show-job'],
  arguments: { required: ['imageId'], optional: LOGIN_ARGUMENTS },
  defaultTimeoutSeconds: SLOW_TIMEOUT_SECONDS,
  preconditions: ['stopped', 'unlocked'],
  calls: '`POST /v1/…/changeos`',
  endState: 'the job, then the server',
  alreadyDone: 'the server already runs the image',
});
