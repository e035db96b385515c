import type { Emulator, SeedServer } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FROZEN, send, signedRequest } from './helpers/emulator-client';
import { KNOWN_ANSWER_VECTORS } from '../signing/fixtures/signing-vectors';
import { parseSdkDate } from '../../src/signing';

const SERVER: SeedServer = { id: '11111111-2222-3333-4444-555555555555', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'SHUTOFF' };
const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

beforeEach(async () => {
  emulator = await launch({ servers: [SERVER], timings: FROZEN, tokens: ['static-test-token'] });
  client = new EmulatorClient(emulator);
});

const showPath = () => client.ecs(`/cloudservers/${SERVER.id}`);

/** A 401 in the API gateway format, whose message names the reason and leaks no secret. */
function expectGateway401(reply: { status: number; body: Record<string, string>; headers: Record<string, unknown> }, reason: string): void {
  expect(reply.status).toBe(401);
  expect(reply.body).toEqual({ error_code: 'APIGW.0301', error_msg: expect.stringContaining(reason), request_id: reply.headers['x-request-id'] });
  const { accessKey, secretKey } = emulator.credentials[0];
  expect(reply.body.error_msg).not.toContain(accessKey);
  expect(reply.body.error_msg).not.toContain(secretKey);
}

describe('AK/SK signatures: the known-answer vector', () => {
  test.each(KNOWN_ANSWER_VECTORS.map((v) => [v.name, v] as const))('the test signer reproduces %s', (_name, vector) => {
    // GIVEN the vector's request, with its date and headers
    const { 'X-Sdk-Date': date, ...headers } = vector.request.headers as Record<string, string>;
    const query = vector.request.query.length ? `?${new URLSearchParams([...vector.request.query])}` : '';
    // WHEN the test helper signs it
    const raw = signedRequest(vector.request.method, vector.request.path + query, vector.request.body, {
      accessKey: vector.accessKey,
      secretKey: vector.secretKey,
      host: vector.request.host,
      date: parseSdkDate(date),
      headers,
    });
    // THEN the Authorization header is the published one
    expect(raw.headers.Authorization).toBe(`SDK-HMAC-SHA256 Access=${vector.accessKey}, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`);
  });

  test('the emulator accepts the local vector byte for byte and refuses it with one signature digit changed', async () => {
    // GIVEN an emulator whose clock reads the vector's X-Sdk-Date and that knows the vector's key pair
    const vector = KNOWN_ANSWER_VECTORS.find((v) => v.request.method === 'POST')!;
    const vectorEmulator = await launch({
      servers: [SERVER],
      timings: FROZEN,
      credentials: [{ accessKey: vector.accessKey, secretKey: vector.secretKey }],
      clock: () => new Date(Date.UTC(2024, 0, 1, 0, 0, 0)),
    });
    const authorization = (signature: string) => `SDK-HMAC-SHA256 Access=${vector.accessKey}, SignedHeaders=${vector.signedHeaders}, Signature=${signature}`;
    const request = (signature: string) =>
      send(vectorEmulator.url, {
        method: 'POST',
        path: vector.request.path,
        body: vector.request.body as string,
        headers: { ...vector.request.headers, Host: vector.request.host, Authorization: authorization(signature) },
      });
    // WHEN the vector's exact request arrives with the published signature THEN it is accepted and applied
    const accepted = await request(vector.signature);
    expect(accepted.status).toBe(202);
    expect(vectorEmulator.server(SERVER.id)?.taskState).toBe('powering-on');
    // WHEN one hex digit differs THEN 401
    const flipped = vector.signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect((await request(flipped)).status).toBe(401);
  });
});

