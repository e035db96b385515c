/**
 * Credentials, read from the environment at apply time (never from the plan). In order of precedence:
 * 1. an access key pair: `OS_ACCESS_KEY` + `OS_SECRET_KEY`, else `HW_ACCESS_KEY` + `HW_SECRET_KEY`
 *    (the `OS_` pair wins when both are set), with `OS_SECURITY_TOKEN` (or `HW_SECURITY_TOKEN`) for
 *    temporary credentials;
 * 2. an IAM token: `OS_AUTH_TOKEN`;
 * 3. a user: `OS_USERNAME` + `OS_PASSWORD` + `OS_DOMAIN_NAME`, exchanged for a project-scoped token
 *    (`OS_PROJECT_NAME` scopes it by name instead of by `--project-id`; `OS_AUTH_URL` sets the IAM endpoint).
 */
import { CredentialsError } from '../errors/credentials-error';

/** An access key / secret key pair, used to sign every request. */
export interface AccessKeyCredentials {
  readonly kind: 'access-key';
  readonly accessKey: string;
  readonly secretKey: string;
  /** The security token of temporary credentials. @default - permanent credentials */
  readonly securityToken?: string;
  /** The variables they came from, for messages. */
  readonly source: string;
}

/** A ready IAM token. */
export interface TokenCredentials {
  readonly kind: 'token';
  readonly token: string;
  readonly source: string;
}

/** A user name and password, exchanged for a token at the IAM endpoint. */
export interface PasswordCredentials {
  readonly kind: 'password';
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  /** Scope the token to this project name. @default - scoped to `--project-id` */
  readonly projectName?: string;
  /** The IAM endpoint from `OS_AUTH_URL`. @default - derived from the ECS endpoint or the region */
  readonly authUrl?: string;
  readonly source: string;
}

/** Any of the supported credentials. */
export type Credentials = AccessKeyCredentials | TokenCredentials | PasswordCredentials;

/** The environment variables that may hold a secret, whose values are redacted from all output. */
export const SECRET_VARIABLES: readonly string[] = [
  'OS_ACCESS_KEY',
  'OS_SECRET_KEY',
  'HW_ACCESS_KEY',
  'HW_SECRET_KEY',
  'OS_SECURITY_TOKEN',
  'HW_SECURITY_TOKEN',
  'OS_AUTH_TOKEN',
  'OS_PASSWORD',
];

/**
 * The response header in which IAM returns the token a password was exchanged for (lower case, as the client keys
 * headers). Its value is a secret from the moment the response arrives, before its status or body is looked at.
 */
export const SUBJECT_TOKEN_HEADER = 'x-subject-token';

const HOW_TO =
  'Set OS_ACCESS_KEY and OS_SECRET_KEY (or HW_ACCESS_KEY and HW_SECRET_KEY; add OS_SECURITY_TOKEN for temporary ' +
  'credentials), or OS_AUTH_TOKEN, or OS_USERNAME, OS_PASSWORD and OS_DOMAIN_NAME, in the environment of terraform apply.';

/** Reads the credentials from the environment. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  const get = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  for (const prefix of ['OS', 'HW']) {
    const accessKey = get(`${prefix}_ACCESS_KEY`);
    const secretKey = get(`${prefix}_SECRET_KEY`);
    if (accessKey === undefined && secretKey === undefined) continue;
    if (accessKey === undefined || secretKey === undefined) {
      const missing = accessKey === undefined ? `${prefix}_ACCESS_KEY` : `${prefix}_SECRET_KEY`;
      const present = accessKey === undefined ? `${prefix}_SECRET_KEY` : `${prefix}_ACCESS_KEY`;
      throw new CredentialsError(`${present} is set but ${missing} is not`, { fix: `set both ${prefix}_ACCESS_KEY and ${prefix}_SECRET_KEY` });
    }
    const securityToken = get('OS_SECURITY_TOKEN') ?? get('HW_SECURITY_TOKEN');
    return { kind: 'access-key', accessKey, secretKey, securityToken, source: `${prefix}_ACCESS_KEY/${prefix}_SECRET_KEY` };
  }
  const token = get('OS_AUTH_TOKEN');
  if (token !== undefined) return { kind: 'token', token, source: 'OS_AUTH_TOKEN' };
  const user = get('OS_USERNAME');
  const password = get('OS_PASSWORD');
  const domain = get('OS_DOMAIN_NAME');
  if (user !== undefined || password !== undefined) {
    const missing = [
      ['OS_USERNAME', user],
      ['OS_PASSWORD', password],
      ['OS_DOMAIN_NAME', domain],
    ]
      .filter(([, v]) => v === undefined)
      .map(([name]) => name);
    if (missing.length > 0) {
      throw new CredentialsError(`password authentication needs ${missing.join(' and ')} as well`, { fix: HOW_TO });
    }
    return {
      kind: 'password',
      user: user!,
      password: password!,
      domain: domain!,
      projectName: get('OS_PROJECT_NAME'),
      authUrl: get('OS_AUTH_URL'),
      source: 'OS_USERNAME/OS_PASSWORD/OS_DOMAIN_NAME',
    };
  }
  throw new CredentialsError('no credentials in the environment', { fix: HOW_TO });
}
