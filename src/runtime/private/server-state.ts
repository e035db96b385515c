/**
 * A server's state as the cloudservers detail API reports it (`GET /v1/{project_id}/cloudservers/{server_id}`,
 * the catalog's `show-server` read): the only way the commands read a server.
 */
import type { ServerTarget } from '../../operations/target';
import type { ReadClient } from '../client/read-only-client';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { readPath } from './catalog-paths';
import { asRecord, asString } from './json';

/** What the commands need to know about a server. */
export interface ServerState {
  readonly id: string;
  readonly status: string;
  /** `OS-EXT-STS:task_state`; undefined when no task runs (the API sends null or ""). */
  readonly taskState?: string;
  readonly locked: boolean;
  readonly flavorId?: string;
  readonly imageId?: string;
  /** The last-modified time, which any accepted change moves. */
  readonly updated?: string;
  /** The fault message of a server in ERROR. */
  readonly fault?: string;
  /** Its IPv4 addresses on every network, as the cloud lists them. */
  readonly addresses: readonly string[];
}

/**
 * Statuses that show an operation under way even when task_state is empty ([OTC-ECS] appendix/ecs_statuses.rst).
 * Every other status (ACTIVE, SHUTOFF, VERIFY_RESIZE, ERROR, SHELVED, UNKNOWN…) is one a command can decide on.
 */
const TRANSITIONAL_STATUSES = new Set(['BUILD', 'REBOOT', 'HARD_REBOOT', 'REBUILD', 'MIGRATING', 'RESIZE', 'REVERT_RESIZE']);

/** Reads the server (with any client that can read: the preview's is read-only). */
export async function readServer(context: { readonly client: ReadClient; readonly target: ServerTarget }): Promise<ServerState> {
  const { client, target } = context;
  const path = readPath('show-server', { project_id: client.projectId, server_id: target.serverId });
  const response = await client.get(path);
  const server = asRecord(asRecord(response.body)?.server);
  if (!server || typeof server.status !== 'string') {
    throw new InvalidResponseError({ method: 'GET', path }, { status: response.status, message: 'the body has no server.status' });
  }
  const taskState = server['OS-EXT-STS:task_state'];
  return {
    id: target.serverId,
    status: server.status,
    taskState: typeof taskState === 'string' && taskState !== '' ? taskState : undefined,
    locked: server.locked === true,
    flavorId: asString(asRecord(server.flavor)?.id),
    imageId: asString(asRecord(server.image)?.id),
    updated: asString(server.updated),
    fault: asString(asRecord(server.fault)?.message),
    addresses: ipv4Addresses(server.addresses),
  };
}

/** The IPv4 addresses of `addresses` (network name → list of `{ addr, version }`). */
function ipv4Addresses(value: unknown): string[] {
  const networks = asRecord(value) ?? {};
  return Object.values(networks).flatMap((list) =>
    (Array.isArray(list) ? list : []).flatMap((entry) => {
      const address = asRecord(entry);
      const addr = asString(address?.addr);
      return addr !== undefined && (address?.version === 4 || address?.version === undefined) && /^\d{1,3}(\.\d{1,3}){3}$/.test(addr) ? [addr] : [];
    }),
  );
}

/** `ACTIVE`, `ACTIVE/powering-off`, `SHUTOFF (locked)`. */
export function describeState(state: ServerState): string {
  return `${state.status}${state.taskState ? `/${state.taskState}` : ''}${state.locked ? ' (locked)' : ''}`;
}

/** Whether no operation is under way on the server. */
export function isSettled(state: ServerState): boolean {
  return state.taskState === undefined && !TRANSITIONAL_STATUSES.has(state.status);
}

/** Whether anything observable changed between two reads: proof that a mutation sent in between was applied. */
export function serverChanged(before: ServerState, after: ServerState): boolean {
  return (
    before.status !== after.status ||
    after.taskState !== undefined ||
    before.locked !== after.locked ||
    before.flavorId !== after.flavorId ||
    before.imageId !== after.imageId ||
    before.updated !== after.updated
  );
}
