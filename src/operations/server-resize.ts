import { defineOperation, SLOW_TIMEOUT_SECONDS } from './operation-definition';

// confirmResize is sent to the same row (POST .../action). It is in no permission table; the resize action is
// assumed to cover it (ecs-api.md §1.0, open item 3).
export const serverResize = defineOperation({
  id: 'server-resize',
  construct: 'ServerResize',
  when: 'create',
  summary: 'Resize an ECS (native resize), wait for VERIFY_RESIZE, confirm, and wait until the end state',
  target: 'server',
  rows: ['nova-resize'],
  reads: ['show-server'],
  arguments: { required: ['flavorRef'], optional: [] },
  defaultTimeoutSeconds: SLOW_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '`resize`, then `confirmResize`',
  endState: '`VERIFY_RESIZE`, then `ACTIVE`/`SHUTOFF` with no task state',
  alreadyDone: 'flavor already the target (a resize to the target awaiting confirmation is confirmed)',
  enterpriseProjectAlternative: "ServerResize with api: 'cloudservers' (ecs:cloudServers:resize supports enterprise projects)",
});
