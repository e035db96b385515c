/**
 * The CLI options table of docs/cli.md, generated from `EXEC_ARGUMENTS` and the operation definitions: the page
 * shows exactly the flags the CLI parses (`test/docs/generated-tables.test.ts` compares them; `npm run docs:tables`
 * rewrites them after a build). Pure.
 */
import type { OperationDefinition } from '../operations';
import { VALIDATORS } from '../validation';
import {
  type ArgumentCheck,
  COMMON_ARGUMENTS,
  deriveOperationArguments,
  EXEC_ARGUMENTS,
  type ExecArgumentName,
  OPTIONAL_COMMON_ARGUMENTS,
} from './exec-arguments';
import { markdownTable } from './markdown-table';

// Where a value without a rule is checked, in the table's words.
const CHECKED_ELSEWHERE: Readonly<Record<Extract<ArgumentCheck, 'settings' | 'input' | 'command' | 'free'>, string>> = {
  settings: 'checked with the run\'s settings (see "Meaning")',
  input: 'checked before anything is sent (see "Meaning")',
  command: 'checked by the operation before anything is sent (see "Meaning")',
  free: 'any text',
};

/** One row per flag, in the order flags are written: the flag, what its value must be, who takes it and what it means. */
export function cliOptionsTable(definitions: readonly OperationDefinition[]): string {
  const argumentsOf = deriveOperationArguments(definitions);
  const takenBy = (name: ExecArgumentName): string => {
    if ((COMMON_ARGUMENTS as readonly string[]).includes(name)) return 'every operation (required)';
    if (OPTIONAL_COMMON_ARGUMENTS.includes(name)) return 'every operation (optional)';
    const required = definitions.filter((d) => argumentsOf[d.id].required.includes(name)).map((d) => `\`${d.id}\``);
    const optional = definitions.filter((d) => argumentsOf[d.id].optional.includes(name)).map((d) => `\`${d.id}\``);
    return [required.length > 0 ? `required: ${required.join(' ')}` : '', optional.length > 0 ? `optional: ${optional.join(' ')}` : '']
      .filter(Boolean)
      .join('; ');
  };
  const rows = (Object.entries(EXEC_ARGUMENTS) as [ExecArgumentName, { flag: string; rule: ArgumentCheck; docs: string }][]).map(([name, entry]) => {
    const rule = typeof entry.rule === 'object' ? entry.rule : entry.rule in VALIDATORS ? VALIDATORS[entry.rule as keyof typeof VALIDATORS] : undefined;
    const value = rule ? `${rule.describe}, e.g. \`${rule.example.replace(/^'|'$/g, '')}\`` : CHECKED_ELSEWHERE[entry.rule as keyof typeof CHECKED_ELSEWHERE];
    return [`\`${entry.flag}\``, value.replace(/\|/g, '\\|'), takenBy(name), entry.docs];
  });
  return markdownTable(['Option', 'Value', 'Taken by', 'Meaning'], rows);
}
