/** The preview as text (a terminal), Markdown (a pull-request comment next to the gate's) or JSON (`formatVersion` 1). Pure. */
import { code, row, text } from '../gate/render/markdown-escape';
import { printableLine } from '../validation/printable';
import { OUTCOMES, type Outcome, type PreviewOperation, type PreviewReport, type PreviewTarget } from './preview-report';

/** The formats `--format` takes. */
export const PREVIEW_FORMATS = ['text', 'markdown', 'json'] as const;
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

/** Targets of one operation listed in Markdown; beyond it, the plain changes are counted. */
const MARKDOWN_TARGETS_LISTED = 20;

/** Renders the report in `format`, ending with a newline. */
export function renderPreview(report: PreviewReport, format: PreviewFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return `${(format === 'markdown' ? markdown(report) : plain(report)).join('\n')}\n`;
}

/** `3 change, 1 already-done, 0 refused, 2 unknown`. */
export function describeSummary(summary: Readonly<Record<Outcome, number>>): string {
  return OUTCOMES.map((o) => `${summary[o]} ${o}`).join(', ');
}

function counts(targets: readonly PreviewTarget[]): string {
  const by = new Map<Outcome, number>();
  for (const t of targets) by.set(t.outcome, (by.get(t.outcome) ?? 0) + 1);
  return OUTCOMES.filter((o) => by.has(o))
    .map((o) => `${by.get(o)} ${o}`)
    .join(', ');
}

function heading(operation: PreviewOperation): string {
  const wave = operation.wave !== undefined ? `, wave ${operation.wave}` : '';
  const servers = operation.targets.length > 1 ? `: ${operation.targets.length} targets, ${counts(operation.targets)}` : '';
  return `${operation.construct} (${operation.operation}${wave})${servers}`;
}

function detail(t: PreviewTarget): string {
  const change = t.from || t.to ? (t.outcome === 'change' || (t.outcome === 'unknown' && t.to) ? `${t.from} → ${t.to}` : t.from) : '';
  const reason = [t.reason, t.fix ? `Fix: ${t.fix}` : '', ...(t.resolvedFromState ?? []).map((r) => `(from the Terraform state: ${r})`)].filter(Boolean);
  return [change, ...reason].filter(Boolean).join('; ');
}

function plain(report: PreviewReport): string[] {
  const lines: string[] = [];
  const width = Math.max(...OUTCOMES.map((o) => o.length));
  const operationLines = (operations: readonly PreviewOperation[], indent: string) => {
    for (const operation of operations) {
      lines.push(`${indent}${heading(operation)}`);
      for (const t of operation.targets) lines.push(`${indent}  ${t.outcome.padEnd(width)}  ${t.id}  ${detail(t)}`.trimEnd());
    }
  };
  for (const stack of report.stacks) {
    lines.push(`stack ${stack.stack}: ${stack.operations.length} operation(s) in apply order`);
    operationLines(stack.operations, '  ');
    if (stack.destroy.length) {
      lines.push('  at destroy (not run by apply; predicted against the state apply leaves):');
      operationLines(stack.destroy, '    ');
    }
  }
  lines.push(`summary: ${describeSummary(report.summary)}`);
  // Construct paths and the cloud's messages reach a terminal: no control character may move the cursor or forge a line.
  return lines.map(printableLine);
}

function markdown(report: PreviewReport): string[] {
  const refused = report.summary.refused;
  const lines = [
    '## Preview: what apply will do',
    '',
    `${refused ? `**${refused} target(s) would be refused.**` : 'Nothing would be refused.'} ${text(describeSummary(report.summary))} ` +
      '(create-time operations, in apply order; read-only, under `ecs-iam-preview-policy.json`).',
    '',
  ];
  const table = (operations: readonly PreviewOperation[]) => {
    lines.push('| Construct | Operation | Target | Outcome | Change | Why |', '|---|---|---|---|---|---|');
    for (const operation of operations) {
      const wave = operation.wave !== undefined ? ` (wave ${operation.wave}, ${operation.targets.length} servers: ${counts(operation.targets)})` : '';
      // A large wave keeps the comment readable (and within a comment's size): its plain changes are counted, not listed.
      const large = operation.targets.length > MARKDOWN_TARGETS_LISTED;
      const listed = large ? operation.targets.filter((t) => t.outcome !== 'change').slice(0, MARKDOWN_TARGETS_LISTED) : operation.targets;
      const unlisted = operation.targets.filter((t) => !listed.includes(t));
      const head = (i: number) => (i === 0 ? [`${code(operation.construct)}${text(wave)}`, code(operation.operation)] : ['', '']);
      listed.forEach((t, i) => {
        const change = t.from || t.to ? `${text(t.from)}${t.outcome === 'change' ? ` → ${text(t.to)}` : ''}` : '';
        const why = [t.reason, t.fix ? `Fix: ${t.fix}` : '', ...(t.resolvedFromState ?? []).map((r) => `from the Terraform state: ${r}`)].filter(Boolean);
        lines.push(row([...head(i), code(t.id), t.outcome === 'refused' ? '**refused**' : t.outcome, change, text(why.join(' '))]));
      });
      if (unlisted.length) lines.push(row([...head(listed.length), `${unlisted.length} more`, text(counts(unlisted)), '', 'listed in --format json']));
    }
    lines.push('');
  };
  for (const stack of report.stacks) {
    lines.push(`### Stack ${code(stack.stack)}`, '');
    if (stack.operations.length) table(stack.operations);
    if (stack.destroy.length) {
      lines.push('<details><summary>At destroy (not run by apply)</summary>', '');
      table(stack.destroy);
      lines.push('</details>', '');
    }
  }
  return lines;
}
