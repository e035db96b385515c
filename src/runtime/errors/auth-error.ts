import { ExitCode } from '../exit-code';
import { ApiError } from './api-error';

/**
 * The cloud refused the credentials (HTTP 401) or the permission (HTTP 403). Never retried: the cloud
 * locks an access key for 5 minutes after 5 failed authentications in a row.
 */
export class AuthError extends ApiError {
  override readonly name = 'AuthError';
  override readonly exitCode = ExitCode.AUTH;
}
