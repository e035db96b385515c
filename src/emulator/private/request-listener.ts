/**
 * One request, in the order the cloud handles it. The gateway reads the body (at most `MAX_BODY_BYTES`), finds
 * the API, authenticates the caller and checks the project; the service reads the body, decides the IAM action
 * and enforces the policy; then injected faults, then the handler. Each step is a small function that either
 * answers or lets the request go on. Every request ends in the audit log, and no input can throw out of the
 * listener: an unexpected error becomes a 500, a failure to answer closes the connection.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { PolicyDocument } from '../../iam';
import { parseQuery } from '../../signing';
import type { AuditEntry } from '../audit-entry';
import type { EmulatorCredential, EmulatorUser } from '../emulator-options';
import { type ApiFamily, type EmulatedCloud, matchRoute, NATIVE_ACTIONS, type RouteId, type RouteMatch, requiredActions, routeAction } from '../route-table';
import { authenticate, header } from './authenticate';
import { authorize } from './authorize';
import { cloudserversRouteOf, isCloudserversKeyedRoute } from './body-route';
import { dispatch } from './dispatch';
import { isObject } from './handler-context';
import { parseMicroversion } from './microversion';
import { CLOUD_CODES, type EmulatorResponse, familyError, gatewayError, nativeError } from './responses';
import type { TokenStore } from './token-store';
import type { World } from './world';

/** The largest request body the emulator accepts: 1 MiB. A larger one gets 413 before anything else is done. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ListenerDeps {
  readonly world: World;
  readonly credentials: readonly EmulatorCredential[];
  readonly users: readonly EmulatorUser[];
  readonly tokens: TokenStore;
  readonly policy: () => PolicyDocument | undefined;
  /** Whose action names the policy must carry. */
  readonly cloud: EmulatedCloud;
  readonly audit: AuditEntry[];
  /** Told of each entry as it is recorded. */
  readonly onAudit?: (entry: AuditEntry) => void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A response, or `drop`: destroy the connection without one. */
type Outcome = EmulatorResponse | 'drop';

/** A request on its way through the steps. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly method: string;
  /** The raw path, without the query. */
  readonly path: string;
  /** The raw query, without `?`. */
  readonly query: string;
  /** The headers in a null-prototype object, so that `constructor` or `toString` is only ever a header name. */
  readonly headers: IncomingHttpHeaders;
  readonly requestId: string;
  readonly entry: Mutable<AuditEntry>;
}

/** What the gateway hands the service: the route found and the body bytes. */
interface Routed {
  readonly match: RouteMatch;
  readonly family: ApiFamily;
  readonly body: Buffer;
}

export function createRequestListener(deps: ListenerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let sequence = 0;
  return (req, res) => {
    void respond(deps, receive(deps.world, req, ++sequence), res);
  };
}

function receive(world: World, req: IncomingMessage, sequence: number): Exchange {
  const requestId = world.ids.hex32('request', '');
  const method = req.method ?? 'GET';
  const [path, query = ''] = splitUrl(req.url ?? '/');
  const headers: IncomingHttpHeaders = Object.assign(Object.create(null) as IncomingHttpHeaders, req.headers);
  const entry: Mutable<AuditEntry> = {
    sequence,
    receivedAt: Date.now(),
    requestId,
    method,
    path,
    auth: 'none',
    requiredActions: [],
    decision: 'not-evaluated',
    status: null,
    mutationApplied: false,
  };
  return { req, method, path, query, headers, requestId, entry };
}

