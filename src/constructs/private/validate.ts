/**
 * Property checks shared by the constructs, on top of the shared validation rules (src/validation), so that
 * synth refuses what apply would refuse, in the same words. Each failure is a SynthError naming the
 * construct path and the fix.
 */
import type { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from '../../private/cdk-core';
import { invalidProperty } from '../../errors';
import {
  MAX_BATCH_SERVERS,
  type Problem,
  problemWith,
  quoted,
  repeatedServer,
  secondsToMs,
  serverIdKey,
  type Validator,
  type ValidatorName,
  VALIDATORS,
} from '../../validation';

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

/**
 * The server an ID or token names, as a key. The cloud compares server IDs (UUIDs) without regard to case, and so
 * does synth. A token is keyed by what it resolves to (e.g. `${opentelekomcloud_compute_instance_v2.web1.id}`):
 * every read of a resource's `id` is a new token string, but all of them name the same server.
 */
export function serverKey(scope: IConstruct, serverId: string): string {
  if (!Token.isUnresolved(serverId)) return serverIdKey(serverId);
  try {
    const resolved = Tokenization.resolve(serverId, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    return typeof resolved === 'string' ? `token:${resolved}` : serverId;
  } catch {
    return serverId; // a token that cannot be resolved yet is keyed by its own string
  }
}

/**
 * Refuses a list of servers apply would refuse (`--server-ids`): more than one batch call takes (when `perCall`), or
 * one server twice, the same ID in two cases or the same token twice included.
 */
export function checkServerList(scope: IConstruct, subject: Subject, property: string, ids: readonly string[], perCall: boolean): void {
  if (perCall && ids.length > MAX_BATCH_SERVERS) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      property,
      `lists ${ids.length} servers, and one call of the CLI takes at most ${MAX_BATCH_SERVERS}`,
      `list at most ${MAX_BATCH_SERVERS} servers`,
    );
  }
  const repeated = repeatedServer(ids.map((id) => serverKey(scope, id)));
  if (repeated === undefined) return;
  const named = (i: number) => (Token.isUnresolved(ids[i]) ? 'a token' : ids[i]);
  throw invalidProperty(
    subject.path,
    subject.construct,
    `${property}[${repeated.index}]`,
    `names the same server as ${property}[${repeated.first}] (${named(repeated.index)}; the cloud compares server IDs without regard to case)`,
    'list each server once',
  );
}
