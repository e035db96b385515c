/** A real HTTP server on 127.0.0.1 with a scripted handler, for low-level client tests (no mocks). */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query, without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  /** The exact body bytes. */
  readonly body: Buffer;
}

/** Answers request number `n` (from 1). */
export type LoopbackHandler = (request: ReceivedRequest, response: ServerResponse, n: number) => void;

export interface Loopback {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startLoopback(handler: LoopbackHandler): Promise<Loopback> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '/').split('?', 2);
      const request = { method: req.method ?? '', path, query, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      handler(request, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with JSON. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
