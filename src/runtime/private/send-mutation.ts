/**
 * Sends one mutation. When its outcome is unknown (the connection dropped after the request left, the request
 * timed out, the service answered 500/502/504, or a success body was unreadable), it is never re-sent blindly:
 * the state is re-read first, and the request is sent again only when that shows it was not applied.
 */
import type { ApiRequest, ApiResponse } from '../client/api-client';
import type { CommandContext } from '../command';
import { ApiError } from '../errors/api-error';
import { AuthError } from '../errors/auth-error';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { NetworkError } from '../errors/network-error';
import { sleepOrTimeOut } from './wait';

/** How a command tells whether its mutation was applied. */
export interface AppliedCheck {
  /** Reads the state; true when it shows the mutation was applied. */
  readonly applied: () => Promise<boolean>;
  /**
   * How many reads, one poll interval apart, may pass before concluding the mutation was not applied. A job API
   * can leave the server untouched while the job is queued, so it looks longer than a native action does.
   * @default 1
   */
  readonly reads?: number;
}

/** The response; undefined when it was lost but the re-read showed the mutation was applied. */
export type MutationOutcome = ApiResponse | undefined;

/** Times a mutation is sent again after re-reads showed it was not applied. */
const MAX_RESENDS = 2;
/** Statuses after which the service may have applied the mutation before failing. */
const UNKNOWN_OUTCOME_STATUSES = [500, 502, 504];

export async function sendMutation(context: CommandContext, request: ApiRequest, check: AppliedCheck): Promise<MutationOutcome> {
  const { client, progress } = context;
  for (let resends = 0; ; resends += 1) {
    try {
      return await client.request(request);
    } catch (error) {
      if (!outcomeUnknown(error) || resends >= MAX_RESENDS) throw error;
      progress.line(`${(error as Error).message}; re-reading the state before deciding whether to send it again`);
      const reads = check.reads ?? 1;
      for (let read = 1; read <= reads; read += 1) {
        if (await check.applied()) {
          progress.line(`the ${request.method} was applied; not sending it again`);
          return undefined;
        }
        if (read < reads) await sleepOrTimeOut(context, `a sign that ${request.method} ${request.path} was applied`, 'no change');
      }
      progress.line(`the ${request.method} was not applied; sending it again`);
    }
  }
}

function outcomeUnknown(error: unknown): boolean {
  if (error instanceof NetworkError) return error.requestSent;
  if (error instanceof InvalidResponseError) return error.status >= 200 && error.status < 300;
  return error instanceof ApiError && !(error instanceof AuthError) && UNKNOWN_OUTCOME_STATUSES.includes(error.status);
}
