import { credentialsFromEnv } from '../../../src/runtime/client/credentials';

describe('credentials: read from the environment in a fixed order', () => {
  test.each([
    [
      'the OS_ pair wins over the HW_ pair and a token',
      { OS_ACCESS_KEY: 'ak1', OS_SECRET_KEY: 'sk1', HW_ACCESS_KEY: 'ak2', HW_SECRET_KEY: 'sk2', OS_AUTH_TOKEN: 't' },
      { kind: 'access-key', accessKey: 'ak1', secretKey: 'sk1', securityToken: undefined, source: 'OS_ACCESS_KEY/OS_SECRET_KEY' },
    ],
    [
      'the HW_ pair, with a security token',
      { HW_ACCESS_KEY: 'ak2', HW_SECRET_KEY: 'sk2', OS_SECURITY_TOKEN: 'st' },
      { kind: 'access-key', accessKey: 'ak2', secretKey: 'sk2', securityToken: 'st', source: 'HW_ACCESS_KEY/HW_SECRET_KEY' },
    ],
    [
      'a token over a password',
      { OS_AUTH_TOKEN: 't', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_DOMAIN_NAME: 'd' },
      { kind: 'token', token: 't', source: 'OS_AUTH_TOKEN' },
    ],
    [
      'a password, with project name and auth URL',
      { OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_DOMAIN_NAME: 'd', OS_PROJECT_NAME: 'eu-de', OS_AUTH_URL: 'https://iam.example/v3' },
      {
        kind: 'password',
        user: 'u',
        password: 'p',
        domain: 'd',
        projectName: 'eu-de',
        authUrl: 'https://iam.example/v3',
        source: 'OS_USERNAME/OS_PASSWORD/OS_DOMAIN_NAME',
      },
    ],
    ['empty values count as unset', { OS_ACCESS_KEY: '', OS_SECRET_KEY: '', OS_AUTH_TOKEN: 't' }, { kind: 'token', token: 't', source: 'OS_AUTH_TOKEN' }],
  ])('%s', (_name, env, expected) => {
    expect(credentialsFromEnv(env)).toEqual(expected);
  });

  test.each([
    ['half a pair', { OS_ACCESS_KEY: 'ak', HW_ACCESS_KEY: 'x', HW_SECRET_KEY: 'y' }, 'OS_ACCESS_KEY is set but OS_SECRET_KEY is not'],
    ['a password without a domain', { OS_USERNAME: 'u', OS_PASSWORD: 'secret-value' }, 'password authentication needs OS_DOMAIN_NAME as well'],
    ['nothing', {}, 'no credentials in the environment'],
  ])('%s is refused, naming variables, never values', (_name, env, message) => {
    // WHEN the credentials are read
    const error = captured(() => credentialsFromEnv(env));
    // THEN a CredentialsError (exit code 3) names what to set
    expect(error).toMatchObject({ name: 'CredentialsError', exitCode: 3, message });
    expect(error.fix).toBeDefined();
    expect(`${error.message} ${error.fix}`).not.toContain('secret-value');
  });
});

function captured(fn: () => unknown): Error & { fix?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
