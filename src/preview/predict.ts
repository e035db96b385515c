/**
 * Predicts what apply will do: every server and group the plan names is read once (bounded concurrency), then each
 * server's operations are walked in apply order, each one decided by the rule its runtime command decides with
 * (`SERVER_RULES`, the fleet-wave steps, the group rules), from the state the previous one leaves. Only reads: the
 * client it is given cannot send anything else.
 */
import { type FleetStep, parseFleetSteps } from '../cloud/fleet-steps';
import { OPERATIONS } from '../operations';
import { adviceFor } from '../runtime/advice';
import type { ReadClient } from '../runtime/client/read-only-client';
import { ApiError } from '../runtime/errors/api-error';
import { AuthError } from '../runtime/errors/auth-error';
import type { EcsLifecycleError } from '../runtime/errors/ecs-lifecycle-error';
import { PreconditionError } from '../runtime/errors/precondition-error';
import { mapBounded } from '../runtime/private/fleet-jobs';
import { afterStep, isComplete, refusalOf, stepHolds, WAVE_FIX } from '../runtime/private/fleet-rules';
import { groupToCreate, memberChanges, missingGroup, refuseUnlessStoppedToJoin } from '../runtime/private/group-rules';
import { type GroupApi, GROUP_ROWS, groupNamed, listGroups, type ServerGroup } from '../runtime/private/server-groups';
import { hasServerRule, SERVER_RULES } from '../runtime/private/server-rules';
import { describeState, isSettled, readServer, type ServerState } from '../runtime/private/server-state';
import type { PreviewOperation, PreviewStack, PreviewTarget } from './preview-report';
import { isUnknown, type PlannedStack, type PlannedStep, referenceOf, unknownArguments } from './read-plan';

/** Reads in flight at once. */
export const PREVIEW_CONCURRENCY = 8;

/** What is known of a server before (and, as the walk goes on, during) apply. */
type Known =
  | { readonly kind: 'state'; readonly state: ServerState }
  | { readonly kind: 'read-failed'; readonly error: ApiError }
  | { readonly kind: 'unknown'; readonly reason: string };

/** What the walk knows: servers by lower-case id, groups by API. */
interface World {
  readonly servers: Map<string, Known>;
  readonly groups: Map<GroupApi, ServerGroup[]>;
  readonly projectId: string;
  /** The ECS endpoint, for the advice the CLI would print. */
  readonly endpoint: string;
}

/** Predicts one stack. */
export async function predictStack(stack: PlannedStack, client: ReadClient, endpoint: string): Promise<PreviewStack> {
  const all = [...stack.steps, ...stack.destroySteps];
  const [servers, groups] = await Promise.all([readServers(client, serverIdsOf(all)), readGroups(client, all)]);
  const world: World = { servers, groups, projectId: client.projectId, endpoint };
  const order = applyOrder(stack.steps);
  const stoppedAt = new Map<string, string>();
  // A fleet's failures in this apply, all waves together: within its budget (`--max-failures`) the rollout goes on.
  const failedInFleet = new Map<string, number>();
  const operations = order.map((step) => {
    const blocker = step.dependsOn.map((d) => stoppedAt.get(d)).find((b) => b !== undefined);
    const operation = blocker !== undefined ? notRun(step, blocker) : predictStep(step, world);
    const refused = operation.targets.filter((t) => t.outcome === 'refused').length;
    if (blocker !== undefined) stoppedAt.set(step.address, blocker);
    else if (refused > 0 && !withinFailureBudget(step, failedInFleet, refused)) stoppedAt.set(step.address, step.construct);
    return operation;
  });
  // Destroy runs in reverse dependency order, against the state apply leaves.
  const destroy = applyOrder(stack.destroySteps)
    .reverse()
    .map((step) => predictStep({ ...step, applied: false }, world));
  return { stack: stack.stack, operations, destroy };
}

/**
 * Whether a fleet wave's refusals stay within the fleet's failure budget, counting them: then the wave succeeds and
 * the next wave runs (its report fails at the end of the apply). A report names failures already counted.
 */
