/**
 * Builds a local-exec provisioner that runs the CLI without a shell: Terraform starts `interpreter[0]` with
 * the rest of `interpreter` and then `command` as its arguments. Each word is one argument: a literal goes
 * through `terraformLiteral`; a token's value (known at apply) becomes one argument as it is, never parsed.
 */
import type { LocalExecProvisioner } from '../../private/cdk-core';
import { type ExecArguments, execArgv } from '../../cloud/exec-arguments';
import type { OperationId } from '../../permissions/operation';
import { terraformExpression, terraformLiteral } from './terraform-literal';

/** The attribute that holds a resource's triggers: `triggers` (null_resource) or `triggers_replace` (terraform_data). */
export function triggersAttribute(resourceType: string): 'triggers' | 'triggers_replace' {
  return resourceType === 'terraform_data' ? 'triggers_replace' : 'triggers';
}

/** A reference to the resource's own trigger, for destroy-time arguments. */
export function selfReference(resourceType: string, trigger: string): string {
  return terraformExpression(`self.${triggersAttribute(resourceType)}.${trigger}`);
}

/**
 * The provisioner that runs `<cli words> exec <operation> <flags>`. The last word (always the literal,
 * non-empty construct path: Terraform refuses an empty `command`) is the `command`, the others the `interpreter`.
 */
export function execProvisioner(cliCommand: readonly string[], operation: OperationId, args: ExecArguments, when?: 'destroy'): LocalExecProvisioner {
  const words = [...cliCommand, 'exec', ...execArgv(operation, args)].map(terraformLiteral);
  const command = words.pop()!;
  return { type: 'local-exec', interpreter: words, command, ...(when ? { when } : {}) };
}
