import { requiredActionsOf } from '../../../src/permissions/requirements';
import { ACCESS_KEY_ENV, allowOnly, CANARY, emulatorOptions, execCli, SERVER, withEmulator } from '../helpers/exec-cli';

const STOP = { serverId: SERVER, stopType: 'SOFT' } as const;
const PASSWORD_ENV = { OS_USERNAME: 'deployer', OS_PASSWORD: CANARY.userPassword, OS_DOMAIN_NAME: 'acme' };

describe('exec authenticates with the credentials in the environment', () => {
  test.concurrent.each([
    ['the HW_ access key pair', { HW_ACCESS_KEY: CANARY.accessKey, HW_SECRET_KEY: CANARY.secretKey }, 'aksk'],
    ['an IAM token', { OS_AUTH_TOKEN: CANARY.token }, 'token'],
    ['a user and password (token from POST /v3/auth/tokens on the --endpoint host)', PASSWORD_ENV, 'token'],
    ['a user and password scoped by project name', { ...PASSWORD_ENV, OS_PROJECT_NAME: 'eu-de' }, 'token'],
  ])('%s', async (_name, env, auth) => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-stop', STOP, { env });
      expect(run.code).toBe(0);
      expect(emulator.server(SERVER)!.status).toBe('SHUTOFF');
      expect(emulator.audit.filter((e) => e.route !== 'iam-tokens').every((e) => e.auth === auth)).toBe(true);
    });
  });

  test.concurrent('temporary credentials send their security token', async () => {
    const credentials = [{ accessKey: CANARY.accessKey, secretKey: CANARY.secretKey, securityToken: CANARY.securityToken }];
    await withEmulator(emulatorOptions({ credentials }), async (emulator) => {
      const run = await execCli(emulator, 'server-lock', { serverId: SERVER }, { env: { ...ACCESS_KEY_ENV, OS_SECURITY_TOKEN: CANARY.securityToken } });
      expect(run.code).toBe(0);
      expect(emulator.server(SERVER)!.locked).toBe(true);
    });
  });
});

describe('exec fails authentication once, with exit code 3, and never retries it', () => {
  test.concurrent.each([
    ['a wrong secret key', { OS_ACCESS_KEY: CANARY.accessKey, OS_SECRET_KEY: 'wrong-secret-key-canary-0001' }, 'verify aksk signature fail'],
    ['an unknown access key', { OS_ACCESS_KEY: 'UNKNOWNACCESSKEY0001', OS_SECRET_KEY: CANARY.secretKey }, 'the access key does not exist'],
    ['an expired or unknown token', { OS_AUTH_TOKEN: 'expired-token-canary-0001' }, 'the token is invalid or expired'],
    ['temporary credentials without their token', ACCESS_KEY_ENV, 'the security token is missing'],
  ])('%s', async (_name, env, reason) => {
    const credentials = [
      { accessKey: CANARY.accessKey, secretKey: CANARY.secretKey, ...(_name.startsWith('temporary') ? { securityToken: CANARY.securityToken } : {}) },
    ];
    await withEmulator(emulatorOptions({ credentials }), async (emulator) => {
      // WHEN the cloud refuses the credentials
      const run = await execCli(emulator, 'server-stop', STOP, { env });
      // THEN exit 3, the gateway's code and reason, the lock-out warning, and exactly one request
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        new RegExp(
          `^ecs-lifecycle exec server-stop failed for prod/server-stop \\(server ${SERVER}\\): GET /v1/\\w+/cloudservers/\\S+ → HTTP 401 APIGW\\.0301 ` +
            `"Incorrect IAM authentication information: ${reason}.*" \\(request id \\w+\\)\\. Fix: the cloud rejected the credentials from .*Not retried: 5 failed attempts in a row lock an access key for 5 minutes\\.$`,
          'm',
        ),
      );
      expect(emulator.audit).toHaveLength(1);
      expect(emulator.mutations()).toBe(0);
    });
  });

  test.concurrent('a wrong password: the token request is refused once', async () => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-stop', STOP, { env: { ...PASSWORD_ENV, OS_PASSWORD: 'wrong-password-canary-01' } });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /: POST \/v3\/auth\/tokens → HTTP 401 Unauthorized "The username or password is wrong\." \(request id \w+\)\. Fix: the cloud rejected the credentials from OS_USERNAME\/OS_PASSWORD\/OS_DOMAIN_NAME/,
      );
      expect(emulator.audit.map((e) => e.route)).toEqual(['iam-tokens']);
    });
  });

  test.concurrent("a policy without the operation's action: 403 once, naming the actions to grant", async () => {
    const policy = allowOnly(requiredActionsOf('server-stop').filter((a) => a !== 'ecs:servers:stop'));
    await withEmulator(emulatorOptions({ policy }), async (emulator) => {
      const run = await execCli(emulator, 'server-stop', STOP);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /: POST \/v2\.1\/\w+\/servers\/\S+\/action → HTTP 403 forbidden "Policy does not allow ecs:servers:stop to be performed\." \(request id \w+\)\. Fix: the credentials from OS_ACCESS_KEY\/OS_SECRET_KEY may not call this API: attach the IAM policy synth wrote \(ecs-iam-policy\.json\); server-stop needs ecs:cloudServers:showServer, ecs:servers:list, ecs:servers:stop\.$/m,
      );
      expect(emulator.audit.filter((e) => e.decision === 'denied')).toHaveLength(1);
      expect(emulator.server(SERVER)!.status).toBe('ACTIVE');
    });
  });

  test.concurrent.each([
    [
      'no credentials at all',
      {},
      /: no credentials in the environment\. Fix: Set OS_ACCESS_KEY and OS_SECRET_KEY .* or OS_AUTH_TOKEN, or OS_USERNAME, OS_PASSWORD and OS_DOMAIN_NAME/,
    ],
    [
      'half a key pair',
      { OS_SECRET_KEY: CANARY.secretKey },
      /: OS_SECRET_KEY is set but OS_ACCESS_KEY is not\. Fix: set both OS_ACCESS_KEY and OS_SECRET_KEY\.$/m,
    ],
  ])('%s: nothing is sent', async (_name, env, message) => {
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-stop', STOP, { env });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(emulator.audit).toHaveLength(0);
    });
  });
});

test.concurrent('OS_AUTH_URL sends the token request to its own IAM endpoint', async () => {
  await withEmulator(emulatorOptions(), async (iam) => {
    await withEmulator(emulatorOptions(), async (ecs) => {
      // GIVEN an IAM emulator separate from the ECS emulator (which does not know the tokens the other one issues)
      const run = await execCli(ecs, 'server-lock', { serverId: SERVER }, { env: { ...PASSWORD_ENV, OS_AUTH_URL: `${iam.url}/v3` } });
      // THEN the token came from the IAM endpoint, and the ECS endpoint was called with it (and refused it, once)
      expect(iam.audit.map((e) => e.route)).toEqual(['iam-tokens']);
      expect(ecs.audit.some((e) => e.route === 'iam-tokens')).toBe(false);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/HTTP 401 APIGW\.0301 "Incorrect IAM authentication information: the token is invalid or expired"/);
    });
  });
});
