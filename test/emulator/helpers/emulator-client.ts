/**
 * A test-only HTTP client for the emulator: node `http` plus `src/signing`, so tests send exactly the bytes
 * they mean to (including tampered ones) over real loopback HTTP.
 */
import { type IncomingHttpHeaders, request } from 'node:http';
import { authorizationHeader, sdkDate } from '../../../src/signing';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator';

/** A request exactly as it goes on the wire. */
export interface RawRequest {
  readonly method: string;
  /** Path with the query, if any. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ApiReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The parsed JSON body; `undefined` when there was none. Loosely typed: tests read the cloud's varied shapes. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the cloud's varied shapes
  readonly body: any;
}

export interface SignOptions {
  readonly accessKey: string;
  readonly secretKey: string;
  /** @default now */
  readonly date?: Date;
  /** The Host header value signed (and sent). */
  readonly host: string;
  /** Extra headers, signed too (the Huawei SDK signs every header it sends). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Builds a signed request: the body is serialized once, and those exact bytes are signed and sent. */
export function signedRequest(method: string, pathWithQuery: string, body: unknown, options: SignOptions): RawRequest {
  const url = new URL(pathWithQuery, 'http://placeholder');
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...options.headers,
    'X-Sdk-Date': sdkDate(options.date ?? new Date()),
  };
  const authorization = authorizationHeader(
    {
      method,
      host: options.host,
      path: url.pathname,
      query: [...url.searchParams],
      headers,
      body: payload ?? '',
    },
    options.accessKey,
    options.secretKey,
  );
  return { method, path: pathWithQuery, headers: { ...headers, Host: options.host, Authorization: authorization }, body: payload };
}

/** Sends a raw request to the emulator; rejects when the connection is dropped. */
export function send(baseUrl: string, raw: RawRequest): Promise<ApiReply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers: raw.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: text ? JSON.parse(text) : undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(raw.body);
  });
}

/** A client bound to one emulator, signing with its first credential unless told otherwise. */
export class EmulatorClient {
  constructor(private readonly emulator: Emulator) {}

  get host(): string {
    return new URL(this.emulator.url).host;
  }

  /** `/v2.1/{project_id}…` with the emulator's project. */
  nova(path: string): string {
    return `/v2.1/${this.emulator.projectId}${path}`;
  }

  /** `/v1/{project_id}…` (or another version) with the emulator's project. */
  ecs(path: string, version = 'v1'): string {
    return `/${version}/${this.emulator.projectId}${path}`;
  }

  sign(method: string, path: string, body?: unknown, options: Partial<SignOptions> = {}): RawRequest {
    const { accessKey, secretKey } = this.emulator.credentials[0];
    return signedRequest(method, path, body, { accessKey, secretKey, host: this.host, ...options });
  }

  /** Signs and sends. */
  call(method: string, path: string, body?: unknown, options: Partial<SignOptions> = {}): Promise<ApiReply> {
    return send(this.emulator.url, this.sign(method, path, body, options));
  }

  /** Sends with a token instead of a signature. */
  withToken(token: string, method: string, path: string, body?: unknown): Promise<ApiReply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return send(this.emulator.url, {
      method,
      path,
      body: payload,
      headers: { 'X-Auth-Token': token, ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    });
  }

  /** The native action call. */
  action(serverId: string, body: unknown, options: Partial<SignOptions> = {}): Promise<ApiReply> {
    return this.call('POST', this.nova(`/servers/${serverId}/action`), body, options);
  }
}

/** Polls until `read()` satisfies `done`, failing after `timeoutMs` with the last value (never asserts timing). */
export async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Timings for tests: short transitions so completions are quick. */
export const FAST = { start: 20, stop: 20, reboot: 20, resize: 20, revertResize: 20, jobQueued: 10, jobRunning: 20 } as const;

/** Timings long enough that a test reads the in-between state deterministically (close() cancels them). */
export const FROZEN = { start: 600000, stop: 600000, reboot: 600000, resize: 600000, revertResize: 600000, jobQueued: 600000, jobRunning: 600000 } as const;

/** Returns a starter whose emulators are all closed after each test, so none outlives its test. */
export function emulatorLauncher(): (options?: EmulatorOptions) => Promise<Emulator> {
  const open: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });
  return async (options) => {
    const emulator = await startEmulator(options);
    open.push(emulator);
    return emulator;
  };
}
