/**
 * The runtime command of every operation id: `./<operation-id>.ts`, whose default export is typed
 * `Command<TargetOf<id>>`. Found by its file name, so a new operation needs no registration here, and a run loads
 * only its own command. `test/operations/completeness.test.ts` names an operation whose command is missing.
 */
import type { OperationId, TargetOf } from '../../operations';
import type { Command } from '../command';

/** The command that runs `operation`, typed for the target its definition declares. */
export function commandOf<K extends OperationId>(operation: K): Command<TargetOf<K>> {
  // `operation` is a checked OperationId (never user text): the module path is one of this folder's files.
  const module = require(`./${operation}`) as { readonly default?: Command<TargetOf<K>> };
  if (typeof module.default !== 'function') throw new Error(`src/runtime/commands/${operation}.ts has no default export`);
  return module.default;
}
