import { ApiError, AuthError, type EcsLifecycleError, NetworkError, TimeoutError } from '../../src/runtime';
import { adviceFor } from '../../src/runtime/advice';

const POST = { method: 'POST', path: '/v2.1/p/servers/s/action' };
const context = { projectId: 'p', endpoint: 'https://ecs.eu-de.otc.t-systems.com', serverId: 's', credentialsSource: 'OS_ACCESS_KEY/OS_SECRET_KEY' };

describe("advice: what to do, derived from the status and the cloud's code", () => {
  test.each<[string, EcsLifecycleError, string, RegExp]>([
    [
      'the cloudservers lock code',
      new ApiError(POST, { status: 400, code: 'Ecs.0605', message: 'ECS locked.' }),
      'server-stop',
      /^the server is locked: add a ServerUnlock/,
    ],
    [
      "Nova's locked conflict",
      new ApiError(POST, { status: 409, code: 'conflictingRequest', message: 'Instance s is locked' }),
      'server-stop',
      /^the server is locked/,
    ],
    [
      'a state conflict on an OS change',
      new ApiError(POST, { status: 400, code: 'Ecs.0100' }),
      'server-change-os-v2',
      /add a ServerStop before this operation$/,
    ],
    [
      'a state conflict on a power action',
      new ApiError(POST, { status: 409, code: 'conflictingRequest', message: "Cannot 'stop'" }),
      'server-stop',
      /let its current task finish/,
    ],
    ['a project mismatch', new ApiError(POST, { status: 400, code: 'Ecs.0023' }), 'server-stop', /another project than --project-id/],
    ['throttling that outlasted the retries', new ApiError(POST, { status: 429, code: 'APIGW.0308' }), 'server-stop', /^the cloud kept throttling/],
    ['a server error', new ApiError(POST, { status: 503 }), 'server-stop', /^the cloud failed: run terraform apply again .* later; quote the request id/],
    [
      'a rejected signature',
      new AuthError(POST, { status: 401, code: 'APIGW.0301' }),
      'server-stop',
      /^the cloud rejected the credentials from OS_ACCESS_KEY\/OS_SECRET_KEY: .*Not retried: 5 failed attempts in a row lock an access key for 5 minutes$/,
    ],
    [
      'a policy denial',
      new AuthError(POST, { status: 403, code: 'Pdp.0001' }),
      'server-lock',
      /ecs-iam-policy\.json\); server-lock needs ecs:cloudServers:showServer, ecs:servers:list, ecs:servers:lock$/,
    ],
    ['a dropped connection', new NetworkError(POST, 'ECONNRESET', true), 'server-stop', /^check the network path to https:\/\/ecs\.eu-de/],
    ['a timeout', new TimeoutError('x', 1000), 'server-stop', /or allow more time with --timeout or ECS_LIFECYCLE_TIMEOUT$/],
  ])('%s', (_name, error, operation, expected) => {
    expect(adviceFor(error, { ...context, operation: operation as never })).toMatch(expected);
  });

  test('an error that carries its own fix keeps it', () => {
    expect(adviceFor(new ApiError(POST, { status: 400, code: 'Ecs.0605' }, { fix: 'do this' }), { ...context, operation: 'server-stop' })).toBe('do this');
  });

  test('an unremarkable client error gets no advice', () => {
    expect(adviceFor(new ApiError(POST, { status: 400, code: 'Ecs.0005' }), { ...context, operation: 'server-stop' })).toBeUndefined();
  });
});
