/** Property checks shared by the constructs. Each failure is a SynthError naming the construct path and the fix. */
import { Token } from '../../private/cdk-core';
import { invalidProperty } from '../../errors';

/** Identifies the construct being checked, for error messages. */
export interface Subject {
  readonly path: string;
  readonly construct: string;
}

/** A check for one kind of value: a pattern, what it means, and an example of a good value. */
export interface ValueRule {
  readonly pattern: RegExp;
  readonly describe: string;
  readonly example: string;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const RULES = {
  serverId: { pattern: UUID, describe: 'an ECS server ID (a UUID)', example: "'1a2b3c4d-0000-4000-8000-00000000abcd'" },
  imageId: { pattern: UUID, describe: 'an image ID (a UUID)', example: "'e215580f-73ad-429d-b6f2-5433947433b0'" },
  userId: { pattern: /^[0-9a-f]{32}$/, describe: 'an IAM user ID (32 lower-case hex characters)', example: "'7e25b1da389f4697a79df3a0e5bd494e'" },
  projectId: { pattern: /^[0-9a-f]{32}$/, describe: 'a project ID (32 lower-case hex characters)', example: "'0123456789abcdef0123456789abcdef'" },
  flavorRef: { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, describe: 'a flavor ID without spaces', example: "'s3.large.2'" },
  groupName: { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, describe: '1 to 255 letters, digits, dots, dashes or underscores', example: "'web'" },
  keyName: { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, describe: 'a key pair name (letters, digits, dots, dashes, underscores)', example: "'KeyPair-350b'" },
  envName: { pattern: /^[A-Za-z_][A-Za-z0-9_]{0,127}$/, describe: 'the name of an environment variable', example: "'ECS_ADMIN_PASSWORD'" },
} satisfies Record<string, ValueRule>;

/**
 * Checks a required string property. Unresolved tokens (e.g. another resource's id) pass: Terraform
 * supplies their values at apply time.
 */
export function checkRequired(subject: Subject, property: string, value: unknown, rule: ValueRule): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidProperty(subject.path, subject.construct, property, value === undefined || value === '' ? 'is missing or empty' : `must be a string, got ${typeof value}`,
      `set ${property} to ${rule.describe}, e.g. ${rule.example}`);
  }
  if (!rule.pattern.test(value) && !Token.isUnresolved(value)) {
    throw invalidProperty(subject.path, subject.construct, property, `is ${JSON.stringify(value)}, which is not ${rule.describe}`,
      `use ${rule.describe}, e.g. ${rule.example}`);
  }
  return value;
}

/** Checks an optional string property; absent stays absent. */
export function checkOptional(subject: Subject, property: string, value: unknown, rule: ValueRule): string | undefined {
  return value === undefined ? undefined : checkRequired(subject, property, value, rule);
}

/** Checks a property that must be one of a fixed set of strings, returning the default when absent. */
export function checkChoice<T extends string>(subject: Subject, property: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw invalidProperty(subject.path, subject.construct, property, `is ${JSON.stringify(value)}`, `use one of ${choices.map((c) => `'${c}'`).join(', ')}`);
}

/** Checks an optional positive number of seconds. */
export function checkSeconds(subject: Subject, property: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidProperty(subject.path, subject.construct, property, `is ${JSON.stringify(value)}`, 'use a positive number of seconds');
  }
  return value;
}
