import type { ServerOperationProps } from './server-operation';

/** How to log in after an OS change or reinstall, and which API version installs it. */
export interface OsInstallProps extends ServerOperationProps {
  /**
   * The key pair to log in with. Not together with `adminPasswordEnv`.
   * @default - no key pair
   */
  readonly keyName?: string;
  /**
   * The ID of the IAM user who owns the key pair (32 hex characters). Required with `keyName` for a
   * reinstall, as the cloud requires it.
   * @default - for an OS change, the user of the apply-time credentials
   */
  readonly userId?: string;
  /**
   * The *name* of an environment variable that holds the new admin password at apply time. The
   * password itself never enters the plan, the state or the policy.
   * @default - no password
   */
  readonly adminPasswordEnv?: string;
  /**
   * User data (a cloud-init script) as plain text, at most 32 KB; it is base64-encoded into the plan.
   * @default - no user data
   */
  readonly userData?: string;
  /**
   * `v2`: the `/v2/{project_id}/cloudservers/{server_id}/…` API (images with Cloud-Init);
   * `v1`: the `/v1/…` API (images without Cloud-Init).
   * @default 'v2'
   */
  readonly apiVersion?: 'v1' | 'v2';
}