describe('AK/SK signatures: refusals get 401 in the gateway format', () => {
  test('a correctly signed request is accepted, and every response carries X-Request-Id', async () => {
    const reply = await client.call('GET', showPath());
    expect(reply.status).toBe(200);
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(emulator.audit.at(-1)).toMatchObject({ auth: 'aksk', status: 200, requestId: reply.headers['x-request-id'] });
  });

  test('an unknown access key', async () => {
    expectGateway401(await client.call('GET', showPath(), undefined, { accessKey: 'UNKNOWNKEY', secretKey: 'whatever' }), 'the access key does not exist');
  });

  test('a signature made with the wrong secret key', async () => {
    expectGateway401(await client.call('GET', showPath(), undefined, { secretKey: 'wrong-secret' }), 'verify aksk signature fail');
  });

  test('a body changed after signing', async () => {
    // GIVEN a signed stop WHEN the body is swapped for a start of the same length THEN 401, and nothing changes
    const signed = client.sign('POST', client.nova(`/servers/${SERVER.id}/action`), { 'os-stop': {} });
    const reply = await send(emulator.url, { ...signed, body: '{"os-start":{}}' });
    expectGateway401(reply, 'verify aksk signature fail');
    expect(emulator.server(SERVER.id)?.taskState).toBeNull();
    expect(emulator.mutations()).toBe(0);
  });

  test('a query changed after signing', async () => {
    const signed = client.sign('GET', `${showPath()}?limit=2`);
    expectGateway401(await send(emulator.url, { ...signed, path: `${showPath()}?limit=3` }), 'verify aksk signature fail');
  });

  test('a path changed after signing', async () => {
    const signed = client.sign('GET', showPath());
    expectGateway401(await send(emulator.url, { ...signed, path: client.ecs('/cloudservers/another') }), 'verify aksk signature fail');
  });

  test.each([
    ['16 minutes behind', -16],
    ['16 minutes ahead', 16],
  ])('an X-Sdk-Date %s', async (_name, minutes) => {
    const date = new Date(Date.now() + minutes * 60 * 1000);
    expectGateway401(await client.call('GET', showPath(), undefined, { date }), 'more than 15 minutes');
  });

  test('an X-Sdk-Date 14 minutes off is still accepted', async () => {
    expect((await client.call('GET', showPath(), undefined, { date: new Date(Date.now() - 14 * 60 * 1000) })).status).toBe(200);
  });

  test('no credentials at all', async () => {
    expectGateway401(await send(emulator.url, { method: 'GET', path: showPath(), headers: {} }), 'no X-Auth-Token and no Authorization');
  });

  test('a malformed Authorization header', async () => {
    expectGateway401(await send(emulator.url, { method: 'GET', path: showPath(), headers: { Authorization: 'Basic abc' } }), 'SDK-HMAC-SHA256');
  });

  test('a signature that does not sign the host', async () => {
    const signed = client.sign('GET', showPath());
    const authorization = signed.headers.Authorization.replace('SignedHeaders=host;x-sdk-date', 'SignedHeaders=x-sdk-date');
    expectGateway401(await send(emulator.url, { ...signed, headers: { ...signed.headers, Authorization: authorization } }), 'must include host');
  });

  test('a temporary key needs its security token', async () => {
    const temporary = { accessKey: 'TEMPKEY', secretKey: 'temp-secret', securityToken: 'sts-token-value' };
    const stsEmulator = await launch({ servers: [SERVER], credentials: [temporary] });
    const sts = new EmulatorClient(stsEmulator);
    expectGateway401(await sts.call('GET', sts.ecs(`/cloudservers/${SERVER.id}`)), 'security token');
    const ok = await sts.call('GET', sts.ecs(`/cloudservers/${SERVER.id}`), undefined, { headers: { 'X-Security-Token': temporary.securityToken } });
    expect(ok.status).toBe(200);
  });

  test("X-Project-Id naming a project the credentials do not belong to → the gateway's 401; the right one is accepted", async () => {
    const wrong = await client.call('GET', showPath(), undefined, { headers: { 'X-Project-Id': 'ffffffffffffffffffffffffffffffff' } });
    expectGateway401(wrong, 'the credentials have no access to project ffffffffffffffffffffffffffffffff');
    const right = await client.call('GET', showPath(), undefined, { headers: { 'X-Project-Id': emulator.projectId } });
    expect(right.status).toBe(200);
  });

  test("the same unknown project in the URL and X-Project-Id → the gateway's 401, on native and cloudservers routes", async () => {
    const other = 'ffffffffffffffffffffffffffffffff';
    for (const path of [`/v1/${other}/cloudservers/${SERVER.id}`, `/v2.1/${other}/servers/${SERVER.id}`]) {
      expectGateway401(await client.call('GET', path, undefined, { headers: { 'X-Project-Id': other } }), `no access to project ${other}`);
    }
  });

  test("another project in the URL than the one the caller works in → the service's mismatch, naming both", async () => {
    const other = 'ffffffffffffffffffffffffffffffff';
    const native = await client.call('GET', `/v2.1/${other}/servers/${SERVER.id}`, undefined, { headers: { 'X-Project-Id': emulator.projectId } });
    expect(native.status).toBe(400);
    expect(native.body.badRequest.message).toBe(
      `Malformed request URL: URL's project_id '${other}' doesn't match Context's project_id '${emulator.projectId}'`,
    );
  });

  test('an unknown API → 404 APIGW.0101 before authentication', async () => {
    const reply = await send(emulator.url, { method: 'GET', path: '/v1/whatever/unknown', headers: {} });
    expect(reply.status).toBe(404);
    expect(reply.body.error_code).toBe('APIGW.0101');
  });
});