function withinFailureBudget(step: PlannedStep, failedInFleet: Map<string, number>, refused: number): boolean {
  if (step.operation !== 'fleet-wave' || step.args.maxFailures === undefined) return false;
  if (step.args.phase === 'report') return true;
  const failed = (failedInFleet.get(step.construct) ?? 0) + refused;
  failedInFleet.set(step.construct, failed);
  return failed <= Number(step.args.maxFailures);
}

/** The steps in an order Terraform may apply them: each after everything it depends on; ties by address. */
export function applyOrder(steps: readonly PlannedStep[]): PlannedStep[] {
  const byAddress = new Map<string, PlannedStep[]>();
  for (const step of steps) byAddress.set(step.address, [...(byAddress.get(step.address) ?? []), step]);
  const placed = new Set<string>();
  const order: PlannedStep[] = [];
  const visiting = new Set<string>();
  const visit = (address: string) => {
    if (placed.has(address) || visiting.has(address) || !byAddress.has(address)) return;
    visiting.add(address);
    for (const dependency of [...new Set(byAddress.get(address)!.flatMap((s) => s.dependsOn))].sort()) visit(dependency);
    visiting.delete(address);
    placed.add(address);
    order.push(...byAddress.get(address)!);
  };
  for (const address of [...byAddress.keys()].sort()) visit(address);
  return order;
}

function notRun(step: PlannedStep, blocker: string): PreviewOperation {
  return operationOf(
    step,
    targetIdsOf(step).map((id) => ({
      id,
      outcome: 'unknown',
      from: '',
      to: '',
      reason: `not run: apply stops at ${blocker}, which this operation depends on`,
      notRunAfter: blocker,
    })),
  );
}

function operationOf(step: PlannedStep, targets: PreviewTarget[]): PreviewOperation {
  const wave = step.operation === 'fleet-wave' && step.args.wave ? Number(step.args.wave.split('/')[0]) : undefined;
  return { construct: step.construct, operation: step.operation, ...(wave ? { wave } : {}), address: step.address, targets };
}

function predictStep(step: PlannedStep, world: World): PreviewOperation {
  const resolved = step.resolved.length ? { resolvedFromState: step.resolved } : {};
  if (step.applied) {
    const reason = 'applied before: the Terraform state holds this resource with the same triggers, so apply does not run it again';
    return operationOf(
      step,
      targetIdsOf(step).map((id) => ({ id, outcome: 'already-done', from: '', to: '', reason, ...resolved })),
    );
  }
  const targets = targetsOf(step, world).map((t) => ({ ...t, ...resolved }));
  return operationOf(step, targets);
}

/**
 * Arguments whose unknown value does not hide what a step does to a server: the targets (each element is judged
 * alone), and a fleet's bookkeeping known only at apply (`--joined`, `--rollout`: the apply's plan time), which picks
 * the servers to re-run after a fleet grew, not what a step does.
 */
const TARGET_OR_BOOKKEEPING: ReadonlySet<string> = new Set(['serverId', 'serverIds', 'name', 'joined', 'rollout']);

function targetsOf(step: PlannedStep, world: World): PreviewTarget[] {
  const { operation, args } = step;
  const target = OPERATIONS[operation].target;
  const unknownInputs = unknownArguments(args).filter((name) => !TARGET_OR_BOOKKEEPING.has(name));
  if (unknownInputs.length) {
    return targetIdsOf(step).map((id) => ({
      id,
      outcome: 'unknown',
      from: '',
      to: '',
      reason: `${unknownInputs.map((n) => `--${n}`).join(', ')} is a value Terraform knows only at apply`,
    }));
  }
  if (operation === 'fleet-wave') return fleetWaveTargets(step, world);
  if (hasServerRule(operation)) return [serverTarget(step, args.serverId!, world, (state) => SERVER_RULES[operation](state, args))];
  if (target === 'group') return [groupTarget(step, world)];
  return targetIdsOf(step).map((id) => ({ id, outcome: 'unknown', from: '', to: '', reason: `the preview does not know ${operation}` }));
}

type ServerDecision = ReturnType<(typeof SERVER_RULES)[keyof typeof SERVER_RULES]>;

