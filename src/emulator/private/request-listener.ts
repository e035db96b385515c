/**
 * One request, in the order the cloud handles it: the gateway finds the API, authenticates the caller
 * and checks the project; the service decides the IAM action and enforces the policy; then injected
 * faults, then the handler. Every step ends in the audit log.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { PolicyDocument } from '../../iam';
import { parseQuery } from '../../signing';
import { AuditEntry } from '../audit-entry';
import { EmulatorCredential, EmulatorUser } from '../emulator-options';
import { ApiFamily, NATIVE_ACTIONS, NativeAction, requiredActions, ROUTE_IAM, RouteId, matchRoute } from '../route-table';
import { authenticate, header } from './authenticate';
import { authorize } from './authorize';
import { cloudserversRouteOf, isCloudserversKeyedRoute } from './body-route';
import { dispatch } from './dispatch';
import { isObject } from './handler-context';
import { parseMicroversion } from './microversion';
import { CLOUD_CODES, EmulatorResponse, familyError, gatewayError, nativeError } from './responses';
import { TokenStore } from './token-store';
import { World } from './world';

export interface ListenerDeps {
  readonly world: World;
  readonly credentials: readonly EmulatorCredential[];
  readonly users: readonly EmulatorUser[];
  readonly tokens: TokenStore;
  readonly policy: () => PolicyDocument | undefined;
  readonly audit: AuditEntry[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function createRequestListener(deps: ListenerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let sequence = 0;
  return (req, res) => {
    const requestId = deps.world.ids.hex32('request', '');
    const [path, query = ''] = splitUrl(req.url ?? '/');
    const entry: Mutable<AuditEntry> = {
      sequence: ++sequence, receivedAt: Date.now(), requestId, method: req.method ?? 'GET', path, auth: 'none',
      requiredActions: [], decision: 'not-evaluated', status: null, mutationApplied: false,
    };
    readBody(req)
      .then((body) => handle(deps, { req, path, query, body, requestId, entry }))
      .catch((error: unknown) => ({ status: 500, body: { computeFault: { message: `emulator error: ${(error as Error).message}`, code: 500 } } }))
      .then((outcome) => {
        if (outcome === 'drop') {
          req.socket.destroy();
        } else {
          entry.status = outcome.status;
          send(res, outcome, requestId);
        }
        deps.audit.push(entry);
      });
  };
}

interface RequestInput {
  readonly req: IncomingMessage;
  readonly path: string;
  readonly query: string;
  readonly body: Buffer;
  readonly requestId: string;
  readonly entry: Mutable<AuditEntry>;
}

async function handle(deps: ListenerDeps, input: RequestInput): Promise<EmulatorResponse | 'drop'> {
  const { world } = deps;
  const { req, path, query, body, requestId, entry } = input;
  const method = req.method ?? 'GET';
  const match = matchRoute(method, path);
  if (!match) return gatewayError(404, 'APIGW.0101', `The API does not exist or has not been published in the environment: the emulator does not serve ${method} ${path}`, requestId);
  const family = match.pattern.family;
  const withNovaHeaders = (response: EmulatorResponse, microversion = 1): EmulatorResponse =>
    family === 'native' ? { ...response, headers: { ...novaVersionHeaders(microversion), ...response.headers } } : response;
  if (match.pattern.route !== 'server-action' && !isCloudserversKeyedRoute(match.pattern.route)) entry.route = match.pattern.route;

  if (match.pattern.route !== 'iam-tokens') {
    const auth = authenticate({ method, path, query, headers: req.headers, body }, deps.credentials, deps.tokens, world.now());
    entry.auth = auth.method;
    if (!auth.ok) return gatewayError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${auth.reason}`, requestId);
  }

  const projectId = match.params.projectId;
  if (projectId !== undefined) {
    const scoped = header(req.headers, 'x-project-id') ?? world.config.projectId;
    if (projectId !== world.config.projectId || scoped !== projectId) return withNovaHeaders(projectMismatch(family, projectId, scoped));
  }

  let parsed: unknown;
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return withNovaHeaders(familyError(family, 400, CLOUD_CODES.invalidParameter.code, 'Malformed request body: not JSON'));
    }
  } else if (method === 'POST') {
    return withNovaHeaders(familyError(family, 400, CLOUD_CODES.emptyBody.code, CLOUD_CODES.emptyBody.message));
  }

  let route: RouteId;
  if (match.pattern.route === 'server-action') {
    const action = nativeActionOf(parsed);
    if (typeof action !== 'string') return withNovaHeaders(nativeError(400, action.error));
    route = `server-action:${action}`;
    entry.route = route;
  } else if (isCloudserversKeyedRoute(match.pattern.route)) {
    const keyed = cloudserversRouteOf(match.pattern.route, parsed);
    if ('error' in keyed) return keyed.error;
    route = keyed.route;
    entry.route = route;
  } else {
    route = match.pattern.route;
  }

  const required = requiredActions(route);
  const action = ROUTE_IAM[route]?.action;
  if (action !== undefined) entry.action = action;
  entry.requiredActions = required;
  const decision = authorize(deps.policy(), required);
  entry.decision = decision.decision;
  if (decision.decision === 'denied') {
    entry.missingAction = decision.missingAction;
    const message = CLOUD_CODES.policyDenied.message.replace('%s', decision.missingAction);
    return withNovaHeaders(familyError(family, 403, CLOUD_CODES.policyDenied.code, message));
  }

  const microversion = family === 'native' ? parseMicroversion(req.headers) : 1;
  if (typeof microversion !== 'number') return withNovaHeaders(nativeError(406, microversion.error));

  const fault = world.faults.takeCallFault(route);
  if (fault) entry.fault = fault.kind;
  switch (fault?.kind) {
    case 'status-429':
      return gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached', requestId, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
    case 'status-500':
    case 'status-503': {
      const status = fault.kind === 'status-500' ? 500 : 503;
      return withNovaHeaders(familyError(family, status, CLOUD_CODES.systemError.code, CLOUD_CODES.systemError.message), microversion);
    }
    case 'delay':
      await world.scheduler.sleep(fault.delayMs ?? 1000);
      break;
    case 'drop-before-mutation':
      return 'drop';
    default:
      break;
  }

  const result = dispatch({
    world, route, params: match.params, body: parsed, query: parseQuery(query), headers: req.headers, microversion,
    takeJobFault: (serverId) => {
      const jobFault = world.faults.takeJobFault(route, serverId);
      if (jobFault) entry.fault = jobFault.kind;
      return jobFault;
    },
  }, deps.users, deps.tokens);
  if (result.mutated !== undefined) {
    world.countMutation(result.mutated);
    entry.mutationApplied = true;
  }
  return fault?.kind === 'drop-after-mutation' ? 'drop' : withNovaHeaders(result.response, microversion);
}

/** The native action named by the body's only key. */
function nativeActionOf(body: unknown): NativeAction | { readonly error: string } {
  if (!isObject(body)) return { error: 'Malformed request body: the action body must be a JSON object' };
  const keys = Object.keys(body);
  if (keys.length !== 1) return { error: `Malformed request body: expected exactly one action, found ${keys.length}` };
  const action = NATIVE_ACTIONS.find((a) => a === keys[0]);
  return action ?? { error: `There is no such action: ${keys[0]}` };
}

function projectMismatch(family: ApiFamily, urlProject: string, scopedProject: string): EmulatorResponse {
  if (family === 'native') {
    return nativeError(400, `Malformed request URL: URL's project_id '${urlProject}' doesn't match Context's project_id '${scopedProject}'`);
  }
  return familyError(family, 400, CLOUD_CODES.projectMismatch.code, CLOUD_CODES.projectMismatch.message);
}

function novaVersionHeaders(microversion: number): Record<string, string> {
  return {
    'OpenStack-API-Version': `compute 2.${microversion}`,
    'X-OpenStack-Nova-API-Version': `2.${microversion}`,
    Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
