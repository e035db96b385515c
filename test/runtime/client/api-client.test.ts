import { inspect } from 'node:util';
import { computeSignature, parseAuthorization, parseQuery } from '../../../src/signing';
import { type ApiError, AuthError, ExitCode, InvalidResponseError, NetworkError, TimeoutError } from '../../../src/runtime';
import { ApiClient, type ApiClientOptions, type RetryEvent } from '../../../src/runtime/client/api-client';
import type { Credentials } from '../../../src/runtime/client/credentials';
import { Deadline } from '../../../src/runtime/deadline';
import { Redactor } from '../../../src/runtime/redact';
import { json, type Loopback, type ReceivedRequest, startLoopback } from '../helpers/loopback-server';

const PROJECT = '0123456789abcdef0123456789abcdef';
const AK = 'AKLOOPBACKTEST000001';
const SK = 'sk-loopback-canary-5f1e2d3c4b5a69788796a5b4';
const ACCESS_KEY: Credentials = { kind: 'access-key', accessKey: AK, secretKey: SK, source: 'OS_ACCESS_KEY/OS_SECRET_KEY' };

let loopback: Loopback | undefined;
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

describe('ApiClient: signs exactly what it sends', () => {
  test('the signature verifies over the received bytes, headers and query', async () => {
    // GIVEN a server that answers 202
    loopback = await startLoopback((_req, res) => json(res, 202, {}));
    const body = { 'os-stop': { type: 'SOFT' }, note: 'naïve ✓' };
    // WHEN a POST with a non-ASCII body and a GET with a query are sent
    await clientFor(loopback.url).request({ method: 'POST', path: `/v2.1/${PROJECT}/servers/s1/action`, body });
    await clientFor(loopback.url).request({
      method: 'GET',
      path: `/v2.1/${PROJECT}/os-server-groups`,
      query: [
        ['marker', 'a b'],
        ['limit', '2'],
      ],
    });
    // THEN the body is exactly the JSON serialisation, and each signature verifies on the server side
    const [post, get] = loopback.received;
    expect(post.body.toString('utf8')).toBe(JSON.stringify(body));
    for (const request of [post, get]) {
      const auth = parseAuthorization(request.headers.authorization as string)!;
      expect(auth.accessKey).toBe(AK);
      expect(auth.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-sdk-date', 'x-project-id']));
      expect(auth.signature).toBe(serverSideSignature(request, auth.signedHeaders));
    }
    expect(post.headers['x-project-id']).toBe(PROJECT);
    expect(parseAuthorization(post.headers.authorization as string)!.signedHeaders).toContain('content-type');
  });

  test('temporary credentials send and sign X-Security-Token', async () => {
    // GIVEN temporary credentials
    loopback = await startLoopback((_req, res) => json(res, 200, {}));
    const credentials: Credentials = { ...ACCESS_KEY, securityToken: 'security-token-canary-0001' };
    // WHEN a request is sent
    await clientFor(loopback.url, { credentials }).request({ method: 'GET', path: '/v1/p/jobs/j' });
    // THEN the token travels in a signed header
    const [request] = loopback.received;
    const auth = parseAuthorization(request.headers.authorization as string)!;
    expect(request.headers['x-security-token']).toBe('security-token-canary-0001');
    expect(auth.signedHeaders).toContain('x-security-token');
    expect(auth.signature).toBe(serverSideSignature(request, auth.signedHeaders));
  });

  test('a token is sent as X-Auth-Token, with no signature', async () => {
    loopback = await startLoopback((_req, res) => json(res, 200, {}));
    await clientFor(loopback.url, { credentials: { kind: 'token', token: 'token-canary-0001', source: 'OS_AUTH_TOKEN' } }).request({
      method: 'GET',
      path: '/v1/p/jobs/j',
    });
    expect(loopback.received[0].headers['x-auth-token']).toBe('token-canary-0001');
    expect(loopback.received[0].headers.authorization).toBeUndefined();
  });

  test('a password is exchanged once for a project-scoped token, which is then redacted', async () => {
    // GIVEN an IAM endpoint that issues a token in X-Subject-Token
    loopback = await startLoopback((req, res) => {
      if (req.path === '/v3/auth/tokens') json(res, 201, { token: {} }, { 'X-Subject-Token': 'issued-token-canary-0001' });
      else json(res, 200, {});
    });
    const redactor = new Redactor();
    const client = clientFor(loopback.url, {
      redactor,
      credentials: { kind: 'password', user: 'u', password: 'password-canary-0001', domain: 'd', source: 'OS_USERNAME' },
    });
    // WHEN two requests are sent
    await client.request({ method: 'GET', path: '/v1/p/jobs/a' });
    await client.request({ method: 'GET', path: '/v1/p/jobs/b' });
    // THEN one token request went first, scoped to the project id, and both calls carry the token
    expect(loopback.received.map((r) => r.path)).toEqual(['/v3/auth/tokens', '/v1/p/jobs/a', '/v1/p/jobs/b']);
    expect(JSON.parse(loopback.received[0].body.toString())).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'u', password: 'password-canary-0001', domain: { name: 'd' } } } },
        scope: { project: { id: PROJECT } },
      },
    });
    expect(loopback.received[1].headers['x-auth-token']).toBe('issued-token-canary-0001');
    expect(redactor.redact('token issued-token-canary-0001')).toBe('token [REDACTED]');
  });
});

