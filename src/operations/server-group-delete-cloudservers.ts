import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverGroupDeleteCloudservers = defineOperation({
  id: 'server-group-delete-cloudservers',
  construct: 'ServerGroup',
  when: 'destroy',
  summary: 'Delete the ECS group found by name through the cloudservers API, then confirm it is gone; a group already gone is not an error',
  target: 'group',
  rows: ['cloudservers-list-server-groups', 'cloudservers-delete-server-group', 'cloudservers-show-server-group'],
  reads: [],
  arguments: { required: [], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: [],
  calls: 'list groups, `DELETE /v1/…/cloudservers/os-server-groups/{id}`, then `GET …/{id}` until 404',
  endState: 'the group to be gone',
  alreadyDone: 'no group with that name',
});
