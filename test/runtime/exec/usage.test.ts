import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { ExecArguments } from '../../../src/cloud/exec-arguments';
import type { OperationId } from '../../../src/permissions/operation';
import { ADMIN_PASSWORD_VARIABLE, emulatorOptions, execCli, SERVER, withEmulator } from '../helpers/exec-cli';

const CLI = path.resolve(__dirname, '../../../lib/cli.js');

describe('exec refuses an invalid command line with exit code 2, before sending anything', () => {
  test.concurrent.each<[string, OperationId, Partial<ExecArguments>, readonly string[], RegExp]>([
    [
      'an unknown option',
      'server-stop',
      { serverId: SERVER, stopType: 'SOFT' },
      ['--force'],
      /^ecs-lifecycle exec: unknown option '--force' for 'server-stop'\. Run 'ecs-lifecycle exec --help'/,
    ],
    ['a missing required option', 'server-stop', { serverId: SERVER }, [], /missing required option '--stop-type'/],
    [
      'a bad stop type',
      'server-stop',
      { serverId: SERVER, stopType: 'soft' },
      [],
      /: --stop-type is "soft", which is not one of 'SOFT', 'HARD'; use one of 'SOFT', 'HARD', e\.g\. 'SOFT'\. Fix: fix the command line in the plan, or the environment variable it names/,
    ],
    [
      'a bad poll interval',
      'server-start',
      { serverId: SERVER, pollInterval: '-1' },
      [],
      /--poll-interval is "-1", which is not a number of seconds from 0\.001 to 2147483\.647/,
    ],
    ['a zero timeout', 'server-start', { serverId: SERVER, timeout: '0' }, [], /--timeout is "0", which is not a number of seconds/],
    ['an unknown cloud', 'server-start', { serverId: SERVER, cloud: 'aws' }, [], /--cloud 'aws' is not a supported cloud/],
    [
      'an unknown region without --endpoint',
      'server-start',
      { serverId: SERVER, region: 'mars-1', endpoint: undefined },
      [],
      /--region 'mars-1' is not a known otc region \(eu-de, eu-nl, eu-ch2\); pass --endpoint/,
    ],
    [
      'plain HTTP to a remote host',
      'server-start',
      { serverId: SERVER, endpoint: 'http://ecs.example.com' },
      [],
      /--endpoint is "http:\/\/ecs\.example\.com", which must use https/,
    ],
    [
      'an endpoint with a path',
      'server-start',
      { serverId: SERVER, endpoint: 'https://ecs.example.com/v2.1/p' },
      [],
      /which is more than a scheme, host and port/,
    ],
    [
      'a server id that is not an id',
      'server-start',
      { serverId: '../../jobs/x' },
      [],
      /--server-id is "..\/..\/jobs\/x", which is not an ECS server ID \(a UUID\)/,
    ],
    [
      'an unset admin password variable',
      'server-reinstall-os-v2',
      { serverId: SERVER, adminPasswordEnv: 'NOT_SET_ANYWHERE' },
      [],
      /the environment variable NOT_SET_ANYWHERE \(named by --admin-password-env\) is not set or is empty/,
    ],
    [
      'a key pair and a password together',
      'server-change-os-v2',
      { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'k', adminPasswordEnv: ADMIN_PASSWORD_VARIABLE },
      [],
      /--admin-password-env is set together with keyName, which the cloud refuses; log in either with a key pair/,
    ],
    [
      'user data that is not base64',
      'server-change-os-v2',
      { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', userData: 'not base64!' },
      [],
      /--user-data must be base64-encoded/,
    ],
    [
      'user data for an image without Cloud-Init',
      'server-change-os-v1',
      { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', userData: 'aGk=' },
      [],
      /--user-data is set with apiVersion 'v1', whose API \(images without Cloud-Init\) takes no user data/,
    ],
    [
      'a server group policy the cloud does not support',
      'server-group-create',
      { name: 'web', policy: 'affinity' },
      [],
      /--policy is "affinity", which is not one of 'anti-affinity'/,
    ],
    ['a group name with a quote', 'server-group-create', { name: "web'1", policy: 'anti-affinity' }, [], /--name is "web'1", which is not 1 to 255 letters/],
    [
      'a key name with a space',
      'server-change-os-v2',
      { serverId: SERVER, imageId: 'bbbbbbbb-0000-4000-8000-000000000002', keyName: 'my key' },
      [],
      /--key-name is "my key", which is not a key pair name/,
    ],
    [
      'a user id that is not 32 hex characters',
      'server-reinstall-os-v2',
      { serverId: SERVER, keyName: 'k', userId: 'u' },
      [],
      /--user-id is "u", which is not an IAM user ID/,
    ],
    [
      'an image id that is not a UUID',
      'server-change-os-v2',
      { serverId: SERVER, imageId: 'ubuntu', keyName: 'k' },
      [],
      /--image-id is "ubuntu", which is not an image ID/,
    ],
    ['a flavor with a space', 'server-resize', { serverId: SERVER, flavorRef: 's3 large' }, [], /--flavor-ref is "s3 large", which is not a flavor ID/],
    [
      'a poll interval that would overflow a timer',
      'server-start',
      { serverId: SERVER, pollInterval: '2147484' },
      [],
      /--poll-interval is "2147484", which is not a number of seconds from 0\.001 to 2147483\.647/,
    ],
    [
      'a repeated flag',
      'server-lock',
      { serverId: SERVER },
      ['--server-id', '99999999-0000-4000-8000-000000000000'],
      /option '--server-id' is given more than once/,
    ],
    [
      'nobody could log in',
      'server-reinstall-os-v2',
      { serverId: SERVER },
      [],
      /--key-name is missing, and so are adminPasswordEnv and userData: nobody could log in/,
    ],
    [
      'a reinstall key pair without its user',
      'server-reinstall-os-v1',
      { serverId: SERVER, keyName: 'k' },
      [],
      /--user-id is missing, and the cloud requires it with keyName for a reinstall/,
    ],
  ])('%s', async (_name, operation, args, extraArgs, message) => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, operation, args, { extraArgs });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(emulator.audit).toHaveLength(0);
    });
  });

  test('several problems are reported together', async () => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-reboot', { serverId: SERVER, rebootType: 'WARM', pollInterval: 'x' });
      expect(run.stderr).toMatch(/: --poll-interval is "x", which is not a number of seconds .*; --reboot-type is "WARM", which is not one of 'SOFT', 'HARD'/);
    });
  });
});

