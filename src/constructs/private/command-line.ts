/**
 * Builds the local-exec command line: `<cli> exec <operation> <flags>`, each argument quoted for
 * /bin/sh and escaped for Terraform's template syntax, so that no value is interpreted twice.
 */
import { Token } from 'cdktf';
import { ExecArguments, execArgv } from '../../cloud/exec-arguments';
import { OperationId } from '../../permissions/operation';

/** Marks an argument value as a reference to the resource's own trigger, for destroy-time commands. */
export function selfReference(resourceType: string, trigger: string): string {
  const attribute = resourceType === 'terraform_data' ? 'triggers_replace' : 'triggers';
  return `\${self.${attribute}.${trigger}}`;
}

/** The full command for an operation. */
export function commandLine(cliCommand: string, operation: OperationId, args: ExecArguments): string {
  return [cliCommand, 'exec', ...execArgv(operation, args).map(shellArgument)].join(' ');
}

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
const SELF_REFERENCE = /^\$\{self\.(triggers|triggers_replace)\.[a-z_]+\}$/;

/**
 * Quotes one argument. Tokens and `self` references are left for Terraform to substitute (inside single
 * quotes, for the shell); any other `${` or `%{` is doubled so Terraform passes it through literally.
 */
export function shellArgument(value: string): string {
  if (Token.isUnresolved(value) || SELF_REFERENCE.test(value)) return `'${value}'`;
  const quoted = SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}
