/**
 * The statements of a policy document as the `statement` blocks of an `opentelekomcloud_identity_role_v3`,
 * and back. The role and the policy file are the same data; these two pure functions are the only
 * translation between them, and `statementsOfRole(roleStatementsOf(s))` returns `s` byte for byte.
 */
import type { PolicyStatement } from '../iam/policy-document';

/** The description of the role that carries `file` of stack `stackId`; the gate recognises roles by it. */
export const policyRoleDescription = (file: string, stackId: string) => `cdktf-ecs-lifecycle: ${file} of stack '${stackId}'`;

/** Reads a description written by {@link policyRoleDescription}: groups 1 (the file) and 2 (the stack id). */
export const POLICY_ROLE_DESCRIPTION = /^cdktf-ecs-lifecycle: (ecs-iam-policy(?:-\d+)?\.json) of stack '([^']+)'$/;

/** One `statement` block of an `opentelekomcloud_identity_role_v3`, as in `cdk.tf.json`. */
export interface RoleStatement {
  readonly effect: string;
  readonly action: readonly string[];
  readonly resource?: readonly string[];
  /** The Condition object as JSON: the provider takes it as a string. */
  readonly condition?: string;
}

/**
 * The role's blocks for a document's statements.
 * @throws Error for a NotAction statement, which the role resource cannot express (synth never writes one)
 */
export function roleStatementsOf(statements: readonly PolicyStatement[]): RoleStatement[] {
  return statements.map((s, i) => {
    if (s.Action === undefined) throw new Error(`Statement[${i}] has no Action list; an opentelekomcloud_identity_role_v3 statement needs one`);
    return {
      effect: s.Effect,
      action: [...s.Action],
      ...(s.Resource ? { resource: [...s.Resource] } : {}),
      ...(s.Condition ? { condition: JSON.stringify(s.Condition) } : {}),
    };
  });
}

/** The policy statements a role's blocks stand for, with keys in the policy file's order. */
export function statementsOfRole(blocks: readonly RoleStatement[]): PolicyStatement[] {
  return blocks.map((b) => ({
    Effect: b.effect as PolicyStatement['Effect'],
    Action: [...b.action],
    ...(b.resource ? { Resource: [...b.resource] } : {}),
    ...(b.condition ? { Condition: JSON.parse(b.condition) as Record<string, unknown> } : {}),
  }));
}
