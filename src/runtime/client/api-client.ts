/**
 * The signed HTTP client of the apply-time CLI: the only module that talks to axios. It serialises each JSON
 * body once and signs and sends exactly those bytes, retries by `RetryOptions`, and turns every failure into
 * an error of the runtime hierarchy, with secrets redacted (axios errors carry request headers, so they are
 * never passed on as a cause).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { authorizationHeader, canonicalQuery, DATE_HEADER, type QueryPair, rfc3986Encode, sdkDate } from '../../signing';
import { ApiError, type RequestLine } from '../errors/api-error';
import { AuthError } from '../errors/auth-error';
import { parseCloudErrorBody } from '../errors/cloud-error-body';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { NetworkError } from '../errors/network-error';
import { TimeoutError } from '../errors/timeout-error';
import type { Deadline } from '../deadline';
import { asString } from '../private/json';
import type { Redactor } from '../redact';
import { type Credentials, SUBJECT_TOKEN_HEADER } from './credentials';
import { backoffMs, parseRetryAfter, type ResolvedRetryOptions, resolveRetryOptions, type RetryOptions } from './retry';

/** One request to the cloud. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** URL path, without the query; path parameters already encoded (see `pathOf`). */
  readonly path: string;
  /** Query parameters. @default - none */
  readonly query?: readonly QueryPair[];
  /** The JSON body. Serialised once; exactly those bytes are signed and sent. @default - no body */
  readonly body?: unknown;
  /**
   * Whether the request changes state: a mutation is retried only after answers that prove it was not applied.
   * @default - true for POST and DELETE
   */
  readonly mutation?: boolean;
  /**
   * Response headers (lower case) whose values are secrets: they join the redactor as soon as the response arrives,
   * before anything (a status, a body that is not JSON) can fail on it and quote it.
   * @default - none
   */
  readonly secretHeaders?: readonly string[];
}

/** A successful response. */
export interface ApiResponse {
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when the body is empty. */
  readonly body: unknown;
}

/** A retry about to happen, for progress output. */
export interface RetryEvent {
  readonly request: RequestLine;
  /** The retry number, from 1. */
  readonly attempt: number;
  readonly limit: number;
  /** What went wrong: `HTTP 429 APIGW.0308` or `ECONNRESET`. */
  readonly reason: string;
  readonly waitMs: number;
  /** Whether the wait is the one the cloud asked for in `Retry-After`. */
  readonly retryAfter: boolean;
}

/** How the client is set up. */
export interface ApiClientOptions {
  /** The ECS endpoint: scheme, host and port, e.g. `https://ecs.eu-de.otc.t-systems.com`. */
  readonly endpoint: string;
  /** The IAM endpoint (scheme, host, port), used to exchange a user's password for a token. */
  readonly iamEndpoint: string;
  readonly projectId: string;
  readonly credentials: Credentials;
  /** Receives every secret the client learns (the token it obtains). */
  readonly redactor: Redactor;
  /** The operation's deadline: no request or retry wait outlives it. */
  readonly deadline: Deadline;
  /** @default - see `RetryOptions` */
  readonly retry?: RetryOptions;
  /**
   * Milliseconds one request may take, from connecting to the last byte of the response body, before it is
   * abandoned (clamped to the deadline).
   * @default 30_000
   */
  readonly requestTimeout?: number;
  /** Called before each retry. @default - nothing */
  readonly onRetry?: (event: RetryEvent) => void;
}

/** Sent with every request. */
const USER_AGENT = 'cdktf-ecs-lifecycle';
/** Connection failures that prove the request never left: safe to repeat even for a mutation. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** The longest delay a Node timer can hold (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How one exchange ended without a response. */
interface ExchangeFailure {
  readonly failure: NetworkError;
  /** Whether the exchange was abandoned because the operation's deadline came. */
  readonly deadlineReached: boolean;
}

/** The signed client. Create one per command run and `close()` it at the end. */
export class ApiClient {
  private readonly http: AxiosInstance;
  private readonly retry: ResolvedRetryOptions;
  private readonly requestTimeout: number;
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private token?: Promise<string>;

  constructor(private readonly options: ApiClientOptions) {
    this.retry = resolveRetryOptions(options.retry);
    this.requestTimeout = options.requestTimeout ?? 30_000;
    this.http = axios.create({
      // Status codes, bodies and redirects are handled here, not by axios: every status resolves, bodies stay
      // raw text (the request body is already serialised; the response may be HTML or truncated), and a
      // redirect is never followed with the signature or token.
      validateStatus: () => true,
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      responseType: 'text',
      maxRedirects: 0,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
    });
  }

