import { defineOperation, NO_ENTERPRISE_PROJECT_ALTERNATIVE, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverLock = defineOperation({
  id: 'server-lock',
  construct: 'ServerLock',
  when: 'create',
  summary: 'Lock an ECS against management operations',
  target: 'server',
  rows: ['nova-lock'],
  reads: ['show-server'],
  arguments: { required: [], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: [],
  calls: '`lock`',
  endState: '`locked`, no task state',
  alreadyDone: 'already locked',
  enterpriseProjectAlternative: NO_ENTERPRISE_PROJECT_ALTERNATIVE,
});
