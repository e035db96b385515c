/**
 * The canonical form of an action pattern, for set comparison: the service is compared as written,
 * the resource type and the action case-insensitively (as the cloud evaluates them).
 */
export function patternKey(pattern: string): string {
  const [service, ...rest] = pattern.split(':');
  return [service, ...rest.map((segment) => segment.toLowerCase())].join(':');
}

/** Whether a pattern holds a wildcard. */
export function isWildcard(pattern: string): boolean {
  return pattern.includes('*');
}
