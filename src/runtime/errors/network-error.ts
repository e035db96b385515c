import { ExitCode } from '../exit-code';
import type { RequestLine } from './api-error';
import { EcsLifecycleError, type EcsLifecycleErrorOptions } from './ecs-lifecycle-error';

/** No HTTP response arrived: the connection failed, was dropped, or the request timed out. */
export class NetworkError extends EcsLifecycleError {
  override readonly name = 'NetworkError';
  readonly exitCode = ExitCode.FAILED;

  /**
   * @param request the request that failed
   * @param code the system error code (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`…)
   * @param requestSent whether the request may have reached the cloud. A mutation that may have reached it
   * is never re-sent blindly: the caller re-reads the state first.
   */
  constructor(
    readonly request: RequestLine,
    readonly code: string,
    readonly requestSent: boolean,
    options?: EcsLifecycleErrorOptions,
  ) {
    super(
      `${request.method} ${request.path} → no response (${code}${requestSent ? ', the request may have reached the cloud' : ', the request was not sent'})`,
      options,
    );
  }
}
