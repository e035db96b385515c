/**
 * What the group commands decide before they change anything: whether a group is to be created, which members to add
 * and remove, and when the cloud would refuse. Pure: the commands decide with these rules, and `preview` predicts
 * with the same ones.
 */
import { sameServer } from '../../validation';
import { PreconditionError } from '../errors/precondition-error';
import type { ServerGroup } from './server-groups';
import { describeState, type ServerState } from './server-state';

/** The fix for a server that must be stopped to join. */
const STOP_TO_JOIN =
  'the cloud adds only a stopped server to a group: declare a ServerStop for the server before the ServerGroup ' +
  '(and a ServerStart after it), or stop the server, then run terraform apply again';

/**
 * Whether a group named `name` with `policy` is to be created (`change`) or exists already (`already-done`), the one
 * rule of the create commands and the preview.
 * @throws PreconditionError when a group of that name exists with other policies
 */
export function groupToCreate(existing: ServerGroup | undefined, name: string, policy: string): 'change' | 'already-done' {
  if (!existing) return 'change';
  if (existing.policies.length !== 1 || existing.policies[0] !== policy) {
    throw new PreconditionError(`server group '${name}' (${existing.id}) exists with policies [${existing.policies.join(', ')}], not [${policy}]`, {
      fix: 'delete or rename that group, or give this ServerGroup another name',
    });
  }
  return 'already-done';
}

/** The refusal when the group whose members are to be set does not exist. */
export function missingGroup(name: string): PreconditionError {
  return new PreconditionError(`server group '${name}' does not exist`, {
    fix: 'the ServerGroup creates it before its members are set: run terraform apply again, or recreate the group (terraform apply -replace)',
  });
}

/**
 * The members to remove (not wanted) and to add (wanted, missing), in order: the one rule of the command and the
 * preview. IDs compare as the cloud compares them (without regard to case), so a member listed in another case is kept.
 */
export function memberChanges(members: readonly string[], wanted: readonly string[]): { toAdd: string[]; toRemove: string[] } {
  return { toRemove: members.filter((id) => !listed(wanted, id)), toAdd: wanted.filter((id) => !listed(members, id)) };
}

/** Whether the list names the server, compared as the cloud compares IDs (without regard to case). */
export function listed(ids: readonly string[], serverId: string): boolean {
  return ids.some((id) => sameServer(id, serverId));
}

/** Refuses, naming each, unless every server to add is stopped with no task under way (the cloud adds only those). */
export function refuseUnlessStoppedToJoin(states: readonly ServerState[]): void {
  const refused = states.filter((state) => state.status !== 'SHUTOFF' || state.taskState !== undefined);
  if (refused.length > 0) {
    throw new PreconditionError(
      `${refused.map((s) => `server ${s.id} is ${describeState(s)}`).join(', ')}; joining a group needs a stopped server (SHUTOFF) (nothing was changed)`,
      { fix: STOP_TO_JOIN },
    );
  }
}
