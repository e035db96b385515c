/**
 * Property checks shared by the constructs, on top of the shared validation rules (src/validation), so that
 * synth refuses what apply would refuse, in the same words. Each failure is a SynthError naming the
 * construct path and the fix.
 */
import { Token, Tokenization } from '../../private/cdk-core';
import { invalidProperty } from '../../errors';
import { type Problem, problemWith, quoted, secondsToMs, type Validator, type ValidatorName, VALIDATORS } from '../../validation';

/** Identifies the construct being checked, for error messages. */
export interface Subject {
  readonly path: string;
  readonly construct: string;
}

/** Throws the shared rule's problem as a SynthError on the property. */
export function refuse(subject: Subject, property: string, problem: Problem): never {
  throw invalidProperty(subject.path, subject.construct, property, problem.problem, problem.fix);
}

/** Whether the string is one token and nothing else (e.g. `${TfToken[TOKEN.1]}`). */
export function isWholeToken(value: string): boolean {
  const fragments = Tokenization.reverseString(value);
  return fragments.length === 1 && fragments.firstToken !== undefined;
}

/**
 * Checks a required string property under a shared rule (by name), or under a synth-only rule for a value that never
 * reaches the CLI (e.g. a role's display name). A whole token (e.g. another resource's id) passes:
 * Terraform supplies its value at apply time, and the CLI checks it then. Text mixed with a token is refused,
 * as neither synth nor Terraform could check the result.
 */
export function checkRequired(subject: Subject, property: string, value: unknown, rule: ValidatorName | Validator): string {
  if (typeof value !== 'string' || value.length === 0) {
    const { describe, example } = typeof rule === 'string' ? VALIDATORS[rule] : rule;
    throw invalidProperty(
      subject.path,
      subject.construct,
      property,
      value === undefined || value === '' ? 'is missing or empty' : `must be a string, got ${typeof value}`,
      `set ${property} to ${describe}, e.g. ${example}`,
    );
  }
  if (Token.isUnresolved(value)) {
    if (isWholeToken(value)) return value;
    throw invalidProperty(
      subject.path,
      subject.construct,
      property,
      'mixes literal text with a token',
      `pass either a literal value or a token alone (e.g. another resource's id); to build a value in Terraform, use one function such as Fn.join`,
    );
  }
  const problem = problemWith(rule, value);
  if (problem) refuse(subject, property, problem);
  return value;
}

/** Checks an optional string property; absent stays absent. */
export function checkOptional(subject: Subject, property: string, value: unknown, rule: ValidatorName): string | undefined {
  return value === undefined ? undefined : checkRequired(subject, property, value, rule);
}

/** Checks a property that must be one of a fixed set of strings, returning the default when absent. */
export function checkChoice<T extends string>(subject: Subject, property: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw invalidProperty(subject.path, subject.construct, property, `is ${quoted(value)}`, `use one of ${choices.map((c) => `'${c}'`).join(', ')}`);
}

/** Checks an optional number of seconds under the bounds the CLI applies; returns milliseconds. */
export function checkSeconds(subject: Subject, property: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const result = secondsToMs(value);
  if ('problem' in result) refuse(subject, property, result);
  return result.ms;
}
