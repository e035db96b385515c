/**
 * The operation tables of docs/cli.md, generated from the operation definitions: the page shows exactly what the
 * catalog and the CLI do (`test/docs/generated-tables.test.ts` compares them; `npm run docs:tables`
 * rewrites them). Pure.
 */
import type { OperationDefinition } from '../operations';
import { deriveCatalog } from './catalog';
import { requirementsOfEntry, sortedUnique } from './requirements';
import { markdownTable as table } from '../cloud/markdown-table';

/** The tables, by the name of the marker (`<!-- name -->`) each follows in docs/cli.md. */
export function operationTables(definitions: readonly OperationDefinition[]): Readonly<Record<'construct-actions' | 'operations', string>> {
  return { 'construct-actions': constructActionsTable(definitions), operations: operationsTable(definitions) };
}

/** Construct, operation, when and every action the operation needs (rows, dependencies and reads). */
export function constructActionsTable(definitions: readonly OperationDefinition[]): string {
  const catalog = deriveCatalog(definitions);
  return table(
    ['Construct', 'Operation (`cdktf-ecs-lifecycle exec …`)', 'When', 'Actions'],
    definitions.map(({ id }) => {
      const entry = catalog[id];
      const actions = sortedUnique(requirementsOfEntry(entry).map((r) => r.action));
      return [entry.construct, `\`${id}\``, entry.when, actions.map((a) => `\`${a}\``).join(' ')];
    }),
  );
}

/** What each operation calls, the end state it waits for, and when it makes no call. */
export function operationsTable(definitions: readonly OperationDefinition[]): string {
  return table(
    ['Operation', 'Calls', 'Waits for', 'Already done (no call, exit 0)'],
    definitions.map((d) => [`\`${d.id}\``, d.calls, d.endState, d.alreadyDone]),
  );
}
