/**
 * `POST /v3/auth/tokens` with the password method ([OTC-IAM] obtaining_a_user_token_through_password_authentication.rst):
 * 201, the token in `X-Subject-Token`, a project-scoped token body whose catalog points at this emulator
 * (`?nocatalog=true` leaves the catalog out).
 */
import type { EmulatorUser } from '../../emulator-options';
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { iamError } from '../responses';
import type { TokenStore } from '../token-store';

export function issueToken(ctx: HandlerContext, users: readonly EmulatorUser[], tokens: TokenStore): HandlerResult {
  const { world } = ctx;
  const auth = isObject(ctx.body) ? ctx.body.auth : undefined;
  const identity = isObject(auth) ? auth.identity : undefined;
  const password = isObject(identity) ? identity.password : undefined;
  const user = isObject(password) ? password.user : undefined;
  const domain = isObject(user) ? user.domain : undefined;
  const scope = isObject(auth) ? auth.scope : undefined;
  const project = isObject(scope) ? scope.project : undefined;
  if (
    !isObject(identity) ||
    !Array.isArray(identity.methods) ||
    !identity.methods.includes('password') ||
    !isObject(user) ||
    typeof user.name !== 'string' ||
    typeof user.password !== 'string' ||
    !isObject(domain) ||
    typeof domain.name !== 'string'
  ) {
    return reply(
      iamError(400, 'Bad Request', 'The request body must carry auth.identity with methods ["password"] and password.user {name, password, domain {name}}.'),
    );
  }
  if (!isObject(project)) return reply(iamError(400, 'Bad Request', 'ECS needs a project-scoped token: set auth.scope.project.id or .name.'));
  const match = users.find((u) => u.name === user.name && u.password === user.password && u.domain === domain.name);
  // One message for an unknown user and a wrong password, so the answer does not reveal which one it was.
  if (!match) return reply(iamError(401, 'Unauthorized', 'The username or password is wrong.'));
  const { projectId, projectName } = world.config;
  if (project.id !== projectId && project.name !== projectName) {
    return reply(iamError(401, 'Unauthorized', 'The user has no access to the requested project.'));
  }
  const now = world.now();
  const issued = tokens.issue(now);
  const withCatalog = !ctx.query.some(([k, v]) => k === 'nocatalog' && v === 'true');
  const token = {
    methods: ['password'],
    expires_at: issued.expiresAt.toISOString(),
    issued_at: now.toISOString(),
    user: { id: `user-${match.name}`, name: match.name, domain: { id: `domain-${match.domain}`, name: match.domain } },
    project: { id: projectId, name: projectName, domain: { id: `domain-${match.domain}`, name: match.domain } },
    roles: [],
    ...(withCatalog ? { catalog: catalog(world.url, projectId, projectName) } : {}),
  };
  return reply({ status: 201, body: { token }, headers: { 'X-Subject-Token': issued.token } });
}

function catalog(url: string, projectId: string, region: string): unknown[] {
  const service = (name: string, type: string, path: string) => ({
    id: name,
    name,
    type,
    endpoints: [{ id: `${name}-${region}`, interface: 'public', region, region_id: region, url: `${url}${path}` }],
  });
  return [service('nova', 'compute', `/v2.1/${projectId}`), service('ecs', 'ecs', `/v1/${projectId}`), service('iam', 'identity', '/v3')];
}