describe('tokens: POST /v3/auth/tokens, then X-Auth-Token', () => {
  const tokenBody = (password: string, project: Record<string, string>) => ({
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'emulator-user', password, domain: { name: 'emulator-domain' } } } },
      scope: { project },
    },
  });
  const post = (body: unknown, query = '') =>
    send(emulator.url, {
      method: 'POST',
      path: `/v3/auth/tokens${query}`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('the password method issues a project-scoped token in X-Subject-Token that ECS accepts', async () => {
    // GIVEN the default user WHEN a token is requested for the project
    const issued = await post(tokenBody('emulator-password', { id: emulator.projectId }));
    // THEN 201 with the token in the header and a catalog pointing at the emulator
    expect(issued.status).toBe(201);
    const token = issued.headers['x-subject-token'] as string;
    expect(token).toBeTruthy();
    expect(issued.body.token.project).toMatchObject({ id: emulator.projectId });
    expect(issued.body.token.catalog.map((s: { type: string }) => s.type)).toEqual(['compute', 'ecs', 'identity']);
    expect(issued.body.token.catalog[0].endpoints[0].url).toBe(`${emulator.url}/v2.1/${emulator.projectId}`);
    // AND the token works for ECS
    const shown = await client.withToken(token, 'GET', showPath());
    expect(shown.status).toBe(200);
    expect(emulator.audit.at(-1)).toMatchObject({ auth: 'token', status: 200 });
  });

  test('a project name scopes too, and ?nocatalog=true leaves the catalog out', async () => {
    const issued = await post(tokenBody('emulator-password', { name: 'eu-de' }), '?nocatalog=true');
    expect(issued.status).toBe(201);
    expect(issued.body.token).not.toHaveProperty('catalog');
  });

  test('a wrong password → 401 without saying which part was wrong', async () => {
    const refused = await post(tokenBody('guess', { id: emulator.projectId }));
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The username or password is wrong.' } });
    expect(refused.headers).not.toHaveProperty('x-subject-token');
  });

  test('another project → 401; no scope or a malformed body → 400', async () => {
    expect((await post(tokenBody('emulator-password', { id: 'another' }))).status).toBe(401);
    expect((await post({ auth: { identity: tokenBody('emulator-password', {}).auth.identity } })).status).toBe(400);
    expect((await post({ auth: {} })).status).toBe(400);
  });

  test('a configured static token works; an unknown one gets 401 in the gateway format', async () => {
    expect((await client.withToken('static-test-token', 'GET', showPath())).status).toBe(200);
    expectGateway401(await client.withToken('forged-token', 'GET', showPath()), 'token is invalid or expired');
  });
});
