/**
 * What a runtime command acts on, as its operation's definition declares it. A command is typed by its target,
 * so a server command always has a server id and a group command a group name: no optional fields to assert.
 */
import type { ExecArgumentName } from '../cloud/exec-arguments';
import type { TargetKind } from './operation-definition';

/** One server. */
export interface ServerTarget {
  readonly kind: 'server';
  readonly serverId: string;
}

/** A list of servers (batch and fleet operations). */
export interface ServersTarget {
  readonly kind: 'servers';
  readonly serverIds: readonly string[];
}

/** A server group, found by name. */
export interface GroupTarget {
  readonly kind: 'group';
  readonly name: string;
}

/** The servers a selected fleet selects at apply, as the command line gives the selector (parsed by the command). */
export interface SelectionTarget {
  readonly kind: 'selection';
  readonly selector: string;
}

/** Any target. */
export type Target = ServerTarget | ServersTarget | GroupTarget | SelectionTarget;

/** The target of a kind. */
export type TargetOfKind<K extends TargetKind> = Extract<Target, { readonly kind: K }>;

/** The command-line argument that carries each kind of target; the CLI requires it of every operation of that kind. */
export const TARGET_ARGUMENTS: Readonly<Record<TargetKind, ExecArgumentName>> = {
  server: 'serverId',
  servers: 'serverIds',
  group: 'name',
  selection: 'select',
};
