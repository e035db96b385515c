/**
 * The canary suite against a hostile cloud: a loopback server that echoes each request back in its error pages
 * (headers, body, and the whole of it JSON-escaped, URL-encoded and base64-encoded), as JSON messages and as
 * HTML pages cut by the CLI's excerpt, for every kind of credential and for the admin password.
 */
import type { ServerResponse } from 'node:http';
import type { ExecArguments } from '../../../src/cloud/exec-arguments';
import type { OperationId } from '../../../src/permissions/operation';
import { REDACTED } from '../../../src/runtime/redact';
import { ADMIN_PASSWORD_VARIABLE, ACCESS_KEY_ENV, CANARY, execCli, SERVER } from '../helpers/exec-cli';
import { json, type Loopback, type ReceivedRequest, startLoopback } from '../helpers/loopback-server';

const PROJECT = '0123456789abcdef0123456789abcdef';
/** The CLI's excerpt of a page that is not JSON. */
const EXCERPT_LENGTH = 160;

interface Kind {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
  readonly operation: OperationId;
  readonly args: Partial<ExecArguments>;
  /** The secret this kind puts on the wire, which the echo page starts with. */
  readonly secret: string;
  /** Whether the request is the one to answer with the echo (the others get a normal answer). */
  readonly echoes: (request: ReceivedRequest) => boolean;
}

const STOP = { operation: 'server-stop' as const, args: { serverId: SERVER, stopType: 'SOFT' as const } };
const KINDS: readonly Kind[] = [
  {
    name: 'an access key pair with a security token',
    env: { ...ACCESS_KEY_ENV, OS_SECURITY_TOKEN: CANARY.securityToken },
    ...STOP,
    secret: CANARY.securityToken,
    echoes: () => true,
  },
  { name: 'an access key pair (the key id in Authorization)', env: ACCESS_KEY_ENV, ...STOP, secret: CANARY.accessKey, echoes: () => true },
  { name: 'an IAM token', env: { OS_AUTH_TOKEN: CANARY.token }, ...STOP, secret: CANARY.token, echoes: () => true },
  {
    name: 'a user password',
    env: { OS_USERNAME: 'deployer', OS_PASSWORD: CANARY.userPassword, OS_DOMAIN_NAME: 'acme' },
    ...STOP,
    secret: CANARY.userPassword,
    echoes: (r) => r.path === '/v3/auth/tokens',
  },
  {
    name: 'the admin password',
    env: ACCESS_KEY_ENV,
    operation: 'server-change-os-v2',
    args: { serverId: SERVER, imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', adminPasswordEnv: ADMIN_PASSWORD_VARIABLE },
    secret: CANARY.adminPassword,
    echoes: (r) => r.method === 'POST',
  },
];

type Page = 'json' | `cut ${number}` | 'unfinished';
const PAGES: readonly Page[] = ['json', 'cut 1', 'cut 4', 'cut 9', 'unfinished'];

let loopback: Loopback | undefined;
afterEach(async () => {
  await loopback?.close();
  loopback = undefined;
});

describe.each(KINDS)('no secret leaks from an echoing error page: $name', (kind) => {
  test.each(PAGES)('%s', async (page) => {
    // GIVEN a server that answers the kind's request with an error page echoing it
    loopback = await startLoopback((request, res) => (kind.echoes(request) ? echo(res, request, kind.secret, page) : normalAnswer(res, request)));
    // WHEN the CLI runs (execCli fails the test if any canary value or signature appears)
    const run = await execCli({ url: loopback.url, projectId: PROJECT }, kind.operation, kind.args, { env: kind.env });
    // THEN it fails with the page's content in its message, masked
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(REDACTED);
    const output = run.stdout + run.stderr;
    for (const secret of Object.values(CANARY)) {
      for (const form of encodedForms(secret)) expect(output).not.toContain(form);
    }
    // AND no start of the secret is left where the excerpt was cut or the page ended
    expect(
      endsWithPiece(output.slice(0, output.indexOf('…') >= 0 ? output.indexOf('…') : output.indexOf('"', output.indexOf('(body: "') + 8)), kind.secret),
    ).toBe(false);
  });
});

function echo(res: ServerResponse, request: ReceivedRequest, secret: string, page: Page): void {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`);
  const body = request.body.toString('utf8');
  const dump = [`${request.method} ${request.path}?${request.query}`, ...headers, `values: ${Object.values(request.headers).join(' ')}`, body].join('\n');
  const everything = [dump, `json: ${JSON.stringify(dump)}`, `url: ${encodeURIComponent(dump)}`, `base64: ${Buffer.from(`x${dump}`).toString('base64')}`].join(
    '\n',
  );
  if (page === 'json') {
    json(res, 400, { error: { code: 'Ecs.0005', message: `echo: ${secret} ${everything}` } });
    return;
  }
  res.writeHead(400, { 'Content-Type': 'text/html' });
  if (page === 'unfinished') {
    // The server itself cut its page in the middle of the secret.
    res.end(`<html><body><h1>400 Bad Request</h1><p>echo: ${secret.slice(0, secret.length - 2)}`);
    return;
  }
  // "400 Bad Request " and a pad, so that the excerpt's cut falls `cut` characters into the secret.
  const cut = Number(page.split(' ')[1]);
  const pad = 'x'.repeat(EXCERPT_LENGTH - '400 Bad Request '.length - 1 - cut);
  res.end(`<html><body><h1>400 Bad Request</h1><p>${pad}</p><pre>${secret} ${everything}</pre></body></html>`);
}

// Answers the reads and the token request the way the cloud does.
function normalAnswer(res: ServerResponse, request: ReceivedRequest): void {
  if (request.path === '/v3/auth/tokens') {
    json(res, 201, { token: {} }, { 'X-Subject-Token': CANARY.token });
    return;
  }
  json(res, 200, { server: { id: SERVER, status: 'SHUTOFF', 'OS-EXT-STS:task_state': null, locked: false, flavor: { id: 'f' }, image: { id: 'img-old' } } });
}

function encodedForms(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')];
}

/** Whether `text` ends with the first 4 or more characters of `secret`. */
function endsWithPiece(text: string, secret: string): boolean {
  for (let length = 4; length < secret.length; length += 1) {
    if (text.endsWith(secret.slice(0, length))) return true;
  }
  return false;
}

describe('a token is a secret from the moment its response arrives', () => {
  test('GIVEN an IAM endpoint answering the password exchange with 201, X-Subject-Token and a non-JSON body repeating the token WHEN the CLI runs THEN it fails without printing the token', async () => {
    // GIVEN
    loopback = await startLoopback((request, res) => {
      if (request.path !== '/v3/auth/tokens') return normalAnswer(res, request);
      res.writeHead(201, { 'Content-Type': 'text/plain', 'X-Subject-Token': CANARY.token });
      res.end(`issued ${CANARY.token} for you`);
    });
    // WHEN (execCli fails the test if the token appears in any encoding)
    const run = await execCli(
      { url: loopback.url, projectId: PROJECT },
      'server-stop',
      { serverId: SERVER, stopType: 'SOFT' },
      { env: { OS_USERNAME: 'deployer', OS_PASSWORD: CANARY.userPassword, OS_DOMAIN_NAME: 'acme' } },
    );
    // THEN the body is reported as unreadable, with the token masked
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the response body is not valid JSON');
    expect(run.stderr).toContain(`issued ${REDACTED} for you`);
  });
});
