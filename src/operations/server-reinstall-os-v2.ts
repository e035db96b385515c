import { defineOperation, LOGIN_ARGUMENTS, SLOW_TIMEOUT_SECONDS } from './operation-definition';

export const serverReinstallOsV2 = defineOperation({
  id: 'server-reinstall-os-v2',
  construct: 'ServerReinstallOs',
  when: 'create',
  summary: 'Reinstall the current OS image of a stopped ECS (v2, Cloud-Init) and wait for the job',
  target: 'server',
  rows: ['reinstall-os-v2'],
  reads: ['show-server', 'show-job'],
  arguments: { required: [], optional: LOGIN_ARGUMENTS },
  defaultTimeoutSeconds: SLOW_TIMEOUT_SECONDS,
  preconditions: ['stopped', 'unlocked'],
  calls: '`POST /v2/…/reinstallos`',
  endState: 'the job, then the server',
  alreadyDone: 'never: each run reinstalls',
});
