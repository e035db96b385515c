import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverStop = defineOperation({
  id: 'server-stop',
  construct: 'ServerStop',
  when: 'create',
  summary: 'Stop a running ECS (os-stop, SOFT or HARD) and wait until SHUTOFF with no task state',
  target: 'server',
  rows: ['nova-stop'],
  reads: ['show-server'],
  arguments: { required: ['stopType'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '`os-stop` (SOFT/HARD)',
  endState: '`SHUTOFF`, no task state',
  alreadyDone: '`SHUTOFF`',
  enterpriseProjectAlternative: "ServerStop with api: 'cloudservers' (the batch stop API, ecs:cloudServers:stop, supports enterprise projects)",
});