function serverTarget(step: PlannedStep, serverId: string, world: World, decide: (state: ServerState) => ServerDecision): PreviewTarget {
  const id = referenceOf(serverId);
  const known = knownServer(serverId, world, step);
  if (known.kind !== 'state') return notKnown(id, known, step, world);
  const before = known.state;
  try {
    const decision = decide(before);
    if (decision.kind === 'already-done')
      return { id, outcome: 'already-done', from: describeServer(before), to: describeServer(before), reason: decision.what };
    world.servers.set(serverId.toLowerCase(), { kind: 'state', state: decision.after });
    const [from, to] = difference(before, decision.after);
    if (!decision.observable) {
      return {
        id,
        outcome: 'unknown',
        from,
        to,
        reason: `runs on every apply; what it does (${step.operation}) shows in no state the cloud reports, so the preview cannot say more`,
      };
    }
    return { id, outcome: 'change', from, to, reason: '' };
  } catch (error) {
    if (!(error instanceof PreconditionError)) throw error;
    return refused(id, describeServer(before), error);
  }
}

/** The server as the walk knows it; a server with a task under way is settled first by apply, so its outcome is open. */
function knownServer(serverId: string, world: World, step: PlannedStep): Known {
  if (isUnknown(serverId)) {
    return { kind: 'unknown', reason: `the server id is ${referenceOf(serverId)}, which Terraform knows only at apply (a resource not yet created)` };
  }
  const known = world.servers.get(serverId.toLowerCase());
  if (!known) return { kind: 'unknown', reason: 'the server was not read' };
  if (known.kind === 'state' && !isSettled(known.state)) {
    return {
      kind: 'unknown',
      reason: `a task is under way (${describeState(known.state)}); ${step.operation} waits for it to end, then decides from the state it leaves`,
    };
  }
  return known;
}

// A server the cloud does not show fails the operation at apply, with the advice the CLI would print.
function notKnown(id: string, known: Exclude<Known, { kind: 'state' }>, step: PlannedStep, world: World): PreviewTarget {
  if (known.kind === 'unknown') return { id, outcome: 'unknown', from: '', to: '', reason: known.reason };
  const fix = adviceFor(known.error, { operation: step.operation, serverId: id, projectId: world.projectId, endpoint: world.endpoint });
  return { id, outcome: 'refused', from: '', to: '', reason: known.error.message, ...(fix ? { fix } : {}) };
}

function refused(id: string, from: string, error: EcsLifecycleError): PreviewTarget {
  return { id, outcome: 'refused', from, to: '', reason: error.message, ...(error.fix ? { fix: error.fix } : {}) };
}

/** What a wave's target is called when the plan names no servers: they are chosen at apply (e.g. by group or tag). */
export const SELECTED_AT_APPLY = '(selected at apply)';

function fleetWaveTargets(step: PlannedStep, world: World): PreviewTarget[] {
  const parsed = parseFleetSteps(step.args.steps ?? '');
  if (step.args.serverIds === undefined) {
    return [{ id: SELECTED_AT_APPLY, outcome: 'unknown', from: '', to: '', reason: 'the plan names no servers: the wave selects them at apply' }];
  }
  const ids = step.args.serverIds.split(',');
  if ('problems' in parsed) {
    return ids.map((id) => ({ id: referenceOf(id), outcome: 'refused', from: '', to: '', reason: parsed.problems.join('; ') }));
  }
  return ids.map((serverId) => fleetServerTarget(step, parsed.steps, serverId, world));
}

