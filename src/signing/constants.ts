/** The signing algorithm name, used in the string to sign and the Authorization header. */
export const ALGORITHM = 'SDK-HMAC-SHA256';
/** The date header; the gateway rejects requests more than 15 minutes off its clock. */
export const DATE_HEADER = 'X-Sdk-Date';
/** Optional header whose value replaces the body hash (unsigned-payload style). */
export const CONTENT_SHA256_HEADER = 'X-Sdk-Content-Sha256';
/** How far the request date may be from the verifier's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
