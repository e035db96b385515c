import { execFileSync } from 'child_process';
import * as path from 'path';
import { ExecArguments } from '../../../src/cloud/exec-arguments';
import { OperationId } from '../../../src/permissions/operation';
import { ADMIN_PASSWORD_VARIABLE, emulatorOptions, execCli, SERVER, withEmulator } from '../helpers/exec-cli';

const CLI = path.resolve(__dirname, '../../../lib/cli.js');

describe('exec refuses an invalid command line with exit code 2, before sending anything', () => {
  test.concurrent.each<[string, OperationId, Partial<ExecArguments>, readonly string[], RegExp]>([
    ['an unknown option', 'server-stop', { serverId: SERVER, stopType: 'SOFT' }, ['--force'], /^ecs-lifecycle exec: unknown option '--force' for 'server-stop'\. Run 'ecs-lifecycle exec --help'/],
    ['a missing required option', 'server-stop', { serverId: SERVER }, [], /missing required option '--stop-type'/],
    ['a bad stop type', 'server-stop', { serverId: SERVER, stopType: 'soft' }, [], /: --stop-type 'soft' must be SOFT or HARD\. Fix: fix the command line in the plan, or the environment variable it names/],
    ['a bad poll interval', 'server-start', { serverId: SERVER, pollInterval: '-1' }, [], /--poll-interval '-1' must be a number of seconds greater than 0/],
    ['a zero timeout', 'server-start', { serverId: SERVER, timeout: '0' }, [], /--timeout '0' must be a number of seconds greater than 0/],
    ['an unknown cloud', 'server-start', { serverId: SERVER, cloud: 'aws' }, [], /--cloud 'aws' is not a supported cloud/],
    ['an unknown region without --endpoint', 'server-start', { serverId: SERVER, region: 'mars-1', endpoint: undefined }, [], /--region 'mars-1' is not a known otc region \(eu-de, eu-nl, eu-ch2\); pass --endpoint/],
    ['plain HTTP to a remote host', 'server-start', { serverId: SERVER, endpoint: 'http://ecs.example.com' }, [], /--endpoint 'http:\/\/ecs\.example\.com' must use https/],
    ['an endpoint with a path', 'server-start', { serverId: SERVER, endpoint: 'https://ecs.example.com/v2.1/p' }, [], /must be a scheme and host only/],
    ['a server id that is not an id', 'server-start', { serverId: '../../jobs/x' }, [], /--server-id '..\/..\/jobs\/x' is not a server id/],
    ['an unset admin password variable', 'server-reinstall-os-v2', { serverId: SERVER, adminPasswordEnv: 'NOT_SET_ANYWHERE' }, [],
      /the environment variable NOT_SET_ANYWHERE \(named by --admin-password-env\) is not set or is empty/],
    ['a key pair and a password together', 'server-change-os-v2', { serverId: SERVER, imageId: 'img', keyName: 'k', adminPasswordEnv: ADMIN_PASSWORD_VARIABLE }, [],
      /give either --key-name or --admin-password-env, not both/],
    ['user data that is not base64', 'server-change-os-v2', { serverId: SERVER, imageId: 'img', userData: 'not base64!' }, [], /--user-data must be base64-encoded/],
    ['user data for an image without Cloud-Init', 'server-change-os-v1', { serverId: SERVER, imageId: 'img', userData: 'aGk=' }, [], /--user-data needs Cloud-Init: use the v2 API of server-change-os/],
    ['a reinstall key pair without its user', 'server-reinstall-os-v1', { serverId: SERVER, keyName: 'k' }, [], /--key-name for a reinstall needs --user-id as well/],
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
      expect(run.stderr).toMatch(/: --poll-interval 'x' must be a number of seconds greater than 0 \(decimals allowed\); --reboot-type 'WARM' must be SOFT or HARD\./);
    });
  });
});

describe('exec --help: the operations, options, environment and exit codes', () => {
  test('lists every operation with its flags and default timeout', () => {
    const help = execFileSync(process.execPath, [CLI, 'exec', '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/^Usage: ecs-lifecycle exec <operation> --construct-path <constructPath> --cloud <cloud> --region <region> --project-id <projectId> \[--endpoint <endpoint>\]/);
    expect(help).toMatch(/server-reinstall-os-v2 +--server-id <serverId> \[--key-name <keyName>\] \[--user-id <userId>\] \[--admin-password-env <adminPasswordEnv>\] \[--user-data <userData>\]/);
    expect(help).toMatch(/\(default timeout 1800 s\)/);
    expect(help).toMatch(/Exit codes: 0 done \(or nothing to do\), 1 operation failed, 2 invalid arguments, 3 authentication or permission, 4 timeout\./);
  });

  test('the top-level help lists exec', () => {
    expect(execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' })).toMatch(/^ {2}exec +run one lifecycle operation/m);
  });
});