/** One server of a wave, through the steps, as `runFleetWave` decides for it. */
function fleetServerTarget(step: PlannedStep, steps: readonly FleetStep[], serverId: string, world: World): PreviewTarget {
  const id = referenceOf(serverId);
  const known = knownServer(serverId, world, step);
  // The wave reads each server first; one it cannot read fails alone, and the wave goes on with the others.
  if (known.kind === 'read-failed') {
    const code = known.error.code ? ` ${known.error.code}` : '';
    return { id, outcome: 'refused', from: '', to: '', reason: `server ${id} (read)${code}: ${known.error.message}`, fix: WAVE_FIX };
  }
  if (known.kind !== 'state') return notKnown(id, known, step, world);
  const before = known.state;
  if (isComplete(steps, before))
    return { id, outcome: 'already-done', from: describeServer(before), to: describeServer(before), reason: 'already at the end of the steps' };
  let state = before;
  for (const fleetStep of steps) {
    if (stepHolds(fleetStep, state)) continue;
    const refusal = refusalOf(fleetStep, state);
    if (refusal) {
      const stepName = describeFleetStep(fleetStep);
      return {
        id,
        outcome: 'refused',
        from: describeServer(before),
        to: '',
        reason: `server ${id} (${stepName}) ${refusal.errorCode}: ${refusal.reason}`,
        fix: WAVE_FIX,
      };
    }
    state = afterStep(fleetStep, state);
  }
  world.servers.set(serverId.toLowerCase(), { kind: 'state', state });
  const [from, to] = difference(before, state);
  if (from === to) {
    return { id, outcome: 'unknown', from, to, reason: 'runs on every apply; its steps show in no state the cloud reports, so the preview cannot say more' };
  }
  return { id, outcome: 'change', from, to, reason: '' };
}

function describeFleetStep(step: FleetStep): string {
  return 'type' in step
    ? `${step.kind} ${step.type}`
    : 'flavorRef' in step
      ? `resize ${step.flavorRef}`
      : 'imageId' in step
        ? `${step.kind} ${step.imageId}`
        : step.kind;
}

function groupTarget(step: PlannedStep, world: World): PreviewTarget {
  const { operation, args } = step;
  const name = args.name!;
  if (isUnknown(name))
    return {
      id: referenceOf(name),
      outcome: 'unknown',
      from: '',
      to: '',
      reason: `the group name is ${referenceOf(name)}, which Terraform knows only at apply`,
    };
  const api = groupApiOf(step);
  const groups = world.groups.get(api) ?? [];
  try {
    const existing = groupNamed(groups, name);
    if (operation.startsWith('server-group-create')) {
      if (groupToCreate(existing, name, args.policy!) === 'already-done') {
        return { id: name, outcome: 'already-done', from: describeGroup(existing), to: describeGroup(existing), reason: 'already exists' };
      }
      const created = { id: '', name, policies: [args.policy!], members: [] };
      world.groups.set(api, [...groups, created]);
      return { id: name, outcome: 'change', from: 'absent', to: describeGroup(created), reason: '' };
    }
    if (operation.startsWith('server-group-delete')) {
      if (!existing) return { id: name, outcome: 'already-done', from: 'absent', to: 'absent', reason: 'already gone' };
      world.groups.set(
        api,
        groups.filter((g) => g !== existing),
      );
      return { id: name, outcome: 'change', from: describeGroup(existing), to: 'absent', reason: '' };
    }
    return membersTarget(step, existing, world, api);
  } catch (error) {
    if (!(error instanceof PreconditionError)) throw error;
    return refused(name, '', error);
  }
}

/** `server-group-members`: the members apply would remove and add, refused when a server to add is running. */
function membersTarget(step: PlannedStep, group: ServerGroup | undefined, world: World, api: GroupApi): PreviewTarget {
  const name = step.args.name!;
  if (!group) throw missingGroup(name);
  const wanted = step.args.serverIds ? step.args.serverIds.split(',') : [];
  const from = describeMembers(group.members);
  if (wanted.some(isUnknown)) {
    return { id: name, outcome: 'unknown', from, to: '', reason: 'a member is a server id Terraform knows only at apply' };
  }
  const { toAdd, toRemove } = memberChanges(group.members, wanted);
  if (toAdd.length === 0 && toRemove.length === 0) return { id: name, outcome: 'already-done', from, to: from, reason: `already has exactly ${from}` };
  const states: ServerState[] = [];
  for (const serverId of toAdd) {
    const known = world.servers.get(serverId.toLowerCase());
    if (!known || known.kind === 'unknown')
      return { id: name, outcome: 'unknown', from, to: describeMembers(wanted), reason: `server ${serverId}: ${known?.reason ?? 'not read'}` };
    if (known.kind === 'read-failed') return refused(name, from, known.error);
    states.push(known.state);
  }
  refuseUnlessStoppedToJoin(states);
  world.groups.set(
    api,
    (world.groups.get(api) ?? []).map((g) => (g === group ? { ...g, members: wanted } : g)),
  );
  const changes = [...(toAdd.length ? [`adds ${toAdd.join(', ')}`] : []), ...(toRemove.length ? [`removes ${toRemove.join(', ')}`] : [])].join('; ');
  return { id: name, outcome: 'change', from, to: describeMembers(wanted), reason: changes };
}

