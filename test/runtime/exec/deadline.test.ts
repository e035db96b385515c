/**
 * `--timeout` bounds every request from connect to the last byte of its body: a server that sends its headers at
 * once and then the body one byte a second cannot hold the command past the deadline.
 */
import type { ServerResponse } from 'node:http';
import { json, type Loopback, type ReceivedRequest, startLoopback } from '../helpers/loopback-server';
import { execCli, SERVER } from '../helpers/exec-cli';

const PROJECT = '0123456789abcdef0123456789abcdef';

let loopback: Loopback | undefined;
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

/** A cloudservers server body. */
function server(status: string, taskState: string | null) {
  return {
    server: {
      id: SERVER,
      status,
      'OS-EXT-STS:task_state': taskState,
      locked: false,
      flavor: { id: 's3.medium.2' },
      image: { id: 'img-old' },
      updated: '2026-01-01T00:00:00Z',
    },
  };
}

/** Sends the status line and headers now, then the body one byte a second. */
function trickle(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  let sent = 0;
  const timer = setInterval(() => {
    res.write(text[sent]);
    sent += 1;
    if (sent === text.length) {
      clearInterval(timer);
      res.end();
    }
  }, 1000);
  res.on('close', () => clearInterval(timer));
}

describe('exec: a response body that trickles in cannot outlive --timeout', () => {
  test('the first read: exit 4, waiting for a response to that read', async () => {
    // GIVEN a server that answers every request at once, but sends the body at 1 byte/s
    loopback = await startLoopback((_req, res) => trickle(res, server('ACTIVE', null)));
    // WHEN a stop runs with --timeout 2
    const run = await execCli({ url: loopback.url, projectId: PROJECT }, 'server-stop', { serverId: SERVER, stopType: 'SOFT', timeout: '2' });
    // THEN it times out with exit code 4, naming the read that did not complete
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      new RegExp(`: timed out after 2 s waiting for a response to GET /v1/${PROJECT}/cloudservers/${SERVER}\\. Fix: the operation may still finish`),
    );
  });

  test('a later read: exit 4 with the last state seen', async () => {
    // GIVEN a server that accepts the stop and reports powering-off, then trickles the next status
    const script = (req: ReceivedRequest, res: ServerResponse, n: number) => {
      if (req.method === 'POST') return json(res, 202, {});
      if (n === 1) return json(res, 200, server('ACTIVE', null));
      if (n === 3) return json(res, 200, server('ACTIVE', 'powering-off'));
      return trickle(res, server('SHUTOFF', null));
    };
    loopback = await startLoopback(script);
    // WHEN a stop runs with --timeout 3
    const run = await execCli({ url: loopback.url, projectId: PROJECT }, 'server-stop', {
      serverId: SERVER,
      stopType: 'SOFT',
      timeout: '3',
      pollInterval: '0.05',
    });
    // THEN it times out with exit code 4 and reports what it was waiting for and the last state it saw
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      new RegExp(`: timed out after 3 s waiting for server ${SERVER} to be SHUTOFF with no task state; last seen: ACTIVE/powering-off\\.`),
    );
    expect(loopback.received.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'GET']);
  });
});
