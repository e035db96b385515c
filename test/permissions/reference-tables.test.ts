import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG, requiredActionsOf } from '../../src/permissions';

const README = fs.readFileSync(path.resolve(__dirname, '../../docs/cli.md'), 'utf8');

/** The table after `<!-- name -->`, up to the first blank line. */
function readmeBlock(name: string): string | undefined {
  return new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)\\n\\n`).exec(README)?.[1];
}

// That each generated block is current is test/docs/generated-tables.test.ts; this checks what the table says.
describe("docs/cli.md: the construct table is the catalog's", () => {
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
