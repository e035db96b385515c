import { ApiError } from './api-error';

/** The cloud answered with a success status, but the body is not the JSON the operation needs (e.g. truncated). */
export class InvalidResponseError extends ApiError {
  override readonly name = 'InvalidResponseError';
}