/** The group API an operation calls: the one whose list row it holds. */
function groupApiOf(step: PlannedStep): GroupApi {
  const rows: readonly string[] = OPERATIONS[step.operation].rows;
  return rows.includes(GROUP_ROWS.cloudservers.list) ? 'cloudservers' : 'native';
}

/** What each target of a step is called: its server ids, or its group name. */
function targetIdsOf(step: PlannedStep): string[] {
  const { args } = step;
  const target = OPERATIONS[step.operation].target;
  if (target === 'server') return [referenceOf(args.serverId ?? '')];
  if (target === 'servers') return args.serverIds === undefined ? [SELECTED_AT_APPLY] : args.serverIds.split(',').map(referenceOf);
  return [referenceOf(args.name ?? '')];
}

/** The literal server ids the steps name: their targets, and the servers a member change adds. */
function serverIdsOf(steps: readonly PlannedStep[]): string[] {
  const ids = new Map<string, string>();
  for (const { args } of steps) {
    for (const id of [args.serverId, ...(args.serverIds?.split(',') ?? [])]) if (id && !isUnknown(id)) ids.set(id.toLowerCase(), id);
  }
  return [...ids.values()].sort();
}

async function readServers(client: ReadClient, ids: readonly string[]): Promise<Map<string, Known>> {
  const reads = await mapBounded(ids, PREVIEW_CONCURRENCY, async (serverId): Promise<Known> => {
    try {
      return { kind: 'state', state: await readServer({ client, target: { kind: 'server', serverId } }) };
    } catch (error) {
      // The cloud refused to show this server (e.g. it does not exist): apply would fail on it alone. Authorization
      // and network failures concern every read: they end the preview.
      if (error instanceof ApiError && !(error instanceof AuthError) && error.status >= 400 && error.status < 500) return { kind: 'read-failed', error };
      throw error;
    }
  });
  return new Map(ids.map((id, i) => [id.toLowerCase(), reads[i]]));
}

async function readGroups(client: ReadClient, steps: readonly PlannedStep[]): Promise<Map<GroupApi, ServerGroup[]>> {
  const apis = [...new Set(steps.filter((s) => OPERATIONS[s.operation].target === 'group').map(groupApiOf))].sort();
  const lists = await mapBounded(apis, PREVIEW_CONCURRENCY, (api) => listGroups({ client }, api));
  return new Map(apis.map((api, i) => [api, lists[i]]));
}

function describeServer(state: ServerState): string {
  return `${describeState(state)}, flavor ${state.flavorId ?? 'unknown'}`;
}

/** The fields an operation changes, before and after: `ACTIVE` → `SHUTOFF`, `flavor a` → `flavor b`, `unlocked` → `locked`. */
function difference(before: ServerState, after: ServerState): [string, string] {
  const fields: [string, string][] = [];
  if (before.status !== after.status) fields.push([before.status, after.status]);
  if (before.flavorId !== after.flavorId) fields.push([`flavor ${before.flavorId ?? 'unknown'}`, `flavor ${after.flavorId}`]);
  if (before.imageId !== after.imageId) fields.push([`image ${before.imageId ?? 'unknown'}`, `image ${after.imageId}`]);
  if (before.locked !== after.locked) fields.push([before.locked ? 'locked' : 'unlocked', after.locked ? 'locked' : 'unlocked']);
  if (fields.length === 0) return [before.status, after.status];
  return [fields.map((f) => f[0]).join(', '), fields.map((f) => f[1]).join(', ')];
}

function describeGroup(group: ServerGroup | undefined): string {
  return group ? `present (${group.policies.join(', ')}), ${describeMembers(group.members)}` : 'absent';
}

function describeMembers(members: readonly string[]): string {
  return members.length ? `members [${members.join(', ')}]` : 'no members';
}
