/**
 * Parsing untrusted JSON text safely: the nesting depth is checked on the text before `JSON.parse`
 * (which, like every recursive walk of the value afterwards, would exhaust the stack on deep input),
 * and values are previewed in messages without serializing them whole.
 */

/** The deepest nesting of objects and arrays accepted; policy documents and review data need 6. */
export const MAX_JSON_DEPTH = 64;

/** Where a text nests too deeply: the field path to the first container beyond the limit. */
export class JsonDepthError extends Error {
  override readonly name = 'JsonDepthError';
  constructor(
    readonly field: string,
    readonly depth: number,
  ) {
    super(`${field} nests objects and arrays more than ${depth} deep`);
  }
}

interface Frame {
  readonly array: boolean;
  index: number;
  key?: string;
  expectKey: boolean;
}

/**
 * Throws JsonDepthError naming the field (e.g. `Statement[0].Condition.StringEquals`) when the text
 * nests deeper than `limit`. Linear; it does not validate the JSON otherwise (JSON.parse does).
 */
export function assertJsonDepth(text: string, limit = MAX_JSON_DEPTH): void {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.key = decodeKey(text.slice(i, end + 1));
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      if (stack.length >= limit) throw new JsonDepthError(fieldPath(stack) || '(top level)', limit);
      stack.push({ array: c === '[', index: 0, expectKey: c === '{' });
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

function decodeKey(token: string): string {
  try {
    const key = JSON.parse(token) as string;
    return key.length > 60 ? `${key.slice(0, 57)}...` : key;
  } catch {
    return '?';
  }
}

// Each open container's current key or index, outermost first: the field the next container opens in.
function fieldPath(stack: readonly Frame[]): string {
  return stack
    .map((frame) => (frame.array ? `[${frame.index}]` : `.${frame.key ?? '?'}`))
    .join('')
    .replace(/^\./, '');
}
