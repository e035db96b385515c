/**
 * The cloudservers URLs shared by several routes: the batch action (`os-start`, `os-stop`, `reboot`) and the
 * ECS group action (`add_member`, `remove_member`). The body's only key picks the route, so the IAM action
 * is known before the policy is checked.
 */
import { BATCH_ACTIONS, type BodyKeyedRoute, MEMBER_ACTIONS, type RouteId } from '../route-table';
import { isObject } from './handler-context';
import { CLOUD_CODES, cloudCodeError, type EmulatorResponse } from './responses';

export type CloudserversKeyedRoute = Exclude<BodyKeyedRoute, 'server-action'>;

const KEYS: Readonly<Record<CloudserversKeyedRoute, readonly string[]>> = {
  'cloudservers-batch': BATCH_ACTIONS,
  'cloudservers-groups-action': MEMBER_ACTIONS,
};

export function isCloudserversKeyedRoute(route: RouteId | BodyKeyedRoute): route is CloudserversKeyedRoute {
  return route === 'cloudservers-batch' || route === 'cloudservers-groups-action';
}

/** The route the body names, or the cloud's 400 `Ecs.0005` when it names none or several. */
export function cloudserversRouteOf(base: CloudserversKeyedRoute, body: unknown): { readonly route: RouteId } | { readonly error: EmulatorResponse } {
  const keys = isObject(body) ? Object.keys(body) : [];
  const known = KEYS[base];
  if (keys.length !== 1 || !known.includes(keys[0])) {
    const found = isObject(body) ? `found ${keys.length ? keys.map((k) => JSON.stringify(k)).join(', ') : 'none'}` : 'the body is not a JSON object';
    return { error: cloudCodeError(400, CLOUD_CODES.invalidParameter, `The body must hold exactly one of ${known.join(', ')}; ${found}.`) };
  }
  return { route: `${base}:${keys[0]}` as RouteId };
}
