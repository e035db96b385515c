/** `fleet-wave`: one wave of a ServerFleetMaintenance, every server through the steps in one process. */
import { parseFleetSteps } from '../../cloud/fleet-steps';
import type { ServersTarget } from '../../operations/target';
import type { Command } from '../command';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { runFleetWave } from '../private/fleet-wave';
import type { HealthCheck } from '../private/health-check';
import type { OperationInput } from '../operation-input';
import { DEFAULT_HEALTH_INTERVAL_SECONDS, DEFAULT_HEALTH_TIMEOUT_SECONDS, isHealthCommand, MAX_HEALTH_ARGS } from '../../cloud/fleet-steps';
import { secondsToMs } from '../../validation';

const fleetWave: Command<ServersTarget> = async (context) => {
  const parsed = parseFleetSteps(context.input.steps ?? '');
  const problems = 'problems' in parsed ? [...parsed.problems] : [];
  // The wave's place is printed in every progress line: only `<n>/<waves>`.
  if (context.input.wave !== undefined && !/^[1-9]\d{0,5}\/[1-9]\d{0,5}$/.test(context.input.wave))
    problems.push(`--wave ${JSON.stringify(context.input.wave)} must be <n>/<waves>, e.g. 2/5`);
  const input = context.input;
  const joined = parseJoined(input.joined, context.target.serverIds.length, problems);
  if (input.rollout !== undefined && !RFC3339.test(input.rollout))
    problems.push(`--rollout ${JSON.stringify(input.rollout)} must be a time such as 2026-11-23T08:00:00Z`);
  const maxFailures = wholeNumber('--max-failures', input.maxFailures, 0, problems);
  const pauseAfter = wholeNumber('--pause-after', input.pauseAfter, 1, problems);
  if (input.phase !== undefined && input.phase !== 'wave' && input.phase !== 'report')
    problems.push(`--phase must be wave or report, not ${JSON.stringify(input.phase)}`);
  if (input.onFailure !== undefined && input.onFailure !== 'leave' && input.onFailure !== 'restore-power')
    problems.push(`--on-failure must be leave or restore-power, not ${JSON.stringify(input.onFailure)}`);
  const healthCheck = parseHealthCheck(input, problems);
  const bakeMs = seconds('--bake', input.bake, problems);
  if (problems.length || 'problems' in parsed) throw new InvalidArgumentError(problems);
  return runFleetWave(context, parsed.steps, {
    joined,
    rollout: input.rollout,
    maxFailures,
    phase: input.phase === 'report' ? 'report' : 'wave',
    healthCheck,
    bakeMs,
    restorePower: input.onFailure === 'restore-power',
    pauseAfter,
  });
};

/** The health check flags: `--health-check` a JSON array of 1 to 64 strings (argv), with its timeout and interval. */
export function parseHealthCheck(input: OperationInput, problems: string[]): HealthCheck | undefined {
  if (input.healthCheck === undefined) {
    if (input.healthTimeout !== undefined || input.healthInterval !== undefined) problems.push('--health-timeout and --health-interval need --health-check');
    return undefined;
  }
  let command: unknown;
  try {
    command = JSON.parse(input.healthCheck);
  } catch {
    command = undefined;
  }
  if (!isHealthCommand(command)) {
    problems.push(`--health-check must be a JSON array of 1 to ${MAX_HEALTH_ARGS} strings (the command and its arguments, no shell), the first not empty`);
    return undefined;
  }
  const timeoutMs = seconds('--health-timeout', input.healthTimeout, problems) ?? DEFAULT_HEALTH_TIMEOUT_SECONDS * 1000;
  const intervalMs = seconds('--health-interval', input.healthInterval, problems) ?? DEFAULT_HEALTH_INTERVAL_SECONDS * 1000;
  return { command, timeoutMs, intervalMs };
}

export function seconds(flag: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const result = secondsToMs(value);
  if ('problem' in result) {
    problems.push(`${flag} ${result.problem}`);
    return undefined;
  }
  return result.ms;
}

function wholeNumber(flag: string, value: string | undefined, min: number, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,7}$/.test(value) || Number(value) < min) {
    problems.push(`${flag} must be a whole number from ${min}, not ${JSON.stringify(value)}`);
    return undefined;
  }
  return Number(value);
}

/** `--joined`: a JSON array of times (RFC 3339, as Terraform's plantimestamp writes them), one per server. */
function parseJoined(text: string | undefined, servers: number, problems: string[]): readonly string[] | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const times = Array.isArray(value) ? value : [];
  if (times.length !== servers || !times.every((t) => typeof t === 'string' && RFC3339.test(t))) {
    problems.push(`--joined must be a JSON array of ${servers} times such as "2026-11-23T08:00:00Z", one per server of --server-ids`);
    return undefined;
  }
  return times as string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export default fleetWave;
