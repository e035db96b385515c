/**
 * Text for the terminal: control characters (ESC sequences, carriage returns, newlines inside a line),
 * and the Unicode controls that reorder or break lines, are shown as escapes, so that neither a construct
 * path nor a value from the cloud can move the cursor, recolour or forge a line such as `done`. Shared by
 * every message the tool prints: `exec`'s output, synth errors and the gate's reports.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Every control character escaped, newlines included: for one value inside a line. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line for the terminal: its own trailing newline is kept, every other control character escaped. */
export function printableLine(text: string): string {
  const newline = text.endsWith('\n') ? '\n' : '';
  return printable(newline ? text.slice(0, -1) : text) + newline;
}

/** Text for the terminal, several lines: each line's control characters escaped, the line breaks kept. */
export function printableText(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
