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
  if (problems.length || 'problems' in parsed) throw new InvalidArgumentError(problems);
  return runFleetWave(context, parsed.steps);
};

export default fleetWave;
