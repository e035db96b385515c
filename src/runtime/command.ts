/** What every runtime command receives and returns. One command per operation id, in `commands/<id>.ts`. */
import type { Target } from '../operations/target';
import type { ApiClient } from './client/api-client';
import type { Deadline } from './deadline';
import type { OperationInput } from './operation-input';
import type { Progress } from './progress';

/** Everything a command needs; `T` is the target its operation's definition declares. */
export interface CommandContext<T extends Target = Target> {
  /** What the operation acts on: one server, a list of servers or a group. */
  readonly target: T;
  /** The checked operation values (flavor, image, …). */
  readonly input: OperationInput;
  readonly client: ApiClient;
  readonly progress: Progress;
  readonly deadline: Deadline;
  /** Milliseconds between status polls. */
  readonly pollIntervalMs: number;
  /**
   * Milliseconds a request to an API that queues a job, whose response was lost, is looked for on the server before
   * it is sent again (see `DEFAULT_RESEND_WINDOW_SECONDS`).
   */
  readonly resendWindowMs: number;
}

/** How a command ended. */
export interface CommandResult {
  /** Whether it changed anything: false when the end state already held. */
  readonly changed: boolean;
  /** The end state, for the final progress line, e.g. `server 1111 SHUTOFF`. */
  readonly summary: string;
}

/** A runtime command acting on a target of type `T`. */
export type Command<T extends Target = Target> = (context: CommandContext<T>) => Promise<CommandResult>;
