/**
 * Sends one mutation. When its outcome is unknown (the connection dropped after the request left, the request
 * timed out, the service answered 500/502/504, or a success body was unreadable), it is never re-sent blindly:
 * the state is re-read first, for a duration rather than a number of polls (a short poll interval must not shorten
 * it), and the request is sent again only when nothing showed it was applied.
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
   * How long the state may show nothing before concluding the mutation was not applied: it is read, one poll
   * interval apart, until this many milliseconds have passed since the first read. An API that queues a job leaves
   * the server untouched while the job waits, so it looks for the resend window (`CommandContext.resendWindowMs`).
   * @default 0 (one read: the API records the change before it answers)
   */
  readonly windowMs?: number;
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
      if (await appliedWithin(context, check)) {
        progress.line(`the ${request.method} was applied; not sending it again`);
        return undefined;
      }
      progress.line(`the ${request.method} was not applied; sending it again`);
    }
  }
}

/** Whether the state shows the mutation applied within its window; the deadline ends the wait with a TimeoutError. */
async function appliedWithin(context: CommandContext, check: AppliedCheck): Promise<boolean> {
  const windowMs = check.windowMs ?? 0;
  const started = context.deadline.elapsedMs();
  for (;;) {
    if (await check.applied()) return true;
    if (context.deadline.elapsedMs() - started >= windowMs) return false;
    await sleepOrTimeOut(context, 'a sign that the request whose response was lost was applied', 'no change');
  }
}

function outcomeUnknown(error: unknown): boolean {
  if (error instanceof NetworkError) return error.requestSent;
  if (error instanceof InvalidResponseError) return error.status >= 200 && error.status < 300;
  return error instanceof ApiError && !(error instanceof AuthError) && UNKNOWN_OUTCOME_STATUSES.includes(error.status);
}
