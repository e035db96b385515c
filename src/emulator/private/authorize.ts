/**
 * IAM enforcement: every required action (the route's action and each dependency) must be allowed;
 * the first one that is not, in the table's order, is the one the 403 names.
 */
import { evaluate, type PolicyDocument } from '../../iam';

export type Authorization = { readonly decision: 'allowed' | 'not-enforced' } | { readonly decision: 'denied'; readonly missingAction: string };

export function authorize(policy: PolicyDocument | undefined, required: readonly string[]): Authorization {
  if (!policy) return { decision: 'not-enforced' };
  const missingAction = required.find((action) => evaluate(policy, action).effect !== 'allow');
  return missingAction === undefined ? { decision: 'allowed' } : { decision: 'denied', missingAction };
}
