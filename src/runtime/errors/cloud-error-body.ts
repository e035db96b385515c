/**
 * Reads the cloud's error code, message and request id out of an error response, whichever of its three
 * formats it uses (ecs-api.md §3):
 * - native Nova: `{"<faultName>": {"message": "...", "code": 409}}`, the fault name serving as the code;
 * - cloudservers: `{"error": {"code": "Ecs.0605", "message": "..."}}`, where `message` may itself be a Nova
 *   error serialised as a JSON string;
 * - API gateway: `{"error_code": "APIGW.0301", "error_msg": "...", "request_id": "..."}`.
 * Bodies that are not JSON (an HTML error page, a truncated body) keep a short, flattened excerpt instead.
 * With a redactor, the body is redacted whole before anything is read from it or cut from it.
 */
import { asRecord, asString, parseJson } from '../private/json';
import { Redactor } from '../redact';

/** What an error response says. */
export interface CloudErrorBody {
  /** The cloud's error code (`Ecs.0605`, `APIGW.0301`, a Nova fault name). @default - none found */
  readonly code?: string;
  /** The cloud's error message. @default - none found */
  readonly message?: string;
  /** The request id from the body (gateway format). @default - none */
  readonly requestId?: string;
  /** For a body that is not the JSON of one of the formats: a short excerpt. @default - the body was understood */
  readonly excerpt?: string;
}

const EXCERPT_LENGTH = 160;

/** Parses an error response body; `redactor` masks the secrets of the run in everything taken from it. */
export function parseCloudErrorBody(body: string, redactor: Redactor = new Redactor()): CloudErrorBody {
  const redacted = redactor.redact(body);
  const json = parseJson(redacted);
  const found = json === undefined ? undefined : fromJson(json);
  if (found) return found;
  const flat = redacted
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return {};
  return { excerpt: redactor.excerpt(flat, EXCERPT_LENGTH) };
}

function fromJson(value: unknown): CloudErrorBody | undefined {
  const json = asRecord(value);
  if (!json) return undefined;
  // API gateway
  if (typeof json.error_code === 'string' || typeof json.error_msg === 'string') {
    return { code: asString(json.error_code), message: asString(json.error_msg), requestId: asString(json.request_id) };
  }
  // cloudservers, possibly wrapping a Nova error as a string; IAM (Keystone) has a numeric code and a title
  const error = asRecord(json.error);
  if (error) {
    const message = asString(error.message);
    const nested = message?.trim().startsWith('{') ? fromJson(parseJson(message)) : undefined;
    return { code: asString(error.code) ?? nested?.code ?? asString(error.title), message: nested?.message ?? message };
  }
  // a failed job query and some services: top-level code and message
  if (typeof json.code === 'string' && typeof json.message === 'string') {
    return { code: json.code, message: json.message };
  }
  // native Nova: a single fault object, named after the fault
  const keys = Object.keys(json);
  const fault = keys.length === 1 ? asRecord(json[keys[0]]) : undefined;
  return fault && typeof fault.message === 'string' ? { code: keys[0], message: fault.message } : undefined;
}
