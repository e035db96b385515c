/**
 * An endpoint is a scheme and a host (and port) only. Credentials travel over HTTPS; plain HTTP is
 * accepted only for a loopback address (an emulator on this machine).
 */
import { type Problem, quoted } from './validators';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const BARE_ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+\/?$/;
const FIX = "give https://host[:port], or http:// on localhost, 127.0.0.1 or [::1] only, e.g. 'https://ecs.eu-de.otc.t-systems.com' or 'http://127.0.0.1:8080'";

/** The endpoint's origin (`https://host:port`), or the problem. */
export function endpointOrigin(value: unknown): { readonly origin: string } | Problem {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) return { problem: `is ${quoted(value)}, which is not a URL`, fix: FIX };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname))) {
    return { problem: `is ${quoted(value)}, which must use https (http only for localhost, 127.0.0.1 or [::1])`, fix: FIX };
  }
  // new URL() silently drops some characters (tabs, newlines): the text itself must be a bare origin too.
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password || !BARE_ORIGIN.test(value as string)) {
    return { problem: `is ${quoted(value)}, which is more than a scheme, host and port`, fix: FIX };
  }
  return { origin: url.origin };
}
