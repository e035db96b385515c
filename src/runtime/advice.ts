/**
 * What to do about a failure: the `Fix:` part of the message. An error that knows its own fix carries it;
 * the rest is derived here, in one place, from the error's class (`instanceof`), HTTP status and the cloud's error code.
 */
import { OPERATION_DEFINITIONS, type OperationId } from '../operations';
import type { CloudName } from '../cloud/regions';
import { requiredActionsOf } from '../permissions/requirements';
import { ApiError } from './errors/api-error';
import { AuthError } from './errors/auth-error';
import type { EcsLifecycleError } from './errors/ecs-lifecycle-error';
import { InvalidArgumentError } from './errors/invalid-argument-error';
import { InvalidResponseError } from './errors/invalid-response-error';
import { JobFailedError } from './errors/job-failed-error';
import { NetworkError } from './errors/network-error';
import { TimeoutError } from './errors/timeout-error';
import { STOP_FIRST, UNLOCK_FIRST } from './private/preconditions';

/** What the advice may mention. */
export interface AdviceContext {
  readonly operation: OperationId;
  /** Whose action names the advice gives. @default 'otc' */
  readonly cloud?: CloudName;
  readonly projectId?: string;
  readonly endpoint?: string;
  readonly serverId?: string;
  /** The variables the credentials came from. */
  readonly credentialsSource?: string;
}

const RERUN = 'run terraform apply again (it re-reads the state first, so nothing is done twice)';
/** Operations the cloud performs only on a stopped server (their definitions say so). */
const NEEDS_STOPPED: readonly OperationId[] = OPERATION_DEFINITIONS.filter((d) => d.preconditions.some((p) => p === 'stopped')).map((d) => d.id);

/** The advice for an error; undefined when there is nothing useful to add. */
export function adviceFor(error: EcsLifecycleError, context: AdviceContext): string | undefined {
  if (error.fix) return error.fix;
  const credentials = context.credentialsSource ?? 'the environment';
  // Subclasses before ApiError, which they extend.
  if (error instanceof AuthError) {
    if (error.status === 401) {
      return (
        `the cloud rejected the credentials from ${credentials}: check them, and that --project-id is a project they belong to ` +
        "(for an access key, also this machine's clock: signed requests more than 15 minutes off are refused). " +
        'Not retried: 5 failed attempts in a row lock an access key for 5 minutes'
      );
    }
    return (
      `the credentials from ${credentials} may not call this API: attach the IAM policy synth wrote (ecs-iam-policy.json); ` +
      `${context.operation} needs ${requiredActionsOf(context.operation, undefined, context.cloud).join(', ')}`
    );
  }
  if (error instanceof InvalidResponseError) {
    return `the endpoint did not answer like the ECS API: check --endpoint (${context.endpoint ?? 'the regional endpoint'})`;
  }
  if (error instanceof ApiError) return apiAdvice(error.status, error.code, error.response.message ?? '', context);
  if (error instanceof NetworkError) return `check the network path to ${context.endpoint ?? 'the endpoint'} (proxy, DNS, firewall), then ${RERUN}`;
  if (error instanceof TimeoutError) {
    return `the operation may still finish: check the server, then ${RERUN}; or allow more time with --timeout or ECS_LIFECYCLE_TIMEOUT`;
  }
  if (error instanceof JobFailedError) return `fix the cause the failed sub-jobs report (image, key pair, quota, flavor), then ${RERUN}`;
  if (error instanceof InvalidArgumentError) {
    return 'fix the command line in the plan, or the environment variable it names (see ecs-lifecycle exec --help), then run terraform apply again';
  }
  return undefined;
}

function apiAdvice(status: number, code: string | undefined, message: string, context: AdviceContext): string | undefined {
  if (code === 'Ecs.0605' || /\blocked\b/i.test(message)) return UNLOCK_FIRST;
  if (code === 'Ecs.0100' || code === 'conflictingRequest') {
    return NEEDS_STOPPED.includes(context.operation)
      ? STOP_FIRST
      : "the server's state does not allow this now: let its current task finish (or repair it), then run terraform apply again";
  }
  if (code === 'Ecs.0023') return 'the credentials belong to another project than --project-id: scope them to that project';
  if (code === 'Ecs.0029' || (status === 400 && /flavor/i.test(message))) {
    return `check --flavor-ref: GET /v1/${context.projectId ?? '{project_id}'}/cloudservers/resize_flavors?instance_uuid=${context.serverId ?? '{server_id}'} lists the flavors this server can take`;
  }
  if (status === 400 && /image/i.test(message)) return 'check --image-id: the image must exist in this region and be visible to the project';
  if (status === 404) {
    return context.serverId
      ? `there is no server ${context.serverId} in project ${context.projectId} at ${context.endpoint}: check --server-id, --project-id and --region`
      : `check --project-id and --region (endpoint ${context.endpoint})`;
  }
  if (status === 429) return `the cloud kept throttling the request after every retry: wait a minute, then ${RERUN}`;
  if (status >= 500) return `the cloud failed: ${RERUN} later; quote the request id to support if it persists`;
  return undefined;
}