describe('exec --help: the operations, options, environment and exit codes', () => {
  test('lists every operation with its flags and default timeout', () => {
    const help = execFileSync(process.execPath, [CLI, 'exec', '--help'], { encoding: 'utf8' });
    expect(help).toMatch(
      /^Usage: ecs-lifecycle exec <operation> --construct-path <constructPath> --cloud <cloud> --region <region> --project-id <projectId> \[--endpoint <endpoint>\]/,
    );
    expect(help).toMatch(
      /server-reinstall-os-v2 +--server-id <serverId> \[--key-name <keyName>\] \[--user-id <userId>\] \[--admin-password-env <adminPasswordEnv>\] \[--user-data <userData>\]/,
    );
    expect(help).toMatch(/\(default timeout 1800 s\)/);
    expect(help).toMatch(/Exit codes: 0 done \(or nothing to do\), 1 operation failed, 2 invalid arguments, 3 authentication or permission, 4 timeout\./);
  });

  test('the top-level help lists exec', () => {
    expect(execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' })).toMatch(/^ {2}exec +run one lifecycle operation/m);
  });
});

describe('exec writes no control character to the terminal', () => {
  test('a construct path with ESC sequences and line breaks cannot forge a line (reproduction)', async () => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      // GIVEN a construct path that would clear the line and print a forged `done`
      const forged = 'prod/\u001b[2K\r[server-lock prod/x] done: locked\n[server-lock prod/x] done';
      // WHEN the operation runs and reports progress
      const run = await execCli(emulator, 'server-lock', { serverId: SERVER, constructPath: forged });
      // THEN every line starts with the real prefix, and the control characters show as escapes
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines.every((line) => line.startsWith('[server-lock prod/\\u001b[2K\\u000d[server-lock prod/x] done: locked\\u000a'))).toBe(true);
    });
  });
});
