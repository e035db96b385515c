/**
 * Native server actions, `POST /v2.1/{project_id}/servers/{server_id}/action` ([OTC-ECS]
 * native_openstack_nova_apis/status_management), with Nova's checks in Nova's order: the lock first
 * (409 "Instance … is locked"), then task_state and vm_state (409 conflictingRequest).
 * Accepted actions answer 202, except confirmResize (204), like upstream Nova.
 */
import type { NativeAction } from '../../route-table';
import { type HandlerContext, type HandlerResult, isObject, reply } from '../handler-context';
import { type EmulatorResponse, nativeError } from '../responses';
import type { ServerRecord, VmState } from '../server-record';
import type { World } from '../world';

/** Nova's action name in conflict messages ("Cannot 'stop' instance …"). */
const NOVA_NAMES: Readonly<Record<NativeAction, string>> = {
  'os-start': 'start',
  'os-stop': 'stop',
  reboot: 'reboot',
  resize: 'resize',
  confirmResize: 'confirmResize',
  revertResize: 'revertResize',
  lock: 'lock',
  unlock: 'unlock',
};

const ACCEPTED: EmulatorResponse = { status: 202 };

export function serverAction(ctx: HandlerContext, action: NativeAction): HandlerResult {
  const { world } = ctx;
  const server = world.servers.get(ctx.params.serverId ?? '');
  if (!server) return reply(nativeError(404, `Instance ${ctx.params.serverId} could not be found.`));
  const value = isObject(ctx.body) ? ctx.body[action] : undefined;
  const invalid = invalidArgument(action, value, world, server);
  if (invalid) return reply(nativeError(400, invalid));
  if (action === 'lock' || action === 'unlock') {
    // Locking is allowed in any state, and unlocking always works: that is how a locked server is freed.
    world.update(server, { locked: action === 'lock' });
    return { response: ACCEPTED, mutated: server.id };
  }
  if (server.locked) return reply(nativeError(409, `Instance ${server.id} is locked`));
  const conflict = stateConflict(action, server, value);
  if (conflict) return reply(nativeError(409, conflict));
  switch (action) {
    case 'os-start':
      powerCycle(world, server, 'powering-on', world.config.timings.start, 'active');
      break;
    case 'os-stop':
      powerCycle(world, server, 'powering-off', world.config.timings.stop, 'stopped');
      break;
    case 'reboot':
      reboot(world, server, (value as { type: string }).type === 'HARD');
      break;
    case 'resize':
      resize(world, server, flavorIdOf((value as { flavorRef: string }).flavorRef));
      break;
    case 'confirmResize':
      world.update(server, { vmState: server.resizedFrom ?? 'active', previousFlavorRef: undefined, resizedFrom: undefined });
      return { response: { status: 204 }, mutated: server.id };
    case 'revertResize':
      revertResize(world, server);
      break;
  }
  return { response: ACCEPTED, mutated: server.id };
}

/** A 400 message for a malformed action argument, or undefined. */
function invalidArgument(action: NativeAction, value: unknown, world: World, server: ServerRecord): string | undefined {
  switch (action) {
    case 'os-stop':
      if (value === null || value === undefined) return undefined;
      if (!isObject(value)) return 'Invalid input for field/attribute os-stop. Value: must be null or an object';
      if (value.type !== undefined && value.type !== 'SOFT' && value.type !== 'HARD') {
        return `Invalid input for field/attribute type. Value: ${JSON.stringify(value.type)}. 'type' must be one of 'SOFT', 'HARD'`;
      }
      return undefined;
    case 'reboot':
      // The reboot type is mandatory (restarting_an_ecs.rst).
      if (!isObject(value) || (value.type !== 'SOFT' && value.type !== 'HARD')) {
        return `Invalid input for field/attribute type. Value: ${JSON.stringify(isObject(value) ? value.type : value)}. 'type' is required and must be one of 'SOFT', 'HARD'`;
      }
      return undefined;
    case 'resize': {
      if (!isObject(value) || typeof value.flavorRef !== 'string' || value.flavorRef === '') {
        return "Invalid input for field/attribute resize. Value: 'flavorRef' is a required property";
      }
      const flavor = flavorIdOf(value.flavorRef);
      if (!world.flavors.has(flavor)) return 'Invalid flavorRef provided.';
      if (flavor === server.flavorRef) return 'When resizing, instances must change flavor!';
      return undefined;
    }
    default:
      // os-start, confirmResize, revertResize, lock and unlock take null (or an empty object).
      return value === null || value === undefined || isObject(value) ? undefined : `Invalid input for field/attribute ${action}. Value: must be null`;
  }
}