async function respond(deps: ListenerDeps, exchange: Exchange, res: ServerResponse): Promise<void> {
  let outcome: Outcome;
  try {
    outcome = await handle(deps, exchange);
  } catch (error) {
    outcome = nativeError(500, `emulator error: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (outcome === 'drop') {
      exchange.req.socket.destroy();
    } else {
      exchange.entry.status = outcome.status;
      send(res, outcome, exchange.requestId);
    }
  } catch {
    exchange.req.socket.destroy();
  }
  deps.audit.push(exchange.entry);
  deps.onAudit?.(exchange.entry);
}

async function handle(deps: ListenerDeps, exchange: Exchange): Promise<Outcome> {
  const routed = await gateway(deps, exchange);
  if (!('match' in routed)) return routed;
  return service(deps, exchange, routed);
}

// The API gateway: body size, route, authentication, project. Its answers are in the gateway's format.
async function gateway(deps: ListenerDeps, exchange: Exchange): Promise<EmulatorResponse | Routed> {
  const body = await readBody(exchange.req, MAX_BODY_BYTES);
  if (body === 'too-large') {
    // The rest of the body is never read, so the connection cannot carry another request.
    return gatewayError(413, 'APIG.0201', `Request entity too large: the body exceeds ${MAX_BODY_BYTES} bytes`, exchange.requestId, { Connection: 'close' });
  }
  const match = matchRoute(exchange.method, exchange.path);
  if (!match) {
    return gatewayError(
      404,
      'APIGW.0101',
      `The API does not exist or has not been published in the environment: the emulator does not serve ${exchange.method} ${exchange.path}`,
      exchange.requestId,
    );
  }
  if (match.pattern.route !== 'server-action' && !isCloudserversKeyedRoute(match.pattern.route)) exchange.entry.route = match.pattern.route;
  return authenticateCaller(deps, exchange, match, body) ?? checkProject(deps.world, exchange, match) ?? { match, family: match.pattern.family, body };
}

function authenticateCaller(deps: ListenerDeps, exchange: Exchange, match: RouteMatch, body: Buffer): EmulatorResponse | undefined {
  if (match.pattern.route === 'iam-tokens') return undefined;
  const { method, path, query, headers } = exchange;
  const auth = authenticate({ method, path, query, headers, body }, deps.credentials, deps.tokens, deps.world.now());
  exchange.entry.auth = auth.method;
  return auth.ok ? undefined : gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${auth.reason}`, exchange.requestId);
}

/**
 * The project the caller works in is `X-Project-Id` (AK/SK), else the one its token is scoped to. A project the
 * credentials do not belong to fails at the gateway like any other authentication (401 `APIGW.0301`); a URL that
 * names another project than that one gets the service's mismatch error.
 */
function checkProject(world: World, exchange: Exchange, match: RouteMatch): EmulatorResponse | undefined {
  const urlProject = match.params.projectId;
  if (urlProject === undefined) return undefined;
  const scoped = header(exchange.headers, 'x-project-id') ?? world.config.projectId;
  if (scoped !== world.config.projectId) {
    return gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: the credentials have no access to project ${scoped}`, exchange.requestId);
  }
  if (urlProject === scoped) return undefined;
  const family = match.pattern.family;
  return withNovaHeaders(
    family,
    family === 'native'
      ? nativeError(400, `Malformed request URL: URL's project_id '${urlProject}' doesn't match Context's project_id '${scoped}'`)
      : familyError(family, 400, CLOUD_CODES.projectMismatch.code, CLOUD_CODES.projectMismatch.message),
  );
}

// The service: body, action, IAM, microversion, faults, then the handler. Native answers carry Nova's headers.
async function service(deps: ListenerDeps, exchange: Exchange, routed: Routed): Promise<Outcome> {
  const { family } = routed;
  const parsed = parseBody(exchange.method, routed);
  if (!('value' in parsed)) return withNovaHeaders(family, parsed);
  const route = resolveRoute(routed.match, parsed.value);
  if (typeof route !== 'string') return withNovaHeaders(family, route);
  if (route !== routed.match.pattern.route) exchange.entry.route = route;
  const denied = enforcePolicy(deps, exchange.entry, route, family);
  if (denied) return withNovaHeaders(family, denied);
  const microversion = family === 'native' ? parseMicroversion(exchange.headers) : 1;
  if (typeof microversion !== 'number') return withNovaHeaders(family, nativeError(406, microversion.error));
  return serve(deps, exchange, { ...routed, route, body: parsed.value, microversion });
}

function parseBody(method: string, { family, body }: Routed): { readonly value: unknown } | EmulatorResponse {
  if (body.length === 0) {
    return method === 'POST' ? familyError(family, 400, CLOUD_CODES.emptyBody.code, CLOUD_CODES.emptyBody.message) : { value: undefined };
  }
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return familyError(family, 400, CLOUD_CODES.invalidParameter.code, 'Malformed request body: not JSON');
  }
}

