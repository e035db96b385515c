/**
 * Response values and the cloud's three error formats (ecs-api.md §3): native Nova
 * `{"<faultName>": {"message", "code": <int>}}`, cloudservers `{"error": {"code": "Ecs.xxxx", "message"}}`
 * and the API gateway `{"error_msg", "error_code": "APIGW.xxxx", "request_id"}`.
 */
import type { ApiFamily } from '../route-table';

/** What a handler answers. */
export interface EmulatorResponse {
  readonly status: number;
  /** Serialized as JSON; absent = no body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Nova's fault name for an HTTP status (nova/api/openstack/wsgi.py `_error_code_to_str`). */
export function novaFaultName(status: number): string {
  switch (status) {
    case 400:
      return 'badRequest';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'itemNotFound';
    case 405:
      return 'badMethod';
    case 409:
      return 'conflictingRequest';
    case 413:
    case 429:
      return 'overLimit';
    case 501:
      return 'notImplemented';
    case 503:
      return 'serviceUnavailable';
    default:
      return 'computeFault';
  }
}

/** A native (Nova) error. */
export function nativeError(status: number, message: string): EmulatorResponse {
  return { status, body: { [novaFaultName(status)]: { message, code: status } } };
}

/** A cloudservers error with the cloud's error code. */
export function cloudError(status: number, code: string, message: string): EmulatorResponse {
  return { status, body: { error: { code, message } } };
}

/** An API gateway error (authentication, throttling, unknown API). */
export function gatewayError(status: number, code: string, message: string, requestId: string, headers?: Record<string, string>): EmulatorResponse {
  return { status, body: { error_msg: message, error_code: code, request_id: requestId }, headers };
}

/** A Keystone-style IAM error. */
export function iamError(status: number, title: string, message: string): EmulatorResponse {
  return { status, body: { error: { code: status, title, message } } };
}

/**
 * An error every family can raise, rendered in the family's format: native uses the Nova fault name,
 * cloudservers the given cloud code, the IAM API the Keystone shape.
 */
export function familyError(family: ApiFamily, status: number, cloudCode: string, message: string): EmulatorResponse {
  if (family === 'native') return nativeError(status, message);
  if (family === 'cloudservers') return cloudError(status, cloudCode, message);
  return iamError(status, status >= 500 ? 'Internal Server Error' : 'Bad Request', message);
}

// Cloud error codes used in more than one place ([OTC-ECS] appendix/error_codes.rst).
export const CLOUD_CODES = {
  invalidParameter: { code: 'Ecs.0005', message: 'Invalid parameter values. Contact customer service.' },
  projectMismatch: { code: 'Ecs.0023', message: 'project_id in token mismatches with project_id in url.' },
  flavorMissing: { code: 'Ecs.0029', message: 'The flavor does not exist.' },
  badStatus: { code: 'Ecs.0100', message: 'The ECS status does not meet requirements. Make the ECS in the required status and try again.' },
  serverMissing: { code: 'Ecs.0114', message: 'The ECS does not exist.' },
  tooManyServers: { code: 'Ecs.0118', message: 'The number of ECSs exceeds the maximum allowed limit.' },
  startFailed: { code: 'Ecs.0226', message: 'Failed to start.' },
  rebootFailed: { code: 'Ecs.0227', message: 'Failed to reboot.' },
  batchFailed: { code: 'Ecs.0611', message: 'Batch operation failed.' },
  locked: { code: 'Ecs.0605', message: 'ECS locked.' },
  sameFlavor: { code: 'Ecs.0810', message: 'The ECS flavor is the same as the target flavor.' },
  passwordComplexity: { code: 'Ecs.0011', message: 'Ensure the password meets the password complexity requirements.' },
  emptyBody: { code: 'Common.0002', message: 'The request body cannot be left blank.' },
  jobMissing: { code: 'Common.0011', message: 'Failed to query system tasks.' },
  systemError: { code: 'Common.0001', message: 'A system exception occurred. Try again later or contact customer service.' },
  policyDenied: { code: 'Pdp.0001', message: 'Policy does not allow %s to be performed.' },
} as const;

/**
 * A native (Nova) error as the cloudservers APIs pass it on: the Nova body, serialized, as the message of
 * `Ecs.1000` (ecs-api.md §3: adding a running server to an ECS group).
 */
export function wrappedNovaError(status: number, message: string): EmulatorResponse {
  return cloudError(status, 'Ecs.1000', JSON.stringify(nativeError(status, message).body));
}

/** A cloudservers error from {@link CLOUD_CODES}, with an optional detail appended to the documented message. */
export function cloudCodeError(status: number, entry: { readonly code: string; readonly message: string }, detail?: string): EmulatorResponse {
  return cloudError(status, entry.code, detail ? `${entry.message} ${detail}` : entry.message);
}
