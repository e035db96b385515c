import { defineOperation, LOGIN_ARGUMENTS, SLOW_TIMEOUT_SECONDS } from './operation-definition';

/**
 * One wave of a ServerFleetMaintenance: one process drives every server of the wave through the steps. The rows
 * are every API a step may call; the construct declares only the rows of its own steps (`requirePermissions`).
 */
export const fleetWave = defineOperation({
  id: 'fleet-wave',
  construct: 'ServerFleetMaintenance',
  when: 'create',
  summary: 'Drive a wave of servers through the steps (batch stop/start/reboot, per-server resize/change OS/reinstall) and wait for every job',
  target: 'servers',
  rows: ['batch-stop', 'batch-start', 'batch-reboot', 'resize-cloudservers', 'change-os-v1', 'change-os-v2', 'reinstall-os-v1', 'reinstall-os-v2'],
  reads: ['show-server', 'show-job'],
  arguments: {
    required: ['steps'],
    optional: [
      'wave',
      'joined',
      'rollout',
      'maxFailures',
      'phase',
      'healthCheck',
      'healthTimeout',
      'healthInterval',
      'bake',
      'onFailure',
      'pauseAfter',
      ...LOGIN_ARGUMENTS,
    ],
  },
  defaultTimeoutSeconds: SLOW_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '`POST /v1/…/cloudservers/action` for the wave (at most 1,000 servers); per server `resize`, `changeos`, `reinstallos`',
  endState: "every server: each step's end state",
  alreadyDone: 'servers already at the end of the steps',
});
