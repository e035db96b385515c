/** Warnings for policy documents that IAM would refuse to create, as `<file>: IAM.10xx: …` lines. */
import { validateLimits } from '../iam';
import type { PolicyFile } from './policy-input';

/** One line per IAM limit each file breaks, counting the file's text as it would be submitted. */
export function limitWarnings(files: readonly PolicyFile[]): string[] {
  return files.flatMap((file) => validateLimits(file.document, file.text).map((v) => `${file.path}: ${v.message}`));
}
