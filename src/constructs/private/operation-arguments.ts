/** The arguments and triggers shared by every lifecycle resource. */
import { createHash } from 'node:crypto';
import type { ExecArgumentName, ExecArguments } from '../../cloud/exec-arguments';
import type { OperationId } from '../../permissions/operation';
import { formatSeconds } from '../../validation';

/** The EcsEnvironment values every command carries. */
export interface EnvironmentValues {
  readonly cloud: string;
  readonly region: string;
  readonly projectId: string;
  readonly endpoint?: string;
  readonly pollIntervalSeconds?: number;
  readonly timeoutSeconds?: number;
}

const COMMON_ARGUMENTS = new WeakMap<EnvironmentValues, Omit<ExecArguments, 'constructPath'>>();

/**
 * A command's arguments: the construct path, those every command carries from the stack's EcsEnvironment
 * (worked out once per environment), and the operation's own.
 */
export function commandArguments(environment: EnvironmentValues, constructPath: string, own: Partial<ExecArguments>): ExecArguments {
  let common = COMMON_ARGUMENTS.get(environment);
  if (!common) {
    common = {
      cloud: environment.cloud,
      region: environment.region,
      projectId: environment.projectId,
      ...(environment.endpoint ? { endpoint: environment.endpoint } : {}),
      ...(environment.pollIntervalSeconds ? { pollInterval: formatSeconds(environment.pollIntervalSeconds * 1000) } : {}),
      ...(environment.timeoutSeconds ? { timeout: formatSeconds(environment.timeoutSeconds * 1000) } : {}),
    };
    COMMON_ARGUMENTS.set(environment, common);
  }
  return { constructPath, ...common, ...own };
}

const NOT_IDENTITY = new Set(['constructPath', 'pollInterval', 'timeout']);

/**
 * The values that identify what the operation does: changing any of them replaces the resource and
 * runs the operation again. How it is run (CLI command, poll interval, timeout) and where it is declared
 * (construct path) are left out, so changing them re-runs nothing.
 */
export function triggersOf(operation: OperationId, args: ExecArguments, rerunTrigger?: string): Record<string, string> {
  const triggers: Record<string, string> = { operation };
  for (const name in args) {
    const value = args[name as ExecArgumentName];
    if (value === undefined || NOT_IDENTITY.has(name)) continue;
    if (name === 'userData') triggers.user_data_sha256 = sha256(value);
    else triggers[triggerName(name)] = value;
  }
  if (rerunTrigger !== undefined) triggers.rerun_trigger = rerunTrigger;
  return triggers;
}

const TRIGGER_NAMES = new Map<string, string>();

/** The snake_case trigger name of an argument (`flavorRef` → `flavor_ref`), computed once per name. */
function triggerName(argument: string): string {
  let name = TRIGGER_NAMES.get(argument);
  if (name === undefined) {
    name = argument.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    TRIGGER_NAMES.set(argument, name);
  }
  return name;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
