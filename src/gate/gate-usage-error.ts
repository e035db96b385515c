/** The policy gate was called with arguments it does not accept (exit code 2). */
export class GateUsageError extends Error {
  override readonly name = 'GateUsageError';
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
  }
}
