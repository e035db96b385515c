import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverStart = defineOperation({
  id: 'server-start',
  construct: 'ServerStart',
  when: 'create',
  summary: 'Start a stopped ECS (os-start) and wait until ACTIVE with no task state',
  target: 'server',
  rows: ['nova-start'],
  reads: ['show-server'],
  arguments: { required: [], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '`os-start`',
  endState: '`ACTIVE`, no task state',
  alreadyDone: '`ACTIVE`',
  enterpriseProjectAlternative: "ServerStart with api: 'cloudservers' (the batch start API, ecs:cloudServers:start, supports enterprise projects)",
});
