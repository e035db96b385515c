import { ExitCode } from '../exit-code';
import type { CloudErrorBody } from './cloud-error-body';
import { EcsLifecycleError, type EcsLifecycleErrorOptions } from './ecs-lifecycle-error';

/** The request an error is about: its method and URL path (the query carries no secrets but is left out for brevity). */
export interface RequestLine {
  readonly method: string;
  readonly path: string;
}

/** What the cloud answered. */
export interface ResponseSummary extends CloudErrorBody {
  readonly status: number;
}

/** The cloud answered a request with an error status (or a body that cannot be read). */
export class ApiError extends EcsLifecycleError {
  override readonly name: string = 'ApiError';
  readonly exitCode: ExitCode = ExitCode.FAILED;

  constructor(
    readonly request: RequestLine,
    readonly response: ResponseSummary,
    options?: EcsLifecycleErrorOptions,
  ) {
    super(describeExchange(request, response), options);
  }

  /** The HTTP status. */
  get status(): number {
    return this.response.status;
  }

  /** The cloud's error code, e.g. `Ecs.0605`. */
  get code(): string | undefined {
    return this.response.code;
  }

  /** The cloud's request id, for a support ticket. */
  get requestId(): string | undefined {
    return this.response.requestId;
  }
}

/** `POST /v2.1/p/servers/s/action → HTTP 400 Ecs.0605 "ECS locked" (request id abc)`. */
export function describeExchange(request: RequestLine, response: ResponseSummary): string {
  const parts = [`${request.method} ${request.path} → HTTP ${response.status}`];
  if (response.code) parts.push(response.code);
  if (response.message) parts.push(JSON.stringify(response.message));
  if (response.excerpt) parts.push(`(body: ${JSON.stringify(response.excerpt)})`);
  parts.push(response.requestId ? `(request id ${response.requestId})` : '(no request id)');
  return parts.join(' ');
}
