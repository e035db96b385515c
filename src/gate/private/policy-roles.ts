/**
 * Recognises, in a cdktf.out folder, the roles a LifecyclePolicyRole wrote (`opentelekomcloud_identity_role_v3` on
 * OTC, `huaweicloud_identity_role` on Huawei Cloud), and checks that each carries exactly the policy file it names:
 * the OTC role its statements, the Huawei role the file's text. The role and the file are the same data, so the gate
 * counts the policy once (from the file) and refuses a folder in which they differ.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { JsonTextError, parseJsonText } from '../../iam/json-text';
import { POLICY_ROLE_DESCRIPTION, type RoleStatement, statementsOfRole } from '../../policy/role-statements';
import { GateInputError } from '../gate-input-error';
import type { LoadedPolicy } from '../policy-input';

const ROLE_TYPE = 'opentelekomcloud_identity_role_v3';
const HUAWEI_ROLE_TYPE = 'huaweicloud_identity_role';

/**
 * @param stacksDir the `stacks` folder of a cdktf.out folder
 * @param stackIds every stack folder in it
 * @param policies the policies read from it, by stack id
 * @throws GateInputError when a role's statements are not its file's, or its file is missing
 */
export function checkPolicyRoles(stacksDir: string, stackIds: readonly string[], policies: ReadonlyMap<string, LoadedPolicy>): void {
  for (const id of stackIds) {
    const planPath = join(stacksDir, id, 'cdk.tf.json');
    let text: string;
    try {
      text = readFileSync(planPath, 'utf8');
    } catch {
      continue; // a stack folder without a plan has no role
    }
    if (!text.includes(ROLE_TYPE) && !text.includes(HUAWEI_ROLE_TYPE)) continue;
    let resources: Record<string, Record<string, RoleResource>>;
    try {
      // A repeated key (a second "statement" in a role) would be read once here and twice by Terraform: refused.
      resources = (parseJsonText(text) as { resource?: typeof resources }).resource ?? {};
    } catch (e) {
      if (e instanceof JsonTextError) throw new GateInputError(planPath, [e.message]);
      throw new GateInputError(planPath, [`is not JSON: ${(e as Error).message}`]);
    }
    const roles = [ROLE_TYPE, HUAWEI_ROLE_TYPE].flatMap((type) => Object.entries(resources[type] ?? {}).map(([name, role]) => ({ type, name, role })));
    for (const { type, name, role } of roles) {
      const carried = typeof role.description === 'string' ? POLICY_ROLE_DESCRIPTION.exec(role.description) : null;
      if (!carried) continue; // a role the app declared itself, not a copy of a generated policy
      const [, file, stack] = carried;
      const address = `${type}.${name}`;
      const policyFile = policies.get(stack)?.files.find((f) => basename(f.path) === file);
      if (!policyFile) {
        throw new GateInputError(planPath, [
          `${address} carries ${file} of stack '${stack}', but ${join(stacksDir, stack, file)} is missing`,
          'synthesize the whole app into one cdktf.out folder, so that each role is read with its policy file',
        ]);
      }
      const same =
        type === HUAWEI_ROLE_TYPE
          ? policyText(role.policy, planPath, address) === readFileSync(policyFile.path, 'utf8')
          : JSON.stringify(statementsOf(role.statement, planPath, address)) === JSON.stringify(policyFile.document.Statement);
      if (!same) {
        throw new GateInputError(planPath, [
          `${address} does not carry the statements of ${policyFile.path}`,
          'both are written from the same data at synth, so one was edited afterwards: synthesize again',
        ]);
      }
    }
  }
}

interface RoleResource {
  readonly description?: unknown;
  readonly statement?: unknown;
  readonly policy?: unknown;
}

// The Huawei role's `policy` as Terraform reads it: the construct writes a literal `${` or `%{` doubled.
function policyText(value: unknown, planPath: string, address: string): string {
  if (typeof value !== 'string') throw new GateInputError(planPath, [`${address}.policy is not a string`]);
  return value.replace(/([$%])\1\{/g, '$1{');
}

function statementsOf(value: unknown, planPath: string, address: string) {
  const isBlock = (b: unknown): b is RoleStatement =>
    typeof b === 'object' &&
    b !== null &&
    typeof (b as RoleStatement).effect === 'string' &&
    Array.isArray((b as RoleStatement).action) &&
    (b as RoleStatement).action.every((a) => typeof a === 'string');
  if (!Array.isArray(value) || !value.every(isBlock)) {
    throw new GateInputError(planPath, [`${address}.statement is not a list of { effect, action } blocks`]);
  }
  try {
    return statementsOfRole(value);
  } catch (e) {
    throw new GateInputError(planPath, [`${address}.statement has a condition that is not JSON: ${(e as Error).message}`]);
  }
}
