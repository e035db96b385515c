/** The target of an `exec` run, built from the command line as the operation's definition declares it. */
import { EXEC_FLAGS, type ExecArguments } from '../../cloud/exec-arguments';
import type { TargetKind } from '../../operations/operation-definition';
import { type Target, TARGET_ARGUMENTS, type TargetOfKind } from '../../operations/target';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { parseServerIds } from '../../validation';

const RESOLVERS: { readonly [K in TargetKind]: (args: ExecArguments) => TargetOfKind<K> } = {
  server: (args) => ({ kind: 'server', serverId: targetArgument('server', args) }),
  servers: (args) => ({ kind: 'servers', serverIds: serverIdsOf(targetArgument('servers', args)) }),
  group: (args) => ({ kind: 'group', name: targetArgument('group', args) }),
  selection: (args) => ({ kind: 'selection', selector: targetArgument('selection', args) }),
};

/** The target of kind `kind`; the CLI has already required its argument, so a missing one is a usage error. */
export function resolveTarget<K extends TargetKind>(kind: K, args: ExecArguments): TargetOfKind<K> {
  return RESOLVERS[kind](args);
}

function targetArgument(kind: TargetKind, args: ExecArguments): string {
  const name = TARGET_ARGUMENTS[kind];
  const value = args[name];
  if (value === undefined) throw new InvalidArgumentError([`missing required option '${EXEC_FLAGS[name]}'`]);
  return value;
}

/** What messages call the target: `server 1111`, `servers 1111, 2222`, `server group 'web'`. */
export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'server':
      return `server ${target.serverId}`;
    case 'servers':
      return target.serverIds.length > 3
        ? `${target.serverIds.length} servers: ${target.serverIds.slice(0, 3).join(', ')}, …`
        : `servers ${target.serverIds.join(', ')}`;
    case 'group':
      return `server group '${target.name}'`;
    case 'selection':
      return `selection ${target.selector}`;
  }
}

/** The ids of `--server-ids`, which the shared serverIds rule has checked (each element exactly one server ID). */
function serverIdsOf(value: string): readonly string[] {
  const parsed = parseServerIds(value);
  if ('problem' in parsed) throw new InvalidArgumentError([`--server-ids ${parsed.problem}`]);
  return parsed.ids;
}
