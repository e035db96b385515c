import { printable } from '../validation/printable';

/** An input of the policy gate that cannot be used: unreadable, not JSON, or not the expected shape (exit code 2). */
export class GateInputError extends Error {
  override readonly name = 'GateInputError';
  /**
   * @param source the file or folder at fault, as the user named it
   * @param problems what is wrong with it, one line each
   */
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
    options?: { readonly cause?: unknown },
  ) {
    // Each part escaped alone, so a file name from the inputs cannot forge a line of the message.
    const [where, lines] = [printable(source), problems.map(printable)];
    super(lines.length === 1 ? `${where}: ${lines[0]}` : `${where}:\n${lines.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
