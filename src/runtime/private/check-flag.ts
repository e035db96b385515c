/** A flag's value checked with the shared rules (src/validation): the words synth uses, after the flag's name. */
import { Problem, problemWith, ValidatorName } from '../../validation';

/** `--server-id is "x", which is not an ECS server ID (a UUID); use …` */
export function flagProblem(flag: string, problem: Problem): string {
  return `${flag} ${problem.problem}; ${problem.fix}`;
}

/** Checks a flag's value, if given, adding any problem to `problems`; returns whether it passed. */
export function checkFlag(flag: string, rule: ValidatorName, value: string | undefined, problems: string[]): boolean {
  const problem = value === undefined ? undefined : problemWith(rule, value);
  if (problem) problems.push(flagProblem(flag, problem));
  return problem === undefined;
}