/** The route id; for the native action API and the cloudservers batch and group actions, the one the body's only key names. */
function resolveRoute(match: RouteMatch, body: unknown): RouteId | EmulatorResponse {
  const base = match.pattern.route;
  if (isCloudserversKeyedRoute(base)) {
    const keyed = cloudserversRouteOf(base, body);
    return 'error' in keyed ? keyed.error : keyed.route;
  }
  if (base !== 'server-action') return base;
  if (!isObject(body)) return nativeError(400, 'Malformed request body: the action body must be a JSON object');
  const keys = Object.keys(body);
  if (keys.length !== 1) return nativeError(400, `Malformed request body: expected exactly one action, found ${keys.length}`);
  const action = NATIVE_ACTIONS.find((a) => a === keys[0]);
  // Nova's answer to an action it has no method for (nova/api/openstack/wsgi.py, `_process_stack`).
  if (!action) return nativeError(400, `There is no such action: ${keys[0]}. Verify the request body and Content-Type header and try again.`);
  return `server-action:${action}`;
}

function enforcePolicy(deps: ListenerDeps, entry: Mutable<AuditEntry>, route: RouteId, family: ApiFamily): EmulatorResponse | undefined {
  const required = requiredActions(route, deps.cloud);
  const action = routeAction(route, deps.cloud);
  if (action !== undefined) entry.action = action;
  entry.requiredActions = required;
  const decision = authorize(deps.policy(), required);
  entry.decision = decision.decision;
  if (decision.decision !== 'denied') return undefined;
  entry.missingAction = decision.missingAction;
  return familyError(family, 403, CLOUD_CODES.policyDenied.code, CLOUD_CODES.policyDenied.message.replace('%s', decision.missingAction));
}

/** What the handler step needs: the route resolved, the body parsed, the microversion read. */
interface Served extends Omit<Routed, 'body'> {
  readonly route: RouteId;
  readonly body: unknown;
  readonly microversion: number;
}

// The injected fault for the call, if any, then the handler.
async function serve(deps: ListenerDeps, exchange: Exchange, call: Served): Promise<Outcome> {
  const { world } = deps;
  const { route, family, microversion } = call;
  const { entry } = exchange;
  const fault = world.faults.takeCallFault(route);
  if (fault) entry.fault = fault.kind;
  switch (fault?.kind) {
    case 'status-429':
      return gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached', exchange.requestId, {
        'Retry-After': String(fault.retryAfterSeconds ?? 1),
      });
    case 'status-500':
    case 'status-503':
      return withNovaHeaders(
        family,
        familyError(family, fault.kind === 'status-500' ? 500 : 503, CLOUD_CODES.systemError.code, CLOUD_CODES.systemError.message),
        microversion,
      );
    case 'delay':
      await world.scheduler.sleep(fault.delayMs ?? 1000);
      break;
    case 'drop-before-mutation':
      return 'drop';
    default:
      break;
  }
  const result = dispatch(
    {
      world,
      route,
      params: call.match.params,
      body: call.body,
      query: parseQuery(exchange.query),
      headers: exchange.headers,
      microversion,
      takeJobFault: (serverId) => {
        const jobFault = world.faults.takeJobFault(route, serverId);
        if (jobFault) entry.fault = jobFault.kind;
        return jobFault;
      },
    },
    deps.users,
    deps.tokens,
  );
  if (result.mutated !== undefined) {
    world.countMutation(result.mutated);
    entry.mutationApplied = true;
  }
  return fault?.kind === 'drop-after-mutation' ? 'drop' : withNovaHeaders(family, result.response, microversion);
}

/** A native (Nova) answer carries the microversion headers; others go out as they are. */
function withNovaHeaders(family: ApiFamily, response: EmulatorResponse, microversion = 1): EmulatorResponse {
  if (family !== 'native') return response;
  return {
    ...response,
    headers: {
      'OpenStack-API-Version': `compute 2.${microversion}`,
      'X-OpenStack-Nova-API-Version': `2.${microversion}`,
      Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
      ...response.headers,
    },
  };
}

function send(res: ServerResponse, response: EmulatorResponse, requestId: string): void {
  const payload = response.body === undefined ? undefined : Buffer.from(JSON.stringify(response.body));
  res.writeHead(response.status, {
    ...response.headers,
    'X-Request-Id': requestId,
    ...(payload ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
    'Content-Length': String(payload?.length ?? 0),
  });
  res.end(payload);
}

function splitUrl(url: string): [string, string?] {
  const q = url.indexOf('?');
  return q < 0 ? [url] : [url.slice(0, q), url.slice(q + 1)];
}

/**
 * The body, or `too-large` as soon as it is known to exceed `limit` bytes: from `Content-Length` before a byte is
 * read, or when the bytes received pass the limit (a chunked body). What was buffered is then let go, and the
 * rest of the body is not kept.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', collect);
      chunks = [];
      resolve('too-large');
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
