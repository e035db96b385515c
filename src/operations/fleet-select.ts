import { defineOperation, LOGIN_ARGUMENTS } from './operation-definition';

/** A selected fleet runs all of its waves in one process: allow a working day before the default deadline. */
const FLEET_SELECT_TIMEOUT_SECONDS = 8 * 3600;

/**
 * A selected fleet of a ServerFleetMaintenance: one process selects the servers (the members of a server group, or
 * the servers carrying every given tag), plans the waves from what it selected and drives each wave through the
 * steps as `fleet-wave` does. The rows are every API it may call; the construct declares only the selection row its
 * selector uses, the group list when a tag selection limits members per group, and the rows of its steps.
 */
export const fleetSelect = defineOperation({
  id: 'fleet-select',
  construct: 'ServerFleetMaintenance',
  when: 'create',
  summary: 'Select servers (a group’s members or every server with the given tags), plan the waves, and drive each wave through the steps',
  target: 'selection',
  rows: [
    'cloudservers-show-server-group',
    'servers-query-by-tag',
    'cloudservers-query-by-tag',
    'cloudservers-list-details',
    'cloudservers-list-server-groups',
    'batch-stop',
    'batch-start',
    'batch-reboot',
    'resize-cloudservers',
    'change-os-v1',
    'change-os-v2',
    'reinstall-os-v1',
    'reinstall-os-v2',
  ],
  reads: ['show-server', 'show-job'],
  arguments: {
    required: ['steps'],
    optional: [
      'enterpriseProjectId',
      'minServers',
      'waveSizes',
      'maxUnavailablePerGroup',
      'healthCheck',
      'healthTimeout',
      'healthInterval',
      'bake',
      'onFailure',
      ...LOGIN_ARGUMENTS,
    ],
  },
  defaultTimeoutSeconds: FLEET_SELECT_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  enterpriseProjectAlternative:
    "a tag selection within the stack's enterprise project (the server list, ecs:cloudServers:list, supports enterprise projects; OTC's tag query does not)",
  calls:
    '`GET …/cloudservers/os-server-groups/{id}`, or the tag query `POST …/[cloud]servers/resource_instances/action` (or within an enterprise project `GET …/cloudservers/detail`); then each wave as `fleet-wave`',
  endState: "every selected server: each step's end state",
  alreadyDone: 'no server selected (unless --min-servers), or every selected server already at the end of the steps',
});
