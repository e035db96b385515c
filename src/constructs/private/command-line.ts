/**
 * Builds a local-exec provisioner that runs the CLI without a shell: Terraform starts `interpreter[0]` with
 * the rest of `interpreter` and then `command` as its arguments. Each word is one argument: a literal goes
 * through `terraformLiteral`; a token's value (known at apply) becomes one argument as it is, never parsed.
 */
import type { LocalExecProvisioner } from '../../private/cdk-core';
import { type ExecArguments, execArgv } from '../../cloud/exec-arguments';
import { argumentTooLong } from '../../errors';
import type { OperationId } from '../../permissions/operation';
import { Token } from '../../private/cdk-core';
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
  const argv = [...cliCommand, 'exec', ...execArgv(operation, args)];
  refuseLongWords(argv, operation, args.constructPath);
  const words = argv.map(terraformLiteral);
  const command = words.pop()!;
  return { type: 'local-exec', interpreter: words, command, ...(when ? { when } : {}) };
}

/**
 * The longest argument Linux passes to a program: `MAX_ARG_STRLEN` is 32 pages (128 KiB), terminating NUL included.
 * A longer word makes `execve` fail with E2BIG ("argument list too long") at apply.
 */
export const MAX_ARGUMENT_BYTES = 128 * 1024 - 1;

/** Refuses a literal word Linux would not pass; a token's value is known only at apply, where the CLI sees it. */
function refuseLongWords(argv: readonly string[], operation: OperationId, constructPath: string): void {
  argv.forEach((word, i) => {
    if (Token.isUnresolved(word)) return;
    const bytes = Buffer.byteLength(word, 'utf8');
    if (bytes <= MAX_ARGUMENT_BYTES) return;
    const flag = argv[i - 1];
    const what = i === argv.length - 1 ? 'the construct path' : flag?.startsWith('--') ? `the value of ${flag}` : `command word ${i + 1}`;
    throw argumentTooLong(constructPath, operation, what, bytes, MAX_ARGUMENT_BYTES);
  });
}
