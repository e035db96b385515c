import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXEC_FLAGS } from '../../src/cloud/exec-arguments';
import { cliOptionsTable } from '../../src/cloud/options-table';
import { emulatorRouteTable } from '../../src/emulator/route-docs';
import { OPERATION_DEFINITIONS } from '../../src/operations';
import { operationTables } from '../../src/permissions/reference-tables';

// The same tables scripts/doc-tables.js writes, from the sources.
const TABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'docs/cli.md': { ...operationTables(OPERATION_DEFINITIONS), 'cli-options': cliOptionsTable(OPERATION_DEFINITIONS) },
  'docs/emulator.md': { 'emulator-routes': emulatorRouteTable() },
};

/** The table after `<!-- name -->` in a file, up to the first blank line. */
function block(file: string, name: string): string | undefined {
  const text = fs.readFileSync(path.resolve(__dirname, '../..', file), 'utf8');
  return new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)\\n\\n`).exec(text)?.[1];
}

describe('the generated tables of docs/ are current (regenerate with `npm run docs:tables`)', () => {
  const cases = Object.entries(TABLES).flatMap(([file, tables]) => Object.entries(tables).map(([name, table]) => [file, name, table] as const));
  test.each(cases)('%s <!-- %s -->', (file, name, table) => {
    expect(block(file, name)).toBe(table);
  });

  test('the CLI options table has one row per flag the CLI parses', () => {
    const table = TABLES['docs/cli.md']['cli-options'];
    const flags = [...table.matchAll(/^\| `(--[a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(flags).toEqual(Object.values(EXEC_FLAGS));
  });
});
