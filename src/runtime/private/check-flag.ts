/** A flag's value checked with the shared rules (src/validation): the words synth uses, after the flag's name. */
import { ARGUMENT_RULES, EXEC_FLAGS, type ExecArgumentName, type ExecArguments } from '../../cloud/exec-arguments';
import { type Problem, problemWith, type Validator, type ValidatorName } from '../../validation';

/** `--server-id is "x", which is not an ECS server ID (a UUID); use …` */
export function flagProblem(flag: string, problem: Problem): string {
  return `${flag} ${problem.problem}; ${problem.fix}`;
}

/** Checks a flag's value, if given, adding any problem to `problems`; returns whether it passed. */
export function checkFlag(flag: string, rule: ValidatorName | Validator, value: string | undefined, problems: string[]): boolean {
  const problem = value === undefined ? undefined : problemWith(rule, value);
  if (problem) problems.push(flagProblem(flag, problem));
  return problem === undefined;
}

/** Checks each named argument that was given against its rule in ARGUMENT_RULES; returns the names that passed. */
export function checkArguments(args: ExecArguments, names: readonly ExecArgumentName[], problems: string[]): Set<ExecArgumentName> {
  const passed = new Set<ExecArgumentName>();
  for (const name of names) {
    const rule = ARGUMENT_RULES[name];
    if (rule === undefined || checkFlag(EXEC_FLAGS[name], rule, args[name], problems)) passed.add(name);
  }
  return passed;
}