describe('ApiClient: retries reads, and mutations only when the answer proves nothing was applied', () => {
  test.each([
    ['GET', 500, 2],
    ['GET', 502, 2],
    ['GET', 503, 2],
    ['GET', 429, 2],
    ['GET', 408, 2],
    ['POST', 429, 2],
    ['POST', 503, 2],
    ['POST', 408, 2],
    ['POST', 500, 1],
    ['POST', 502, 1],
    ['POST', 504, 1],
    ['DELETE', 500, 1],
    ['GET', 400, 1],
    ['GET', 404, 1],
  ] as const)('%s answered %d once: %d request(s)', async (method, status, requests) => {
    // GIVEN a server that fails the first call with the status, then succeeds
    loopback = await startLoopback((_req, res, n) => (n === 1 ? json(res, status, { error: { code: 'Ecs.0001', message: 'x' } }) : json(res, 200, {})));
    // WHEN the request is sent
    const outcome = await clientFor(loopback.url)
      .request({ method, path: '/v1/p/x', body: method === 'GET' ? undefined : {} })
      .catch((e: unknown) => e);
    // THEN it was retried exactly when safe
    expect(loopback.received).toHaveLength(requests);
    if (requests === 1) expect((outcome as ApiError).status).toBe(status);
  });

  test.each([401, 403])('HTTP %d is never retried, whatever the options say', async (status) => {
    // GIVEN a gateway refusing the credentials, and options that would retry the status
    loopback = await startLoopback((_req, res) =>
      json(res, status, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'rid-1' }),
    );
    // WHEN a read is sent
    const error = (await clientFor(loopback.url, { retry: { statusCodes: [401, 403], delay: () => 1 } })
      .request({ method: 'GET', path: '/v1/p/cloudservers/s' })
      .catch((e: unknown) => e)) as ApiError;
    // THEN one request, an AuthError with the gateway's code and request id
    expect(loopback.received).toHaveLength(1);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.exitCode).toBe(ExitCode.AUTH);
    expect(error.message).toBe(`GET /v1/p/cloudservers/s → HTTP ${status} APIGW.0301 "Incorrect IAM authentication information" (request id rid-1)`);
  });

  test('Retry-After is honoured and reported; a longer one than maxRetryAfter ends the retries', async () => {
    // GIVEN a throttling gateway
    loopback = await startLoopback((_req, res, n) =>
      n === 1 ? json(res, 429, { error_code: 'APIGW.0308' }, { 'Retry-After': '0' }) : json(res, 429, {}, { 'Retry-After': '120' }),
    );
    const events: RetryEvent[] = [];
    // WHEN a read is sent
    const error = (await clientFor(loopback.url, { onRetry: (e) => events.push(e) })
      .request({ method: 'GET', path: '/v1/p/x' })
      .catch((e: unknown) => e)) as ApiError;
    // THEN the first retry waited what the cloud asked, and the second answer (120 s) ended it
    expect(events).toEqual([{ request: { method: 'GET', path: '/v1/p/x' }, attempt: 1, limit: 4, reason: 'HTTP 429 APIGW.0308', waitMs: 0, retryAfter: true }]);
    expect(loopback.received).toHaveLength(2);
    expect(error.status).toBe(429);
  });

  test('a read is retried at most `limit` times', async () => {
    loopback = await startLoopback((_req, res) => json(res, 503, {}));
    const error = (await clientFor(loopback.url, { retry: { limit: 2, delay: () => 1 } })
      .request({ method: 'GET', path: '/v1/p/x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(loopback.received).toHaveLength(3);
    expect(error.status).toBe(503);
  });
});

describe('ApiClient: a dropped connection', () => {
  test('a mutation that may have arrived is not re-sent', async () => {
    // GIVEN a server that drops the connection after reading the request
    loopback = await startLoopback((_req, res) => res.socket!.destroy());
    // WHEN a mutation is sent
    const error = (await clientFor(loopback.url)
      .request({ method: 'POST', path: '/v2.1/p/servers/s/action', body: { 'os-start': {} } })
      .catch((e: unknown) => e)) as NetworkError;
    // THEN it was sent once, and the error says it may have arrived
    expect(loopback.received).toHaveLength(1);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.requestSent).toBe(true);
    expect(error.message).toMatch(/^POST \/v2\.1\/p\/servers\/s\/action → no response \(ECONNRESET, the request may have reached the cloud\)$/);
  });

  test('a read is retried after a drop', async () => {
    loopback = await startLoopback((_req, res, n) => (n === 1 ? res.socket!.destroy() : json(res, 200, { ok: true })));
    const response = await clientFor(loopback.url).request({ method: 'GET', path: '/v1/p/x' });
    expect(response.body).toEqual({ ok: true });
    expect(loopback.received).toHaveLength(2);
  });

  test('a refused connection proves the request was not sent', async () => {
    // GIVEN a port nobody listens on
    loopback = await startLoopback(() => undefined);
    const url = loopback.url;
    await loopback.close();
    loopback = undefined;
    // WHEN a mutation is sent with no retries left
    const error = (await clientFor(url, { retry: { limit: 0 } })
      .request({ method: 'POST', path: '/v1/p/x', body: {} })
      .catch((e: unknown) => e)) as NetworkError;
    // THEN the error says it was not sent
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.requestSent).toBe(false);
  });

  test('a body cut short is a network error, not a parse error', async () => {
    loopback = await startLoopback((_req, res) =>
      res.socket!.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"job_id": "ab'),
    );
    const error = (await clientFor(loopback.url)
      .request({ method: 'POST', path: '/v1/p/x', body: {} })
      .catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.requestSent).toBe(true);
  });

  test('no secret survives in the error, its cause, or an inspection of either', async () => {
    // GIVEN temporary credentials and a server that drops every connection
    loopback = await startLoopback((_req, res) => res.socket!.destroy());
    const redactor = new Redactor().add(SK, 'security-token-canary-0002');
    // WHEN a signed mutation fails
    const error = await clientFor(loopback.url, { redactor, credentials: { ...ACCESS_KEY, securityToken: 'security-token-canary-0002' } })
      .request({ method: 'POST', path: '/v1/p/x', body: {} })
      .catch((e: unknown) => e);
    // THEN neither the secret key, the token nor the signature appears anywhere in it
    const signature = parseAuthorization(loopback.received[0].headers.authorization as string)!.signature;
    const text = inspect(error, { depth: 10, showHidden: true });
    for (const secret of [SK, 'security-token-canary-0002', signature]) expect(text).not.toContain(secret);
  });
});

