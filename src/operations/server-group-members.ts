import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverGroupMembers = defineOperation({
  id: 'server-group-members',
  construct: 'ServerGroup',
  when: 'create',
  summary: 'Make the members of the ECS group found by name exactly --server-ids (none when absent): remove the others, add the missing (each must be stopped)',
  target: 'group',
  rows: ['cloudservers-list-server-groups', 'cloudservers-add-server-group-member', 'cloudservers-remove-server-group-member'],
  reads: ['show-server'],
  arguments: { required: [], optional: ['serverIds'] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  // Only a server to be added must be stopped; the runtime refuses a running one before any change.
  preconditions: ['stopped'],
  calls: 'list groups, read each server to add, `POST …/os-server-groups/{id}/action` `remove_member` / `add_member`',
  endState: "the responses, then the group's member list",
  alreadyDone: 'the group already has exactly those members',
});
