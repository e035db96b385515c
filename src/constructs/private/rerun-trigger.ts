/** The `rerunTrigger` prop every operation construct takes: changing it makes the next apply run the operation again. */
import { invalidProperty } from '../../errors';
import { Token } from '../../private/cdk-core';
import { isNfc, NFC_FIX } from './terraform-literal';
import { isWholeToken, type Subject } from './validate';

/** Checks `rerunTrigger`: any text (it is only stored in state) of 1 to 256 characters without control characters, or a whole token. */
export function checkRerunTrigger(subject: Subject, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const fine =
    typeof value === 'string' &&
    (Token.isUnresolved(value) ? isWholeToken(value) : value.length > 0 && value.length <= 256 && !/[\u0000-\u001f\u007f]/.test(value) && isNfc(value));
  if (!fine) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'rerunTrigger',
      'is not 1 to 256 characters without control characters in Unicode NFC, or a token alone',
      `use a short single-line value, e.g. '2026-11-23' (${NFC_FIX}), or a token (e.g. a variable) alone`,
    );
  }
  return value as string;
}
