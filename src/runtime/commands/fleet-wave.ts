/** `fleet-wave`: one wave of a ServerFleetMaintenance, every server through the steps in one process. */
import { parseFleetSteps } from '../../cloud/fleet-steps';
import { ServersTarget } from '../../operations/target';
import { Command } from '../command';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { runFleetWave } from '../private/fleet-wave';

const fleetWave: Command<ServersTarget> = async (context) => {
  const parsed = parseFleetSteps(context.input.steps ?? '');
  if ('problems' in parsed) throw new InvalidArgumentError(parsed.problems);
  return runFleetWave(context, parsed.steps);
};

export default fleetWave;
