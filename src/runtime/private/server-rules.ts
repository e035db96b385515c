/**
 * What each operation on one server does to a server in a given state: nothing (its end state holds), a refusal
 * (thrown as a PreconditionError with its fix), or a change to a predicted state. The runtime commands decide with
 * these rules before they send anything, and `preview` predicts with the same rules: one rule, two uses.
 */
import type { DefinitionOf, OperationId } from '../../operations';
import { PreconditionError } from '../errors/precondition-error';
import { refuseIfLocked, requireStatus, STOP_FIRST } from './preconditions';
import type { ServerState } from './server-state';

/** What a rule needs besides the server's state (present when the operation takes it). */
export interface RuleInput {
  readonly flavorRef?: string;
  readonly imageId?: string;
}

/** What an operation would do to the server. */
export type RuleDecision =
  /** The end state already holds: no call is made. `what` says which, e.g. `already SHUTOFF`. */
  | { readonly kind: 'already-done'; readonly what: string }
  /**
   * The operation runs and leaves the server in `after`. `observable` is false when the change shows in no field the
   * cloud reports (a reboot, a reinstall), so a prediction can say only that it runs.
   */
  | { readonly kind: 'change'; readonly after: ServerState; readonly observable: boolean };

/** A rule: throws a PreconditionError (nothing sent) when the cloud would refuse the operation. */
export type ServerRule = (state: ServerState, input: RuleInput) => RuleDecision;

const REPAIR = 'repair the server (see its fault in the console), then run terraform apply again';
const CANNOT_REBOOT_STOPPED = 'a stopped server cannot be rebooted: add a ServerStart before this operation instead';

const change = (after: ServerState, observable = true): RuleDecision => ({ kind: 'change', after, observable });
const done = (what: string): RuleDecision => ({ kind: 'already-done', what });

function start(state: ServerState): RuleDecision {
  if (state.status === 'ACTIVE') return done('already ACTIVE');
  requireStatus(state, ['SHUTOFF'], 'a stopped server (SHUTOFF)', REPAIR);
  refuseIfLocked(state);
  return change({ ...state, status: 'ACTIVE' });
}

function stop(state: ServerState): RuleDecision {
  if (state.status === 'SHUTOFF') return done('already SHUTOFF');
  requireStatus(state, ['ACTIVE'], 'a running server (ACTIVE)', REPAIR);
  refuseIfLocked(state);
  return change({ ...state, status: 'SHUTOFF' });
}

function reboot(state: ServerState): RuleDecision {
  requireStatus(state, ['ACTIVE'], 'a running server (ACTIVE)', CANNOT_REBOOT_STOPPED);
  refuseIfLocked(state);
  return change(state, false);
}

/** The native resize; a resize to the same flavor awaiting confirmation (an earlier run stopped halfway) is confirmed. */
function resize(state: ServerState, input: RuleInput): RuleDecision {
  const flavorRef = input.flavorRef!;
  if (state.status === 'VERIFY_RESIZE') {
    if (state.flavorId !== flavorRef) {
      throw new PreconditionError(`server ${state.id} is VERIFY_RESIZE: a resize to flavor ${state.flavorId} awaits confirmation`, {
        fix: 'confirm or revert that resize in the console, then run terraform apply again',
      });
    }
    refuseIfLocked(state);
    return change({ ...state, status: 'ACTIVE' });
  }
  if (state.flavorId === flavorRef) return done(`already has flavor ${flavorRef}`);
  requireStatus(state, ['ACTIVE', 'SHUTOFF'], 'a server in ACTIVE or SHUTOFF', REPAIR);
  refuseIfLocked(state);
  return change({ ...state, flavorId: flavorRef });
}

function resizeCloudservers(state: ServerState, input: RuleInput): RuleDecision {
  const flavorRef = input.flavorRef!;
  if (state.flavorId === flavorRef) return done(`already has flavor ${flavorRef}`);
  refuseIfLocked(state);
  requireStatus(state, ['SHUTOFF'], 'a stopped server (SHUTOFF)', STOP_FIRST);
  return change({ ...state, flavorId: flavorRef });
}

function refuseUnlessStopped(state: ServerState): void {
  refuseIfLocked(state);
  requireStatus(state, ['SHUTOFF', 'ERROR'], 'a stopped server (SHUTOFF), or one whose last OS change failed (ERROR)', STOP_FIRST);
}

function changeOs(state: ServerState, input: RuleInput): RuleDecision {
  const imageId = input.imageId!;
  if (state.imageId === imageId) return done(`already runs image ${imageId}`);
  refuseUnlessStopped(state);
  return change({ ...state, status: 'SHUTOFF', imageId });
}

function reinstallOs(state: ServerState): RuleDecision {
  refuseUnlessStopped(state);
  return change({ ...state, status: 'SHUTOFF' }, false);
}

function lock(state: ServerState): RuleDecision {
  return state.locked ? done('already locked') : change({ ...state, locked: true });
}

function unlock(state: ServerState): RuleDecision {
  return state.locked ? change({ ...state, locked: false }) : done('already unlocked');
}

/** An operation on one server (its definition's target is `server`). */
export type ServerOperationId = keyof { readonly [K in OperationId as DefinitionOf<K>['target'] extends 'server' ? K : never]: true };

/**
 * The rules of the operations on one server, by operation: a command decides with its rule before it sends anything,
 * and `preview` predicts with the same one. An operation without a rule here still runs; the preview reports it
 * `unknown` (it never guesses), so adding the rule is what makes a new operation predictable.
 */
export const SERVER_RULES = serverRules({
  'server-start': start,
  'server-start-cloudservers': start,
  'server-stop': stop,
  'server-stop-cloudservers': stop,
  'server-reboot': reboot,
  'server-reboot-cloudservers': reboot,
  'server-lock': lock,
  'server-unlock': unlock,
  'server-resize': resize,
  'server-resize-cloudservers': resizeCloudservers,
  'server-change-os-v1': changeOs,
  'server-change-os-v2': changeOs,
  'server-reinstall-os-v1': reinstallOs,
  'server-reinstall-os-v2': reinstallOs,
});

/** Keeps the operations listed as the keys' type, each value a `ServerRule`. */
function serverRules<K extends ServerOperationId>(rules: Record<K, ServerRule>): Readonly<Record<K, ServerRule>> {
  return rules;
}

/** An operation on one server that has its rule. */
export type RuledServerOperationId = keyof typeof SERVER_RULES;

/** Whether the operation acts on one server through a rule. */
export function hasServerRule(operation: OperationId): operation is RuledServerOperationId {
  return Object.hasOwn(SERVER_RULES, operation);
}
