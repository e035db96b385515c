/**
 * The sources of truth outside the repository (`../shared` beside the clone, or `ECS_LIFECYCLE_SHARED`). The copies
 * vendored in test/fixtures are the truth inside the repository: every test reads them, so `npm test` passes on a
 * fresh clone. When the shared folder is there, `whenShared` tests also check that the copies equal it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The shared folder: `ECS_LIFECYCLE_SHARED` when set (an empty or missing folder means "not there"), else `../shared`. */
export const SHARED_DIR = process.env.ECS_LIFECYCLE_SHARED ?? path.resolve(__dirname, '../../../shared');
/** The project's copies of the seed tables and of fleet-apis.md. */
export const VENDORED_SEEDS = path.resolve(__dirname, '../fixtures/seeds');

/** A file of the shared folder, or undefined when the folder (or the file) is not beside this clone. */
export function sharedFile(relative: string): string | undefined {
  const file = path.join(SHARED_DIR, relative);
  return fs.existsSync(file) ? file : undefined;
}

/** `test` when the shared folder is there, else `test.skip` (the report shows the comparison as skipped, not passed). */
export const whenShared = fs.existsSync(SHARED_DIR) ? test : test.skip;
