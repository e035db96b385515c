import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverGroupCreate = defineOperation({
  id: 'server-group-create',
  construct: 'ServerGroup',
  when: 'create',
  summary: 'Create an anti-affinity ECS group, unless one with the same name exists',
  target: 'group',
  rows: ['nova-list-server-groups', 'nova-create-server-group'],
  reads: [],
  arguments: { required: ['policy'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: [],
  calls: 'list groups, `POST os-server-groups`',
  endState: 'the response',
  alreadyDone: 'a group with that name and policy exists',
  enterpriseProjectAlternative: "ServerGroup with api: 'cloudservers' (the cloudservers ECS-group API)",
});
