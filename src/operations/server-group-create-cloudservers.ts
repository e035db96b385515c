import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverGroupCreateCloudservers = defineOperation({
  id: 'server-group-create-cloudservers',
  construct: 'ServerGroup',
  when: 'create',
  summary: 'Create an anti-affinity ECS group through the cloudservers API, unless one with the same name exists',
  target: 'group',
  rows: ['cloudservers-list-server-groups', 'cloudservers-create-server-group'],
  reads: [],
  arguments: { required: ['policy'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: [],
  calls: 'list groups, `POST /v1/…/cloudservers/os-server-groups`',
  endState: 'the response',
  alreadyDone: 'a group with that name and policy exists',
});