  /** The project the client works in, as it appears in URL paths. */
  get projectId(): string {
    return this.options.projectId;
  }

  /** Sends a request to the ECS endpoint, retrying as the retry options allow. */
  async request(request: ApiRequest): Promise<ApiResponse> {
    return this.send(this.options.endpoint, request, () => this.authHeaders());
  }

  /** Sends `GET path` (a read: retried after any transient failure). */
  async get(path: string, query?: readonly QueryPair[]): Promise<ApiResponse> {
    return this.request({ method: 'GET', path, ...(query ? { query } : {}) });
  }

  /** Releases the kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async send(base: string, request: ApiRequest, auth: () => Promise<Record<string, string>>): Promise<ApiResponse> {
    const line: RequestLine = { method: request.method, path: request.path };
    const mutation = request.mutation ?? request.method !== 'GET';
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const { deadline } = this.options;
    const awaited = `a response to ${line.method} ${line.path}`;
    for (let attempt = 1; ; attempt += 1) {
      if (deadline.expired()) throw new TimeoutError(awaited, deadline.timeoutMs);
      const result = await this.attempt(base, line, request, body, mutation, auth, awaited);
      if (!('failure' in result)) return result;
      const { failure, reason, retryAfterMs } = result;
      if (attempt > this.retry.limit) throw failure;
      const waitMs = retryAfterMs ?? backoffMs(this.retry, attempt);
      this.options.onRetry?.({ request: line, attempt, limit: this.retry.limit, reason, waitMs, retryAfter: retryAfterMs !== undefined });
      if (!(await deadline.sleep(waitMs))) throw new TimeoutError(awaited, deadline.timeoutMs, `${reason}: ${failure.message}`, { cause: failure });
    }
  }

  // One attempt: the response, or a failure that may be retried; any other failure is thrown.
  private async attempt(
    base: string,
    line: RequestLine,
    request: ApiRequest,
    body: string | undefined,
    mutation: boolean,
    auth: () => Promise<Record<string, string>>,
    awaited: string,
  ): Promise<ApiResponse | { failure: ApiError | NetworkError; reason: string; retryAfterMs?: number }> {
    const headers = await auth();
    const response = await this.exchange(base, line, request, body, headers);
    if ('failure' in response) {
      const { failure, deadlineReached } = response;
      const { deadline } = this.options;
      if (deadlineReached || deadline.expired()) throw new TimeoutError(awaited, deadline.timeoutMs, undefined, { cause: failure });
      if (mutation && failure.requestSent) throw failure;
      return { failure, reason: failure.code };
    }
    const { redactor } = this.options;
    for (const name of request.secretHeaders ?? []) redactor.add(response.headers[name]);
    if (response.status >= 200 && response.status < 300) return parseSuccess(line, response, redactor);
    const failure = toApiError(line, response, redactor);
    // Never 401 or 403, whatever the options say: five failed authentications lock the access key.
    const retryable =
      failure.status !== 401 && failure.status !== 403 && (mutation ? this.retry.mutationStatusCodes : this.retry.statusCodes).includes(failure.status);
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    if (!retryable || (retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfter)) throw failure;
    return { failure, reason: `HTTP ${failure.status}${failure.code ? ` ${failure.code}` : ''}`, retryAfterMs };
  }

  /**
   * One request and its whole response. A timer aborts it at the request limit or the deadline, whichever comes
   * first, so a response whose body trickles in cannot outlive either (a socket timeout would restart with
   * every byte).
   */
  private async exchange(
    base: string,
    line: RequestLine,
    request: ApiRequest,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<RawResponse | ExchangeFailure> {
    const query = request.query ?? [];
    const url = `${base}${request.path}${query.length ? `?${canonicalQuery(query)}` : ''}`;
    const remainingMs = this.options.deadline.remainingMs();
    const limitMs = Math.max(1, Math.min(this.requestTimeout, remainingMs, MAX_TIMER_MS));
    const abandon = new AbortController();
    const timer = setTimeout(() => abandon.abort(), limitMs);
    try {
      const response = await this.http.request<string>({
        url,
        method: request.method,
        data: body,
        headers: this.finalHeaders(new URL(url), request, body, headers),
        signal: abandon.signal,
      });
      return { status: response.status, headers: lowerCaseHeaders(response.headers), text: typeof response.data === 'string' ? response.data : '' };
    } catch (error) {
      if (abandon.signal.aborted)
        return { failure: this.toNetworkError(line, 'ETIMEDOUT', 'no complete response in time'), deadlineReached: limitMs >= remainingMs };
      if (!axios.isAxiosError(error)) throw error;
      return { failure: this.toNetworkError(line, error.code ?? 'ERR_NETWORK', error.message), deadlineReached: false };
    } finally {
      clearTimeout(timer);
    }
  }

  // The headers sent; for an access key, the signed ones plus Authorization.
  private finalHeaders(url: URL, request: ApiRequest, body: string | undefined, auth: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...auth };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const { credentials } = this.options;
    if (credentials.kind === 'access-key') {
      headers[DATE_HEADER] = sdkDate(new Date());
      headers['X-Project-Id'] = this.options.projectId;
      if (credentials.securityToken) headers['X-Security-Token'] = credentials.securityToken;
      headers.Authorization = authorizationHeader(
        {
          method: request.method,
          host: url.host,
          path: url.pathname,
          query: request.query ?? [],
          headers,
          body,
        },
        credentials.accessKey,
        credentials.secretKey,
      );
    }
    // Sent exactly as signed.
    return { ...headers, Host: url.host, Accept: 'application/json', 'User-Agent': USER_AGENT };
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const { credentials } = this.options;
    if (credentials.kind === 'token') return { 'X-Auth-Token': credentials.token };
    if (credentials.kind === 'password') return { 'X-Auth-Token': await this.passwordToken() };
    return {};
  }

