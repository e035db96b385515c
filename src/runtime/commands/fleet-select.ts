/**
 * `fleet-select`: a selected fleet of a ServerFleetMaintenance, in one process. It selects the servers, prints the
 * selection before anything changes, plans the waves from it (the ramp, and at most `--max-unavailable-per-group`
 * members of one server group in a wave) and runs each wave as `fleet-wave` does. A failed wave stops the rollout; the
 * next apply selects again and touches only the servers not yet at the end state.
 */
import { parseFleetSteps, describeFleetSteps } from '../../cloud/fleet-steps';
import { groupIndex } from '../../cloud/group-index';
import type { CloudName } from '../../cloud/regions';
import { describeSelector, parseSelector } from '../../cloud/server-selection';
import { planWaves, resolveWaveSize } from '../../cloud/wave-plan';
import type { SelectionTarget } from '../../operations/target';
import { MAX_BATCH_SERVERS } from '../../validation';
import type { Command, CommandContext } from '../command';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { PreconditionError } from '../errors/precondition-error';
import { runFleetWave } from '../private/fleet-wave';
import { emit } from '../private/events';
import { listServerGroups, selectServers } from '../private/select-servers';
import { parseHealthCheck, seconds } from './fleet-wave';

/** Ids per progress line when the selection is printed. */
const IDS_PER_LINE = 10;

const fleetSelect: Command<SelectionTarget> = async (context) => {
  const { input } = context;
  const steps = parseFleetSteps(input.steps ?? '');
  const selection = parseSelector(context.target.selector);
  const problems = [...('problems' in steps ? steps.problems : []), ...('problems' in selection ? selection.problems : [])];
  if (input.onFailure !== undefined && input.onFailure !== 'leave' && input.onFailure !== 'restore-power')
    problems.push(`--on-failure must be leave or restore-power, not ${JSON.stringify(input.onFailure)}`);
  const healthCheck = parseHealthCheck(input, problems);
  const bakeMs = seconds('--bake', input.bake, problems);
  if ('selector' in selection && selection.selector.kind === 'group' && input.enterpriseProjectId !== undefined)
    problems.push('--enterprise-project-id narrows a tag selection; a group selection takes the group’s members wherever they are');
  if (problems.length || 'problems' in steps || 'problems' in selection) throw new InvalidArgumentError(problems);
  const { selector } = selection;
  const described = describeSelector(selector, input.enterpriseProjectId);

  const ids = await selectServers(context, selector, { cloud: input.cloud as CloudName, enterpriseProjectId: input.enterpriseProjectId });
  printSelection(context, described, ids);
  const minServers = input.minServers ?? 0;
  if (ids.length < minServers) {
    throw new PreconditionError(
      `the selection (${described}) holds ${ids.length} server${ids.length === 1 ? '' : 's'}, fewer than --min-servers ${minServers}; nothing was changed`,
      {
        fix: 'tag or add the missing servers (or lower minServers), then run terraform apply again',
      },
    );
  }
  if (ids.length === 0) return { changed: false, summary: `the selection (${described}) holds no server` };

  const maxPerGroup = input.maxUnavailablePerGroup;
  const groupOf = maxPerGroup === undefined ? undefined : selector.kind === 'group' ? () => selector.groupId : groupIndex(await listServerGroups(context));
  // Sizes resolve against what was selected; no wave exceeds one batch call.
  const sizes = (input.waveSizes ?? [MAX_BATCH_SERVERS]).map((size) => Math.min(resolveWaveSize(size, ids.length), MAX_BATCH_SERVERS));
  const waves = planWaves(ids, { sizes, groupOf, maxPerGroup });
  context.progress.line(
    `${waves.length} wave${waves.length === 1 ? '' : 's'} of ${waves.map((w) => w.length).join(', ')} server(s)` +
      (maxPerGroup === undefined ? '' : `, at most ${maxPerGroup} member(s) of one server group in a wave`),
  );
  let changed = false;
  for (const [i, wave] of waves.entries()) {
    // Each wave as a listed fleet's wave without a failure budget: any failure stops the rollout at that wave.
    const result = await runFleetWave(
      { ...context, target: { kind: 'servers', serverIds: wave }, input: { ...input, wave: `${i + 1}/${waves.length}` } },
      steps.steps,
      { phase: 'wave', healthCheck, bakeMs, restorePower: input.onFailure === 'restore-power' },
    );
    changed ||= result.changed;
  }
  const end = `${ids.length} server${ids.length === 1 ? '' : 's'} (${described}) in ${waves.length} wave${waves.length === 1 ? '' : 's'} at the end of ${describeFleetSteps(steps.steps)}`;
  return { changed, summary: changed ? end : `all ${end}` };
};

/** The selection, before anything changes: the count, then the ids, a few per line; and one `selection` event. */
function printSelection(context: CommandContext, described: string, ids: readonly string[]): void {
  emit(context, { type: 'selection', selector: described, servers: ids.length, serverIds: ids });
  context.progress.line(`selected ${ids.length} server${ids.length === 1 ? '' : 's'}: ${described}`);
  for (let i = 0; i < ids.length; i += IDS_PER_LINE) context.progress.line(`selected: ${ids.slice(i, i + IDS_PER_LINE).join(', ')}`);
}

export default fleetSelect;
