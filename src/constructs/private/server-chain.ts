/**
 * Orders the operations on each server: every operation depends on the previous one declared for the
 * same server in the stack, so stop → resize → start runs in that order. Also catches, at synth, a
 * sequence the cloud would refuse at apply (a mutation after a lock, an OS change after a start).
 */
import { type ITerraformDependable, TerraformStack } from '../../private/cdk-core';
import type { IConstruct } from 'constructs';
import { lockedServer, serverNotRunning, serverNotStopped } from '../../errors';
import { type Subject, serverKey } from './validate';
import { OPERATIONS, type OperationId, type Precondition } from '../../operations';

/**
 * What an operation leaves behind on the server, as far as synth can know. What it needs first is its definition's
 * `preconditions` (src/operations), read by `serverChain`: constructs never restate them.
 */
export interface ServerEffect {
  /**
   * A power state the plan needs beyond the definition's preconditions (a fleet wave's first steps decide it).
   * @default - the definition's: `stopped` or `running` when its preconditions name one
   */
  readonly requires?: 'stopped' | 'running';
  /** The power state after the operation. @default - unchanged */
  readonly powerAfter?: 'stopped' | 'running';
  /** The lock state after the operation. @default - unchanged */
  readonly lockAfter?: 'locked' | 'unlocked';
}

interface ChainLink {
  readonly dependable: ITerraformDependable;
  readonly power: 'stopped' | 'running' | 'unknown';
  readonly lock: 'locked' | 'unlocked' | 'unknown';
  /** The operation that last set the power state. */
  readonly powerSetBy?: Subject;
  /** The ServerLock that locked the server. */
  readonly lockedBy?: Subject;
}

const CHAINS = new WeakMap<TerraformStack, Map<string, ChainLink>>();

/** The operation's place in its server's chain. */
export interface ChainPosition {
  /** The previous operation declared for the same server, which this one must depend on. */
  readonly previous?: ITerraformDependable;
  /** Records the operation's resource as the server's latest operation. */
  record(dependable: ITerraformDependable): void;
}

/** Checks the operation against the server's chain so far; call `record` once its resource exists. */
export function serverChain(scope: IConstruct, subject: Subject, serverId: string, operation: OperationId, effect: ServerEffect = {}): ChainPosition {
  const preconditions: readonly Precondition[] = OPERATIONS[operation].preconditions;
  const requires = effect.requires ?? (preconditions.includes('stopped') ? 'stopped' : preconditions.includes('running') ? 'running' : undefined);
  const stack = TerraformStack.of(scope);
  const chains = CHAINS.get(stack) ?? new Map<string, ChainLink>();
  CHAINS.set(stack, chains);
  const key = serverKey(scope, serverId);
  const previous = chains.get(key);
  if (previous?.lock === 'locked' && preconditions.includes('unlocked')) {
    throw lockedServer(subject.path, subject.construct, serverId, previous.lockedBy!.path);
  }
  if (requires === 'stopped' && previous?.power === 'running') {
    throw serverNotStopped(subject.path, subject.construct, serverId, previous.powerSetBy!.path, previous.powerSetBy!.construct);
  }
  if (requires === 'running' && previous?.power === 'stopped') {
    throw serverNotRunning(subject.path, subject.construct, serverId, previous.powerSetBy!.path);
  }
  return {
    previous: previous?.dependable,
    record: (dependable) =>
      chains.set(key, {
        dependable,
        power: effect.powerAfter ?? previous?.power ?? 'unknown',
        powerSetBy: effect.powerAfter ? subject : previous?.powerSetBy,
        lock: effect.lockAfter ?? previous?.lock ?? 'unknown',
        lockedBy: effect.lockAfter === 'locked' ? subject : effect.lockAfter === 'unlocked' ? undefined : previous?.lockedBy,
      }),
  };
}
