/**
 * Parsing untrusted JSON text safely: the nesting depth is checked on the text before `JSON.parse`
 * (which, like every recursive walk of the value afterwards, would exhaust the stack on deep input),
 * and values are previewed in messages without serializing them whole.
 */

/** The deepest nesting of objects and arrays accepted; policy documents and review data need 6. */
export const MAX_JSON_DEPTH = 64;

/** A JSON text refused before it is parsed; `field` names where. */
export abstract class JsonTextError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where a text nests too deeply: the field path to the first container beyond the limit. */
export class JsonDepthError extends JsonTextError {
  override readonly name = 'JsonDepthError';
  constructor(
    field: string,
    readonly depth: number,
  ) {
    super(field, `${field} nests objects and arrays more than ${depth} deep`);
  }
}

/**
 * An object that holds one key twice. `JSON.parse` keeps the last, while Terraform and other readers may
 * keep both or the first: the file would mean one thing to the gate and another to what deploys it.
 */
export class JsonDuplicateKeyError extends JsonTextError {
  override readonly name = 'JsonDuplicateKeyError';
  constructor(
    field: string,
    readonly key: string,
  ) {
    super(field, `${field} holds the key ${JSON.stringify(shortened(key))} more than once`);
  }
}

interface Frame {
  readonly array: boolean;
  index: number;
  key?: string;
  expectKey: boolean;
  /** The keys an object holds so far. */
  readonly keys?: Set<string>;
}

/**
 * Throws JsonDepthError naming the field (e.g. `Statement[0].Condition.StringEquals`) when the text
 * nests deeper than `limit`, and JsonDuplicateKeyError naming the object and the key when an object
 * holds a key twice (as decoded: `"a"` and `"\u0061"` are one key). Linear; it does not validate the
 * JSON otherwise (JSON.parse does).
 */
export function assertJsonDepth(text: string, limit = MAX_JSON_DEPTH): void {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        const key = decodeKey(text.slice(i, end + 1));
        if (key !== undefined && top.keys?.has(key)) throw new JsonDuplicateKeyError(fieldPath(stack.slice(0, -1)) || '(top level)', key);
        if (key !== undefined) top.keys?.add(key);
        top.key = key === undefined ? '?' : shortened(key);
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      if (stack.length >= limit) throw new JsonDepthError(fieldPath(stack) || '(top level)', limit);
      stack.push(c === '[' ? { array: true, index: 0, expectKey: false } : { array: false, index: 0, expectKey: true, keys: new Set() });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index += 1;
      else if (top) top.expectKey = true;
    }
  }
}

/** Parses JSON text whose depth was checked first. */
export function parseJsonText(text: string): unknown {
  assertJsonDepth(text);
  return JSON.parse(text);
}

/** A short, single-line description of a value for an error message: never the whole of a large value. */
export function previewValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

// The key as JSON.parse reads it; undefined for a malformed string (JSON.parse then refuses the text).
function decodeKey(token: string): string | undefined {
  if (!token.includes('\\') && token.length >= 2 && token.endsWith('"')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}

function shortened(key: string): string {
  return key.length > 60 ? `${key.slice(0, 57)}...` : key;
}

// Each open container's current key or index, outermost first: the field the next container opens in.
function fieldPath(stack: readonly Frame[]): string {
  return stack
    .map((frame) => (frame.array ? `[${frame.index}]` : `.${frame.key ?? '?'}`))
    .join('')
    .replace(/^\./, '');
}
