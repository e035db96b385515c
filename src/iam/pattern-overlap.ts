/**
 * Whether two action patterns (either may hold `*`) match at least one action in common, with the
 * cloud's rules: the service compared as written, resource type and action case-insensitively.
 * The counterpart of `patternCovers`: used to decide whether a Deny reaches an Allow.
 */
import { actionPattern, patternsMeet } from './action-pattern';

export function patternsOverlap(a: string, b: string): boolean {
  return patternsMeet(actionPattern(a), actionPattern(b));
}
