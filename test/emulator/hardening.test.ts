/**
 * The emulator cannot be knocked over: a body over the limit is refused with 413 before it is buffered or
 * authenticated, and the server keeps serving; header names that are `Object.prototype` properties are only
 * header names.
 */
import { request } from 'node:http';
import type { Emulator, SeedServer } from '../../src/emulator';
import { EmulatorClient, emulatorLauncher, FROZEN, send } from './helpers/emulator-client';

const SERVER: SeedServer = { id: '11111111-2222-3333-4444-555555555555', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' };
const LIMIT = 1024 * 1024;
const launch = emulatorLauncher();
let emulator: Emulator;
let client: EmulatorClient;

beforeEach(async () => {
  emulator = await launch({ servers: [SERVER], timings: FROZEN });
  client = new EmulatorClient(emulator);
});

/**
 * Posts `total` bytes without credentials, in 64 KiB chunks, stopping as soon as an answer comes; resolves to its
 * status, or to `reset` when the server closed the connection before the answer could be read.
 */
function postLarge(total: number, declareLength: boolean): Promise<number | 'reset'> {
  const url = new URL(emulator.url);
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/v2.1/${emulator.projectId}/servers/${SERVER.id}/action`,
        agent: false,
        headers: { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': String(total) } : {}) },
      },
      (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', () => {
      if (!answered) resolve('reset');
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && !req.destroyed && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= total && !answered && !req.destroyed) req.end();
    };
    pump();
  });
}

describe('emulator: a body over the 1 MiB limit', () => {
  test('a declared Content-Length over the limit → 413 before a byte is read, and the server keeps serving', async () => {
    // WHEN an unauthenticated client announces 64 MiB
    const status = await postLarge(64 * LIMIT, true);
    // THEN the gateway refuses it with 413 in its own format, before authentication
    expect(status).toBe(413);
    expect(emulator.audit.at(-1)).toMatchObject({ status: 413, auth: 'none', decision: 'not-evaluated' });
    // AND the server still answers signed calls
    expect((await client.call('GET', client.ecs(`/cloudservers/${SERVER.id}`))).status).toBe(200);
  });

  test('a chunked body that grows past the limit → 413 (or the connection closed), and the server keeps serving', async () => {
    // WHEN an unauthenticated client streams 8 MiB without a length
    const status = await postLarge(8 * LIMIT, false);
    // THEN the request is refused once it passes the limit
    expect([413, 'reset']).toContain(status);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.audit.at(-1)).toMatchObject({ status: 413, auth: 'none' });
    // AND nothing was applied, and the server still answers
    expect(emulator.mutations()).toBe(0);
    const reply = await client.action(SERVER.id, { 'os-stop': { type: 'SOFT' } });
    expect(reply.status).toBe(202);
  });

  test('the 413 is in the gateway format', async () => {
    const reply = await send(emulator.url, {
      method: 'POST',
      path: '/v1/whatever',
      headers: { 'Content-Type': 'application/json' },
      body: `"${'x'.repeat(LIMIT)}"`,
    });
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({
      error_code: 'APIG.0201',
      error_msg: `Request entity too large: the body exceeds ${LIMIT} bytes`,
      request_id: reply.headers['x-request-id'],
    });
  });

  test('a body of exactly the limit is read', async () => {
    const body = JSON.stringify({ 'os-stop': { type: 'SOFT' }, pad: '' });
    const padded = body.replace('""', `"${' '.repeat(LIMIT - body.length)}"`);
    expect(Buffer.byteLength(padded)).toBe(LIMIT);
    const reply = await client.call('POST', client.nova(`/servers/${SERVER.id}/action`), padded);
    // Read and authenticated: the action body has two keys, which Nova refuses.
    expect(reply.status).toBe(400);
    expect(reply.body.badRequest.message).toContain('expected exactly one action');
  });
});

describe('emulator: header names that are Object.prototype properties', () => {
  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('SignedHeaders naming %s, absent from the request → 401', async (name) => {
    const signed = client.sign('GET', client.ecs(`/cloudservers/${SERVER.id}`));
    const authorization = signed.headers.Authorization.replace('SignedHeaders=host;x-sdk-date', `SignedHeaders=host;x-sdk-date;${name.toLowerCase()}`);
    const reply = await send(emulator.url, { ...signed, headers: { ...signed.headers, Authorization: authorization } });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining(`the signed header ${name.toLowerCase()} is missing`) });
  });

  test('a request that signs a header named constructor is verified like any other', async () => {
    const reply = await client.call('GET', client.ecs(`/cloudservers/${SERVER.id}`), undefined, { headers: { constructor: 'yes' } });
    expect(reply.status).toBe(200);
  });
});
