/**
 * The route table of docs/emulator.md, generated from `ROUTE_PATTERNS` and `ROUTE_IAM`: the page shows exactly the
 * routes the emulator answers and the actions it enforces (`test/docs/generated-tables.test.ts` compares them;
 * `npm run docs:tables` rewrites them after a build). Pure.
 */
import { markdownTable } from '../cloud/markdown-table';
import { ROUTE_IAM, ROUTE_IDS, ROUTE_PATTERNS, type RouteId, type RoutePattern } from './route-table';

const PARAMETER_NAMES: Readonly<Record<RoutePattern['params'][number], string>> = {
  projectId: '{project_id}',
  serverId: '{server_id}',
  groupId: '{server_group_id}',
  jobId: '{job_id}',
};

/** A pattern's path as the API reference writes it: `/v2.1/{project_id}/servers/{server_id}/action`. */
export function displayPath(pattern: RoutePattern): string {
  let next = 0;
  return pattern.pattern.source
    .replace(/^\^|\$$/g, '')
    .replace('v2(?:\\.1)?', 'v2.1')
    .replace(/\(\?![^)]*\)\$\)/g, '')
    .replace(/\(\[\^\/\]\+\)/g, () => PARAMETER_NAMES[pattern.params[next++]])
    .replace(/\\\//g, '/');
}

/** One row per route id: the id (for faults and the audit), the request, and the action with its dependencies. */
export function emulatorRouteTable(): string {
  const rows = ROUTE_IDS.map((id) => {
    const pattern = patternOf(id);
    const variant = id.includes(':') ? id.slice(id.indexOf(':') + 1) : undefined;
    const bodyKey = variant !== undefined && pattern.route !== id ? ` body \`{"${variant}": …}\`` : '';
    const requirement = ROUTE_IAM[id];
    const action = requirement
      ? [`\`${requirement.action}\``, ...(requirement.dependencies.length > 0 ? [`+ ${requirement.dependencies.map((d) => `\`${d}\``).join(' ')}`] : [])].join(
          ' ',
        )
      : 'none (any authenticated caller, or the body authenticates)';
    return [`\`${id}\``, `\`${pattern.method} ${displayPath(pattern)}\`${bodyKey}`, action];
  });
  return markdownTable(['Route id (for faults and the audit)', 'Request', 'Action (+ dependencies)'], rows);
}

function patternOf(id: RouteId): RoutePattern {
  const pattern = ROUTE_PATTERNS.find((p) => p.route === id || id.startsWith(`${p.route}:`));
  if (!pattern) throw new Error(`route ${id} has no URL pattern in ROUTE_PATTERNS`);
  return pattern;
}
