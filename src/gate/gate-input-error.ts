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
    super(problems.length === 1 ? `${source}: ${problems[0]}` : `${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