  // One token per run, from POST /v3/auth/tokens; the token is in the X-Subject-Token response header.
  private passwordToken(): Promise<string> {
    const { credentials, projectId } = this.options;
    if (credentials.kind !== 'password') throw new Error('passwordToken needs password credentials');
    this.token ??= (async () => {
      const response = await this.send(
        this.options.iamEndpoint,
        {
          method: 'POST',
          path: '/v3/auth/tokens',
          query: [['nocatalog', 'true']],
          // Asking for a token changes nothing in the cloud, so it is retried like a read.
          mutation: false,
          secretHeaders: [SUBJECT_TOKEN_HEADER],
          body: {
            auth: {
              identity: {
                methods: ['password'],
                password: { user: { name: credentials.user, password: credentials.password, domain: { name: credentials.domain } } },
              },
              scope: { project: credentials.projectName ? { name: credentials.projectName } : { id: projectId } },
            },
          },
        },
        async () => ({}),
      );
      const token = response.headers[SUBJECT_TOKEN_HEADER];
      if (!token) {
        throw new InvalidResponseError(
          { method: 'POST', path: '/v3/auth/tokens' },
          { status: response.status, message: 'no X-Subject-Token header in the response' },
        );
      }
      return token;
    })();
    return this.token;
  }

  private toNetworkError(line: RequestLine, code: string, message: string): NetworkError {
    // A copy with only the redacted message: the axios error holds the request headers (signature, token).
    const cause = new Error(this.options.redactor.redact(message));
    return new NetworkError(line, code, !NOT_SENT_CODES.has(code), { cause });
  }
}

/** Builds a URL path from a template such as `/v1/{project_id}/cloudservers/{server_id}`, encoding each value. */
export function pathOf(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
    return rfc3986Encode(value);
  });
}

/** A response as received: status, lower-case headers, raw body text. */
interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

function parseSuccess(line: RequestLine, response: RawResponse, redactor: Redactor): ApiResponse {
  if (response.text.trim() === '') return { status: response.status, headers: response.headers, body: undefined };
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(response.text) };
  } catch {
    const parsed = parseCloudErrorBody(response.text, redactor);
    throw new InvalidResponseError(line, {
      status: response.status,
      message: 'the response body is not valid JSON',
      excerpt: parsed.excerpt,
      requestId: requestIdOf(response.headers),
    });
  }
}

function toApiError(line: RequestLine, response: RawResponse, redactor: Redactor): ApiError {
  const parsed = parseCloudErrorBody(response.text, redactor);
  const summary = { status: response.status, ...parsed, requestId: requestIdOf(response.headers) ?? parsed.requestId };
  return response.status === 401 || response.status === 403 ? new AuthError(line, summary) : new ApiError(line, summary);
}

function requestIdOf(headers: Record<string, string>): string | undefined {
  return asString(headers['x-request-id']) ?? asString(headers['x-openstack-request-id']) ?? asString(headers['x-compute-request-id']);
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value !== undefined && value !== null) result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}
