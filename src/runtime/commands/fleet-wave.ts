/** `fleet-wave`: one wave of a ServerFleetMaintenance, every server through the steps in one process. */
import { parseFleetSteps } from '../../cloud/fleet-steps';
import type { ServersTarget } from '../../operations/target';
import type { Command } from '../command';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { runFleetWave } from '../private/fleet-wave';

const fleetWave: Command<ServersTarget> = async (context) => {
  const parsed = parseFleetSteps(context.input.steps ?? '');
  const problems = 'problems' in parsed ? [...parsed.problems] : [];
  // The wave's place is printed in every progress line: only `<n>/<waves>`.
  if (context.input.wave !== undefined && !/^[1-9]\d{0,5}\/[1-9]\d{0,5}$/.test(context.input.wave))
    problems.push(`--wave ${JSON.stringify(context.input.wave)} must be <n>/<waves>, e.g. 2/5`);
  const joined = parseJoined(context.input.joined, context.target.serverIds.length, problems);
  if (problems.length || 'problems' in parsed) throw new InvalidArgumentError(problems);
  return runFleetWave(context, parsed.steps, joined);
};

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
