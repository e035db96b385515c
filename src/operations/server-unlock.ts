import { defineOperation, NO_ENTERPRISE_PROJECT_ALTERNATIVE, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverUnlock = defineOperation({
  id: 'server-unlock',
  construct: 'ServerUnlock',
  when: 'create',
  summary: 'Unlock a locked ECS',
  target: 'server',
  rows: ['nova-unlock'],
  reads: ['show-server'],
  arguments: { required: [], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: [],
  calls: '`unlock`',
  endState: 'not `locked`, no task state',
  alreadyDone: 'already unlocked',
  enterpriseProjectAlternative: NO_ENTERPRISE_PROJECT_ALTERNATIVE,
});
