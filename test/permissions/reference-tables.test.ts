import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPERATION_DEFINITIONS } from '../../src/operations';
import { CATALOG, requiredActionsOf } from '../../src/permissions';
import { readmeTables } from '../../src/permissions/reference-tables';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

/** The table after `<!-- name -->`, up to the first blank line. */
function readmeBlock(name: string): string | undefined {
  return new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)\\n\\n`).exec(README)?.[1];
}

describe("README: the generated tables are the definitions' (regenerate with `node scripts/readme-tables.js` after a build)", () => {
  test.each(Object.entries(readmeTables(OPERATION_DEFINITIONS)))('<!-- %s -->', (name, table) => {
    expect(readmeBlock(name)).toBe(table);
  });

  test("the construct table lists, for every operation, exactly the catalog's construct and actions", () => {
    const block = readmeBlock('construct-actions') ?? '';
    for (const entry of Object.values(CATALOG)) {
      expect(block).toContain(
        `| ${entry.construct} | \`${entry.id}\` | ${entry.when} | ${requiredActionsOf(entry.id)
          .map((a) => `\`${a}\``)
          .join(' ')} |`,
      );
    }
  });
});