describe('ApiClient: answers that are not the expected JSON', () => {
  test.each([
    [
      'a native fault',
      409,
      { conflictingRequest: { message: "Cannot 'stop' instance s while it is in vm_state stopped", code: 409 } },
      {},
      `POST /v1/p/x → HTTP 409 conflictingRequest "Cannot 'stop' instance s while it is in vm_state stopped" (request id rid-9)`,
    ],
    [
      'a cloudservers error wrapping a Nova error',
      400,
      { error: { code: 'Ecs.1000', message: '{"badRequest": {"message": "Instance s can not add, cause its state is not STOPPED", "code": 400}}' } },
      {},
      'POST /v1/p/x → HTTP 400 Ecs.1000 "Instance s can not add, cause its state is not STOPPED" (request id rid-9)',
    ],
    [
      'a gateway error with its own request id',
      404,
      { error_code: 'APIGW.0101', error_msg: 'The API does not exist', request_id: 'gw-1' },
      { 'X-Request-Id': '' },
      'POST /v1/p/x → HTTP 404 APIGW.0101 "The API does not exist" (request id gw-1)',
    ],
  ])('%s', async (_name, status, body, headers, message) => {
    loopback = await startLoopback((_req, res) => json(res, status, body, { 'X-Request-Id': 'rid-9', ...headers }));
    const error = (await clientFor(loopback.url)
      .request({ method: 'POST', path: '/v1/p/x', body: {} })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe(message);
  });

  test('an HTML error page is quoted briefly', async () => {
    loopback = await startLoopback((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>Bad   Gateway</h1></body></html>');
    });
    const error = (await clientFor(loopback.url, { retry: { limit: 0 } })
      .request({ method: 'GET', path: '/v1/p/x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('GET /v1/p/x → HTTP 502 (body: "502 Bad Gateway Bad Gateway") (no request id)');
  });

  test('a success with a body that is not JSON is an InvalidResponseError', async () => {
    loopback = await startLoopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"job_id": ');
    });
    const error = (await clientFor(loopback.url)
      .request({ method: 'POST', path: '/v1/p/x', body: {} })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe('POST /v1/p/x → HTTP 200 "the response body is not valid JSON" (body: "{\\"job_id\\":") (no request id)');
  });

  test('a redirect is not followed (it would carry the signature elsewhere)', async () => {
    loopback = await startLoopback((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:9/elsewhere' });
      res.end();
    });
    const error = (await clientFor(loopback.url)
      .request({ method: 'GET', path: '/v1/p/x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(302);
    expect(loopback.received).toHaveLength(1);
  });
});

describe('ApiClient: the deadline bounds every request', () => {
  test('a response that does not come before the deadline is a TimeoutError', async () => {
    // GIVEN a server that never answers
    loopback = await startLoopback(() => undefined);
    // WHEN a read is sent with 100 ms left
    const error = (await clientFor(loopback.url, { deadline: new Deadline(100) })
      .request({ method: 'GET', path: '/v1/p/x' })
      .catch((e: unknown) => e)) as Error & { exitCode: number };
    // THEN it times out with the timeout exit code
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.exitCode).toBe(ExitCode.TIMEOUT);
    expect(error.message).toBe('timed out after 0.1 s waiting for a response to GET /v1/p/x');
  });

  test('a body that trickles in is cut off at the request limit, and the read is retried', async () => {
    // GIVEN a server that sends headers at once and then one byte every 200 ms, forever
    loopback = await startLoopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(timer));
    });
    // WHEN a read is sent with a 500 ms limit per request and plenty of time overall
    const error = (await clientFor(loopback.url, { requestTimeout: 500, retry: { limit: 1, delay: () => 1 } })
      .request({ method: 'GET', path: '/v1/p/x' })
      .catch((e: unknown) => e)) as NetworkError;
    // THEN each attempt is abandoned as a timeout, and the read is tried twice in all
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('ETIMEDOUT');
    expect(loopback.received).toHaveLength(2);
  });
});

const clients: ApiClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

function clientFor(url: string, options: Partial<ApiClientOptions> = {}): ApiClient {
  const client = new ApiClient({
    endpoint: url,
    iamEndpoint: url,
    projectId: PROJECT,
    credentials: ACCESS_KEY,
    redactor: new Redactor().add(SK),
    deadline: new Deadline(20_000),
    retry: { delay: () => 1 },
    ...options,
  });
  clients.push(client);
  return client;
}

// What the gateway does: recompute the signature from what arrived.
function serverSideSignature(request: ReceivedRequest, signedHeaders: readonly string[]): string {
  const headers = Object.fromEntries(signedHeaders.filter((h) => h !== 'host').map((h) => [h, String(request.headers[h])]));
  return computeSignature(
    {
      method: request.method,
      host: String(request.headers.host),
      path: request.path,
      query: parseQuery(request.query),
      headers,
      body: request.body,
    },
    SK,
  ).signature;
}
