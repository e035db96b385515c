/** Renders the review data as the Markdown file a reviewer reads in a pull request. Pure. */
import { NeededBy, ReviewData } from './review-data';

const yesNo = (supported: boolean) => (supported ? 'supported' : '**not supported**');

/** Renders `ecs-iam-policy.md`. */
export function renderReview(review: ReviewData, policyFiles: readonly string[]): string {
  const constructs = new Map<string, { construct: string; operations: Set<string>; actions: Set<string> }>();
  for (const { action, neededBy } of review.actions) {
    for (const n of neededBy) {
      const entry = constructs.get(n.constructPath) ?? { construct: n.construct, operations: new Set(), actions: new Set() };
      entry.operations.add(n.operation);
      entry.actions.add(action);
      constructs.set(n.constructPath, entry);
    }
  }
  const lines = [
    `# IAM policy review: stack \`${review.stack}\``,
    '',
    `Cloud \`${review.cloud}\`, region \`${review.region}\`, authorization through `
      + `${review.authorization === 'enterprise-project' ? 'an **enterprise project**' : 'an **IAM project** (region)'}.`,
    `Policy file${policyFiles.length > 1 ? 's' : ''}: ${policyFiles.map((f) => `\`${f}\``).join(', ')}. `
      + `${review.actions.length} action${review.actions.length === 1 ? '' : 's'} for ${constructs.size} construct${constructs.size === 1 ? '' : 's'}; `
      + 'no wildcard, no action of an operation this stack does not use.',
    '',
    'Every action comes from the OTC ECS permission tables: the action of an API a construct calls (**primary**), a',
    "**dependency** the table lists for that action, or a **read** the apply-time CLI makes (status and job queries).",
    '',
  ];
  if (review.actions.length === 0) {
    lines.push('This stack declares no ECS operation, so it needs no ECS permission; nothing to attach.', '');
    return lines.join('\n');
  }
  lines.push('## Summary', '', '| Action | Why | Constructs | IAM project | Enterprise project |', '|---|---|---|---|---|');
  for (const { action, neededBy } of review.actions) {
    const kinds = [...new Set(neededBy.map((n) => n.kind))].join(', ');
    const paths = [...new Set(neededBy.map((n) => n.constructPath))];
    lines.push(`| \`${action}\` | ${kinds} | ${paths.length} | ${mark(neededBy, 'iamProject')} | ${mark(neededBy, 'enterpriseProject')} |`);
  }
  lines.push('', '## Actions', '');
  for (const { action, neededBy } of review.actions) {
    lines.push(`### \`${action}\``, '');
    for (const n of neededBy) lines.push(`- ${describe(n)}`);
    lines.push('');
  }
  lines.push('## Constructs', '', '| Construct | Type | Operations | Actions |', '|---|---|---|---|');
  for (const path of [...constructs.keys()].sort()) {
    const c = constructs.get(path)!;
    lines.push(`| \`${path}\` | ${c.construct} | ${[...c.operations].sort().map((o) => `\`${o}\``).join(', ')} | ${c.actions.size} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function describe(n: NeededBy): string {
  const who = `\`${n.constructPath}\` (${n.construct}, \`${n.operation}\`)`;
  const why = n.kind === 'primary' ? 'primary action of'
    : n.kind === 'dependency' ? `dependency of \`${n.dependencyOf}\`, through` : 'read-only call';
  const reason = n.reason ? `: ${n.reason}` : '';
  return `${who}: ${why} \`${n.api}\`${reason}. IAM project: ${yesNo(n.iamProject)}; enterprise project: ${yesNo(n.enterpriseProject)}.`;
}

function mark(neededBy: readonly NeededBy[], key: 'iamProject' | 'enterpriseProject'): string {
  const values = new Set(neededBy.map((n) => n[key]));
  return values.size > 1 ? 'depends on API' : values.has(true) ? 'yes' : 'no';
}
