/**
 * Text for the terminal: control characters (ESC sequences, carriage returns, newlines inside a line),
 * and the Unicode controls that reorder or break lines, are shown as escapes, so that neither a construct
 * path nor a value from the cloud can move the cursor, recolour or forge a line such as `done`.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line for the terminal: its own trailing newline is kept, every other control character escaped. */
export function printableLine(text: string): string {
  const newline = text.endsWith('\n') ? '\n' : '';
  const body = newline ? text.slice(0, -1) : text;
  return body.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + newline;
}
