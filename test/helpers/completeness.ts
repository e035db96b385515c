/**
 * Every piece an operation needs, checked against a project folder: the files CONTRIBUTING.md's checklist names,
 * and the tests that must know the operation. Used on the repository (test/operations/completeness.test.ts) and on
 * the scratch copy where a throwaway operation is added (test/operations/contributor-path.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the checker reads from the project's code (the source, or a build of it). */
export interface ProjectFacts {
  readonly definitions: readonly {
    readonly id: string;
    readonly construct: string;
    readonly rows: readonly string[];
    readonly arguments: { readonly required: readonly string[]; readonly optional: readonly string[] };
  }[];
  /** The package's root exports (the construct classes). */
  readonly library: Readonly<Record<string, unknown>>;
  /** The argument registry's names. */
  readonly argumentNames: readonly string[];
  /** Every permission row: its id and action. */
  readonly rows: readonly { readonly id: string; readonly action: string }[];
  /** Every action some emulator route enforces. */
  readonly emulatedActions: readonly string[];
  /** The operation ids the runtime can load a command for. */
  readonly commands: (id: string) => boolean;
}

/** The tests that must hold a case for every operation, by its id (each also fails on its own until it has one). */
export const OPERATION_TESTS = ['test/permissions/catalog.test.ts', 'test/runtime/exec/operations.test.ts', 'test/reliability/fault-matrix.test.ts'] as const;
/** The synth tests, one of which must plan the operation's construct. */
export const CONSTRUCT_TESTS = 'test/constructs';

/** The pieces an operation lacks, each naming the file to touch; empty when it is complete. */
export function missingPieces(root: string, facts: ProjectFacts, options: { readonly tests: boolean } = { tests: true }): string[] {
  const missing: string[] = [];
  const read = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '');
  const constructSources = fs
    .readdirSync(path.join(root, 'src/constructs'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => read(`src/constructs/${f}`));
  for (const d of facts.definitions) {
    const at = (piece: string) => missing.push(`${d.id}: ${piece}`);
    if (!fs.existsSync(path.join(root, `src/operations/${d.id}.ts`))) at(`its definition file src/operations/${d.id}.ts`);
    if (!fs.existsSync(path.join(root, `src/runtime/commands/${d.id}.ts`)) || !facts.commands(d.id))
      at(`its runtime command src/runtime/commands/${d.id}.ts (a default export typed Command<…>)`);
    if (typeof facts.library[d.construct] !== 'function') at(`its construct class ${d.construct}, exported from src/constructs/index.ts`);
    if (!constructSources.some((text) => text.includes(`'${d.id}'`))) at(`a construct in src/constructs/ that plans '${d.id}'`);
    for (const name of [...d.arguments.required, ...d.arguments.optional]) {
      if (!facts.argumentNames.includes(name)) at(`the argument '${name}' in EXEC_ARGUMENTS (src/cloud/exec-arguments.ts)`);
    }
    for (const id of d.rows) {
      const row = facts.rows.find((r) => r.id === id);
      if (!row) at(`the permission row '${id}' in src/permissions/api-rows.ts (or fleet-api-rows.ts)`);
      else if (!facts.emulatedActions.includes(row.action)) at(`an emulator route for ${row.action} (src/emulator/route-table.ts, a handler, dispatch.ts)`);
    }
    if (!read('docs/cli.md').includes(`\`${d.id}\``)) at('its rows in the generated tables of docs/cli.md (npm run docs:tables)');
    if (options.tests) {
      for (const test of OPERATION_TESTS) if (!read(test).includes(`'${d.id}'`)) at(`a case in ${test}`);
      const synthTests = fs.readdirSync(path.join(root, CONSTRUCT_TESTS)).filter((f) => f.endsWith('.test.ts'));
      if (!synthTests.some((f) => read(`${CONSTRUCT_TESTS}/${f}`).includes(`new ${d.construct}(`)))
        at(`a synth case in ${CONSTRUCT_TESTS}/ (new ${d.construct}(…))`);
    }
  }
  return missing;
}