/** The actions Nova checks against the server's state (lock and unlock work in any state). */
type StateCheckedAction = Exclude<NativeAction, 'lock' | 'unlock'>;

/** The vm_states each action is allowed in (nova/compute/api.py check_instance_state); every action is listed. */
const ALLOWED_VM_STATES: Readonly<Record<StateCheckedAction, (value: unknown) => readonly VmState[]>> = {
  'os-start': () => ['stopped'],
  'os-stop': () => ['active'],
  // A hard reboot may start a stopped server; a soft one needs a running one (nova/compute/vm_states.py).
  reboot: (value) => ((value as { type: string }).type === 'HARD' ? ['active', 'stopped'] : ['active']),
  resize: () => ['active', 'stopped'],
  confirmResize: () => ['resized'],
  revertResize: () => ['resized'],
};

/** Nova's check_instance_state for the action, as a conflict message, or undefined. */
function stateConflict(action: StateCheckedAction, server: ServerRecord, value: unknown): string | undefined {
  const name = NOVA_NAMES[action];
  if (server.taskState !== null) return `Cannot '${name}' instance ${server.id} while it is in task_state ${server.taskState}`;
  const allowed = ALLOWED_VM_STATES[action](value);
  return allowed.includes(server.vmState) ? undefined : `Cannot '${name}' instance ${server.id} while it is in vm_state ${server.vmState}`;
}

function powerCycle(world: World, server: ServerRecord, taskState: string, ms: number, end: 'active' | 'stopped'): void {
  world.update(server, { taskState });
  world.scheduler.after(ms, () => world.update(server, { taskState: null, vmState: end, powerState: end === 'active' ? 1 : 4 }));
}

function reboot(world: World, server: ServerRecord, hard: boolean): void {
  const half = world.config.timings.reboot / 2;
  world.update(server, { taskState: hard ? 'rebooting_hard' : 'rebooting' });
  world.scheduler.steps([
    [half, () => world.update(server, { taskState: hard ? 'reboot_started_hard' : 'reboot_started' })],
    [half, () => world.update(server, { taskState: null, vmState: 'active', powerState: 1 })],
  ]);
}

// RESIZE through four task states, then VERIFY_RESIZE (vm_state resized, no task) until confirmed or reverted.
function resize(world: World, server: ServerRecord, flavorRef: string): void {
  const quarter = world.config.timings.resize / 4;
  const resizedFrom = server.vmState === 'stopped' ? 'stopped' : 'active';
  world.update(server, { taskState: 'resize_prep', resizedFrom });
  world.scheduler.steps([
    [quarter, () => world.update(server, { taskState: 'resize_migrating' })],
    [quarter, () => world.update(server, { taskState: 'resize_migrated' })],
    [quarter, () => world.update(server, { taskState: 'resize_finish' })],
    [
      quarter,
      () =>
        world.update(server, {
          taskState: null,
          vmState: 'resized',
          previousFlavorRef: server.flavorRef,
          flavorRef,
          powerState: resizedFrom === 'active' ? 1 : 4,
        }),
    ],
  ]);
}

function revertResize(world: World, server: ServerRecord): void {
  world.update(server, { taskState: 'resize_reverting' });
  world.scheduler.after(world.config.timings.revertResize, () => {
    const end = server.resizedFrom ?? 'active';
    world.update(server, {
      taskState: null,
      vmState: end,
      flavorRef: server.previousFlavorRef ?? server.flavorRef,
      previousFlavorRef: undefined,
      resizedFrom: undefined,
      powerState: end === 'active' ? 1 : 4,
    });
  });
}

/** A flavor may be given as an id or a URI ending in the id (modifying_the_specifications_of_an_ecs.rst). */
function flavorIdOf(flavorRef: string): string {
  return flavorRef.slice(flavorRef.lastIndexOf('/') + 1);
}
