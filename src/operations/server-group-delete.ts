import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverGroupDelete = defineOperation({
  id: 'server-group-delete',
  construct: 'ServerGroup',
  when: 'destroy',
  summary: 'Delete the ECS group found by name, then confirm it is gone; a group already gone is not an error',
  target: 'group',
  rows: ['nova-list-server-groups', 'nova-delete-server-group', 'nova-show-server-group'],
  reads: [],
  arguments: { required: [], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: [],
  calls: 'list groups, `DELETE …/{id}`, then `GET …/{id}` until 404',
  endState: 'the group to be gone',
  alreadyDone: 'no group with that name',
  enterpriseProjectAlternative: "ServerGroup with api: 'cloudservers' (the cloudservers ECS-group API)",
});
