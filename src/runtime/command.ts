/** What every runtime command receives and returns. One command per operation id, in `commands/<id>.ts`. */
import { ApiClient } from './client/api-client';
import { Deadline } from './deadline';
import { OperationInput } from './operation-input';
import { Progress } from './progress';

/** Everything a command needs. */
export interface CommandContext {
  /** The checked operation values (server id, flavor, …). */
  readonly input: OperationInput;
  readonly client: ApiClient;
  readonly progress: Progress;
  readonly deadline: Deadline;
  /** Milliseconds between status polls. */
  readonly pollIntervalMs: number;
}

/** How a command ended. */
export interface CommandResult {
  /** Whether it changed anything: false when the end state already held. */
  readonly changed: boolean;
  /** The end state, for the final progress line, e.g. `server 1111 SHUTOFF`. */
  readonly summary: string;
}

/** A runtime command. */
export type Command = (context: CommandContext) => Promise<CommandResult>;
