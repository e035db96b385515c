import type { IncomingHttpHeaders } from 'node:http';
import type { QueryPair } from '../../signing';
import type { RouteId } from '../route-table';
import type { FaultRule } from '../fault-rule';
import type { EmulatorResponse } from './responses';
import type { World } from './world';

/** What a route handler receives: the request after authentication, project check and IAM. */
export interface HandlerContext {
  readonly world: World;
  readonly route: RouteId;
  readonly params: Readonly<{ projectId?: string; serverId?: string; groupId?: string; jobId?: string }>;
  /** The parsed JSON body; `undefined` when there was none. */
  readonly body: unknown;
  readonly query: readonly QueryPair[];
  readonly headers: IncomingHttpHeaders;
  /** The Nova microversion's minor number (2.`n`); 1 unless the request asked for more. */
  readonly microversion: number;
  /** The `job-fail` fault for a server's job this call creates; taken lazily so only a created job consumes it. */
  readonly takeJobFault: (serverId: string) => FaultRule | undefined;
}

/** What a handler did: the response, and the key(s) it counted a mutation under (when it changed state). */
export interface HandlerResult {
  readonly response: EmulatorResponse;
  /** A server id or server-group name; a batch counts one mutation for each of its servers. */
  readonly mutated?: string | readonly string[];
}

/** Shorthand for a result without a mutation. */
export function reply(response: EmulatorResponse): HandlerResult {
  return { response };
}

/** A plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
