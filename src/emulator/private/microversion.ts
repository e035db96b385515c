/**
 * The Nova microversion a request asks for: `OpenStack-API-Version: compute 2.n` (from 2.27) or
 * `X-OpenStack-Nova-API-Version: 2.n`; `latest` is OTC's newest, 2.60 (ecs-api.md §2.1).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { header } from './authenticate';

export const MAX_MICROVERSION = 60;

/** The minor version, or the 406 message when the version is not served. */
export function parseMicroversion(headers: IncomingHttpHeaders): number | { readonly error: string } {
  const modern = header(headers, 'openstack-api-version');
  const legacy = header(headers, 'x-openstack-nova-api-version');
  const requested = modern !== undefined ? modern.replace(/^\s*compute\s+/i, '').trim() : legacy?.trim();
  if (requested === undefined) return 1;
  if (requested.toLowerCase() === 'latest') return MAX_MICROVERSION;
  const m = /^2\.(\d+)$/.exec(requested);
  const minor = m ? Number(m[1]) : NaN;
  if (minor >= 1 && minor <= MAX_MICROVERSION) return minor;
  return { error: `Version ${requested} is not supported by the API. Minimum is 2.1 and maximum is 2.${MAX_MICROVERSION}.` };
}
