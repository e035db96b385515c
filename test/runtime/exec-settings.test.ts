import { execArgv, parseExecArgv } from '../../src/cloud/exec-arguments';
import { isOperationId, type OperationId } from '../../src/permissions/operation';
import { DEFAULT_TIMEOUT_SECONDS, type ExecSettings, resolveExecSettings, resolveIamEndpoint } from '../../src/runtime/exec-settings';

const COMMON = { constructPath: 'prod/x', cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' };

describe('exec settings: endpoints, poll interval and timeout', () => {
  test.each<[string, Record<string, string>, NodeJS.ProcessEnv, Partial<ExecSettings>]>([
    [
      'the regional OTC endpoint and the defaults',
      {},
      {},
      { endpoint: 'https://ecs.eu-de.otc.t-systems.com', pollIntervalMs: 2000, timeoutMs: 600_000, endpointOverridden: false, resendWindowMs: 120_000 },
    ],
    ['Swiss OTC', { region: 'eu-ch2' }, {}, { endpoint: 'https://ecs.eu-ch2.sc.otc.t-systems.com' }],
    ['Huawei Cloud', { cloud: 'huaweicloud', region: 'ap-southeast-1' }, {}, { endpoint: 'https://ecs.ap-southeast-1.myhuaweicloud.com' }],
    [
      'an endpoint override, trailing slash dropped',
      { endpoint: 'https://ecs.example.com:8443/' },
      {},
      { endpoint: 'https://ecs.example.com:8443', endpointOverridden: true },
    ],
    ['decimal seconds', { pollInterval: '0.25', timeout: '1.5' }, {}, { pollIntervalMs: 250, timeoutMs: 1500 }],
    ['environment overrides', {}, { ECS_LIFECYCLE_POLL_INTERVAL: '5', ECS_LIFECYCLE_TIMEOUT: '60' }, { pollIntervalMs: 5000, timeoutMs: 60_000 }],
    ['the flag over the environment', { timeout: '7' }, { ECS_LIFECYCLE_TIMEOUT: '60' }, { timeoutMs: 7000 }],
    ['the resend window from the environment', {}, { ECS_LIFECYCLE_RESEND_WINDOW: '0.5' }, { resendWindowMs: 500 }],
  ])('%s', (_name, args, env, expected) => {
    expect(resolveExecSettings('server-stop', parsed('server-stop', args), env)).toMatchObject(expected);
  });

  test('operations that rewrite disks or migrate servers get 30 minutes, the others 10', () => {
    expect(DEFAULT_TIMEOUT_SECONDS['server-change-os-v2']).toBe(1800);
    expect(DEFAULT_TIMEOUT_SECONDS['server-resize']).toBe(1800);
    expect(DEFAULT_TIMEOUT_SECONDS['server-stop']).toBe(600);
  });

  test.each([
    ['OS_AUTH_URL, with its /v3 dropped', { endpoint: undefined }, 'https://iam.example.com/v3/', 'https://iam.example.com'],
    ['the overridden endpoint (an emulator serves /v3/auth/tokens too)', { endpoint: 'http://127.0.0.1:9999' }, undefined, 'http://127.0.0.1:9999'],
    ["the region's IAM endpoint", {}, undefined, 'https://iam.eu-de.otc.t-systems.com'],
  ])('the IAM endpoint: %s', (_name, args, authUrl, expected) => {
    const settings = resolveExecSettings('server-stop', parsed('server-stop', args as Record<string, string>), {});
    expect(resolveIamEndpoint(settings, authUrl)).toBe(expected);
  });

  test('an OS_AUTH_URL over plain HTTP to a remote host is refused', () => {
    const settings = resolveExecSettings('server-stop', parsed('server-stop', {}), {});
    expect(() => resolveIamEndpoint(settings, 'http://iam.example.com/v3')).toThrow(/OS_AUTH_URL is "http:\/\/iam\.example\.com", which must use https/);
  });

  test.each([
    [
      'a poll interval that would overflow a timer (2^31 ms)',
      { pollInterval: '2147483.648' },
      {},
      /--poll-interval is "2147483\.648", which is not a number of seconds from 0\.001 to 2147483\.647/,
    ],
    ['a huge timeout', { timeout: '99999999999' }, {}, /--timeout is "99999999999"/],
    ['exponent notation', { pollInterval: '1e3' }, {}, /--poll-interval is "1e3"/],
    ['less than a millisecond', { pollInterval: '0.0001' }, {}, /--poll-interval is "0\.0001"/],
    ['zero', { timeout: '0' }, {}, /--timeout is "0"/],
    ['a huge poll interval from the environment', {}, { ECS_LIFECYCLE_POLL_INTERVAL: '3000000' }, /ECS_LIFECYCLE_POLL_INTERVAL is "3000000"/],
    ['a plain-HTTP endpoint on another host', { endpoint: 'http://ecs.example.com' }, {}, /--endpoint is "http:\/\/ecs\.example\.com", which must use https/],
    [
      'an endpoint with a path',
      { endpoint: 'https://ecs.example.com/v1' },
      {},
      /--endpoint is "https:\/\/ecs\.example\.com\/v1", which is more than a scheme, host and port/,
    ],
    ['a resend window that is not seconds', {}, { ECS_LIFECYCLE_RESEND_WINDOW: 'soon' }, /ECS_LIFECYCLE_RESEND_WINDOW is "soon"/],
    ['a project id that is not 32 hex characters', { projectId: 'p1' }, {}, /--project-id is "p1", which is not a project ID/],
  ])('refused before anything is sent: %s', (_name, args, env, message) => {
    expect(() => resolveExecSettings('server-stop', parsed('server-stop', args), env)).toThrow(message);
  });

  test('the largest bounds are accepted, in milliseconds', () => {
    expect(resolveExecSettings('server-stop', parsed('server-stop', { pollInterval: '2147483.647', timeout: '0.001' }), {})).toMatchObject({
      pollIntervalMs: 2 ** 31 - 1,
      timeoutMs: 1,
    });
  });
});

function parsed(operation: OperationId, args: Record<string, string | undefined>) {
  const result = parseExecArgv(execArgv(operation, { ...COMMON, serverId: 's1', stopType: 'SOFT', ...args }), isOperationId);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.args;
}
