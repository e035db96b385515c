/**
 * Every lifecycle operation, one definition per file. The order here is the order of the catalog, the CLI help
 * and the README tables.
 */
import type { OperationDefinition } from './operation-definition';
import { serverChangeOsV1 } from './server-change-os-v1';
import { serverChangeOsV2 } from './server-change-os-v2';
import { serverGroupCreate } from './server-group-create';
import { serverGroupDelete } from './server-group-delete';
import { serverLock } from './server-lock';
import { serverReboot } from './server-reboot';
import { serverReinstallOsV1 } from './server-reinstall-os-v1';
import { serverReinstallOsV2 } from './server-reinstall-os-v2';
import { serverResize } from './server-resize';
import { serverResizeCloudservers } from './server-resize-cloudservers';
import { serverStart } from './server-start';
import { serverStop } from './server-stop';
import { serverUnlock } from './server-unlock';
import { serverStartCloudservers } from './server-start-cloudservers';
import { serverStopCloudservers } from './server-stop-cloudservers';
import { serverRebootCloudservers } from './server-reboot-cloudservers';
import { serverGroupCreateCloudservers } from './server-group-create-cloudservers';
import { serverGroupDeleteCloudservers } from './server-group-delete-cloudservers';
import { serverGroupMembers } from './server-group-members';
import type { TargetOfKind } from './target';
import { fleetWave } from './fleet-wave';
import { fleetSelect } from './fleet-select';

export * from './operation-definition';
export * from './target';

export const OPERATION_DEFINITIONS = [
  serverGroupCreate,
  serverGroupDelete,
  serverStart,
  serverStop,
  serverReboot,
  serverLock,
  serverUnlock,
  serverResize,
  serverResizeCloudservers,
  serverChangeOsV1,
  serverChangeOsV2,
  serverReinstallOsV1,
  serverReinstallOsV2,
  serverStartCloudservers,
  serverStopCloudservers,
  serverRebootCloudservers,
  serverGroupCreateCloudservers,
  serverGroupDeleteCloudservers,
  serverGroupMembers,
  fleetWave,
  fleetSelect,
] as const;

/** Identifies one lifecycle operation. */
export type OperationId = (typeof OPERATION_DEFINITIONS)[number]['id'];

/** The definition of one operation, with its literal types. */
export type DefinitionOf<K extends OperationId> = Extract<(typeof OPERATION_DEFINITIONS)[number], { readonly id: K }>;

/** The target the runtime command of an operation receives. */
export type TargetOf<K extends OperationId> = TargetOfKind<DefinitionOf<K>['target']>;

/**
 * A table keyed by operation id, one value per definition, in definition order: how every per-operation table
 * (catalog, arguments, timeouts) is derived. Refuses a repeated id.
 */
export function tableOf<D extends OperationDefinition, V>(definitions: readonly D[], value: (definition: D) => V): Readonly<Record<D['id'], V>> {
  const table = {} as Record<D['id'], V>;
  for (const definition of definitions) {
    const id: D['id'] = definition.id;
    if (Object.hasOwn(table, id)) throw new Error(`Operation '${id}' is defined twice`);
    table[id] = value(definition);
  }
  return table;
}

/** Every operation's definition, by id (each key holds the definition with that id, as the mapped type states). */
export const OPERATIONS = tableOf(OPERATION_DEFINITIONS, (d) => d) as { readonly [K in OperationId]: DefinitionOf<K> };
