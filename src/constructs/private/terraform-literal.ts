/**
 * Terraform reads every string in cdk.tf.json as a template: `${…}` is an interpolation and `%{…}` a
 * directive. A literal string we write must reach Terraform's result byte for byte, so it goes through
 * `terraformLiteral`, the one escaping function of the plan. Tokens (whole, as the checks require) are
 * left for Terraform to substitute: the value they produce is never evaluated again.
 */
import { Lazy, Token } from '../../private/cdk-core';
import { isWholeToken } from './validate';

/** Escapes a literal for Terraform's template language (`${` → `$${`, `%{` → `%%{`); a whole token passes. */
export function terraformLiteral(value: string): string {
  if (Token.isUnresolved(value)) {
    // The property checks refuse text mixed with a token; reaching here with one is a bug, not bad input.
    if (!isWholeToken(value)) throw new Error('internal error: a value mixing literal text with a token reached the plan');
    return value;
  }
  return value.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/**
 * A list argument as one command-line word holding a JSON array, one element per value: literals as JSON strings,
 * whole tokens as references Terraform evaluates inside the expression (`jsonencode(["…", tostring(var.x)])`). Each
 * element stays one element whatever its value at apply (a variable holding `id1,id2` is one element, which the CLI
 * refuses as not one server ID; a variable holding a list fails `tostring` in Terraform before any command runs), so
 * the CLI sees the declared elements.
 */
export function terraformJsonList(values: readonly string[]): string {
  if (!values.some((value) => Token.isUnresolved(value))) return terraformLiteral(JSON.stringify(values));
  // Inside an expression, cdktf writes a reference token bare (`var.x`), not as `${var.x}`.
  const element = (value: string) => (Token.isUnresolved(value) ? `tostring(${terraformLiteral(value)})` : terraformLiteral(JSON.stringify(value)));
  return Lazy.stringValue({ produce: () => `\${jsonencode([${values.map(element).join(', ')}])}` });
}

/**
 * A Terraform expression we write ourselves (e.g. `self.triggers.name`), as a token, so that it is the only
 * text in the plan that Terraform evaluates.
 */
export function terraformExpression(expression: string): string {
  return Lazy.stringValue({ produce: () => `\${${expression}}` });
}

/**
 * Terraform keeps every string in Unicode NFC, so text in another form would not reach the CLI as written:
 * literals must already be NFC. (A variable's value reaches the CLI in the NFC form Terraform holds it in.)
 */
export function isNfc(value: string): boolean {
  return value.normalize('NFC') === value;
}

export const NFC_FIX = "compose it first, e.g. value.normalize('NFC')";
