/**
 * The emulator decides a call by its actions alone (Effect, Action, NotAction): it has no request context for a
 * Condition (user, project, time, source address…) and no resource names to match a Resource against. Enforcing a
 * statement with either as if it held everywhere would be wrong both ways (an Allow under a Condition that is never
 * true would allow every call; a Deny under one would deny every call), so such a policy is refused when it is set,
 * with the reason: "IAM enforcement: ON" then means every statement is enforced as written.
 */
import type { PolicyDocument } from '../../iam';

/** Returns the policy when the emulator enforces every statement as written; throws, naming each statement it cannot. */
export function enforceablePolicy(policy: PolicyDocument, where: string): PolicyDocument {
  const problems = policy.Statement.flatMap((statement, i) => [
    ...(statement.Condition !== undefined && Object.keys(statement.Condition).length > 0 ? [`Statement[${i}] has a Condition`] : []),
    ...(statement.Resource?.some((resource) => resource !== '*') ? [`Statement[${i}] has a Resource other than "*"`] : []),
  ]);
  if (problems.length === 0) return policy;
  throw new Error(
    `${where}: ${problems.join('; ')}, which the emulator cannot evaluate: it decides by Effect and Action only, so it ` +
      'would enforce such a statement as if it held for every request. Remove the Condition or Resource to test the actions ' +
      "(the policies synth writes have neither), and check the policy as written with 'cdktf-ecs-lifecycle policy check', which evaluates them",
  );
}
