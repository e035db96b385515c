/**
 * Escaping for the Markdown comment: every string that comes from the inputs (stack and folder names,
 * construct paths, actions and Conditions of foreign files) goes through `code` or `text`, so none can
 * end its line or start a heading, an HTML comment, a table row or a code fence.
 */

/** Inline code. Control and line-separating characters become visible `\u{…}` escapes; the fence is longer than any backtick run inside. */
export function code(value: string): string {
  const flat = visible(value);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest || flat.startsWith(' ') || flat.endsWith(' ') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text: control characters made visible, Markdown and HTML punctuation backslash-escaped, so it reads as written (`|` is left to `row`: an escaped backslash before it would unescape it). */
export function text(value: string): string {
  return visible(value)
    .replace(/[\\`*_[\]<>#~&!]/g, '\\$&')
    .replace(/^[-+=]/, '\\$&');
}

/** A table row; `|` inside a cell is escaped (GitHub honours `\|` inside code spans in tables too). */
export function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

// Characters that end a line or are invisible: C0/C1 controls, line and paragraph separators, BOM and bidi controls.
function visible(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
