/**
 * Builds the local-exec command line: `<cli> exec <operation> <flags>`, each argument quoted for
 * /bin/sh and escaped for Terraform's template syntax, so that no value is interpreted twice.
 */
import { Token } from '../../private/cdk-core';
import { ExecArguments, execArgv } from '../../cloud/exec-arguments';
import { OperationId } from '../../permissions/operation';

/** The attribute that holds a resource's triggers: `triggers` (null_resource) or `triggers_replace` (terraform_data). */
export function triggersAttribute(resourceType: string): 'triggers' | 'triggers_replace' {
  return resourceType === 'terraform_data' ? 'triggers_replace' : 'triggers';
}

/** Marks an argument value as a reference to the resource's own trigger, for destroy-time commands. */
export function selfReference(resourceType: string, trigger: string): string {
  return `\${self.${triggersAttribute(resourceType)}.${trigger}}`;
}

/** The full command for an operation. */
export function commandLine(cliCommand: string, operation: OperationId, args: ExecArguments): string {
  let command = `${cliCommand} exec`;
  for (const argument of execArgv(operation, args)) command += ` ${shellArgument(argument)}`;
  return command;
}

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
const SELF_REFERENCE = /^\$\{self\.(triggers|triggers_replace)\.[a-z_]+\}$/;

/**
 * Quotes one argument. Tokens and `self` references are left for Terraform to substitute (inside single
 * quotes, for the shell); any other `${` or `%{` is doubled so Terraform passes it through literally.
 */
export function shellArgument(value: string): string {
  // Most values (ids, regions, flavors) are safe as they are: no quoting, no template syntax, no token.
  if (SAFE.test(value)) return value;
  if (Token.isUnresolved(value) || SELF_REFERENCE.test(value)) return `'${value}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}
