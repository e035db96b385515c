/** The rules the server commands decide with, and the preview predicts with: already done, refused, or the state left. */
import { PreconditionError } from '../../../src/runtime/errors/precondition-error';
import { type RuledServerOperationId, SERVER_RULES } from '../../../src/runtime/private/server-rules';
import type { ServerState } from '../../../src/runtime/private/server-state';

const server = (over: Partial<ServerState> = {}): ServerState => ({
  id: 's1',
  status: 'ACTIVE',
  locked: false,
  flavorId: 'small',
  imageId: 'img-1',
  addresses: [],
  ...over,
});
const decide = (operation: RuledServerOperationId, state: ServerState, input = {}) => {
  try {
    const d = SERVER_RULES[operation](state, input);
    return d.kind === 'already-done' ? `already-done: ${d.what}` : `change${d.observable ? '' : ' (not observable)'}: ${JSON.stringify(d.after)}`;
  } catch (error) {
    if (!(error instanceof PreconditionError)) throw error;
    return `refused: ${error.message}`;
  }
};

describe('server rules', () => {
  test.each<[RuledServerOperationId, Partial<ServerState>, object, RegExp]>([
    ['server-stop', { status: 'SHUTOFF' }, {}, /^already-done: already SHUTOFF$/],
    ['server-stop', { locked: true }, {}, /^refused: server s1 is locked$/],
    ['server-stop', { status: 'ERROR' }, {}, /^refused: server s1 is ERROR; this operation needs a running server/],
    ['server-stop', {}, {}, /^change: .*"status":"SHUTOFF"/],
    ['server-start-cloudservers', { status: 'SHUTOFF' }, {}, /^change: .*"status":"ACTIVE"/],
    ['server-reboot', { status: 'SHUTOFF' }, {}, /^refused: .*needs a running server \(ACTIVE\)/],
    ['server-reboot-cloudservers', {}, {}, /^change \(not observable\)/],
    ['server-lock', { locked: true }, {}, /^already-done: already locked$/],
    ['server-unlock', { locked: true }, {}, /^change: .*"locked":false/],
    ['server-resize', { flavorId: 'large' }, { flavorRef: 'large' }, /^already-done: already has flavor large$/],
    ['server-resize', { status: 'VERIFY_RESIZE', flavorId: 'other' }, { flavorRef: 'large' }, /^refused: .*a resize to flavor other awaits confirmation/],
    ['server-resize', { status: 'VERIFY_RESIZE', flavorId: 'large' }, { flavorRef: 'large' }, /^change: .*"status":"ACTIVE"/],
    ['server-resize', {}, { flavorRef: 'large' }, /^change: .*"flavorId":"large"/],
    ['server-resize-cloudservers', {}, { flavorRef: 'large' }, /^refused: .*needs a stopped server \(SHUTOFF\)/],
    ['server-resize-cloudservers', { status: 'SHUTOFF', locked: true }, { flavorRef: 'large' }, /^refused: server s1 is locked$/],
    ['server-change-os-v2', { status: 'SHUTOFF', imageId: 'img-2' }, { imageId: 'img-2' }, /^already-done: already runs image img-2$/],
    ['server-change-os-v1', { status: 'ERROR' }, { imageId: 'img-2' }, /^change: .*"imageId":"img-2"/],
    ['server-reinstall-os-v2', {}, {}, /^refused: .*needs a stopped server/],
    ['server-reinstall-os-v1', { status: 'SHUTOFF' }, {}, /^change \(not observable\)/],
  ])('GIVEN %s on %p WHEN decided THEN %s', (operation, state, input, expected) => {
    expect(decide(operation, server(state), input)).toMatch(expected);
  });
});
