/** Renders the review data as the Markdown file a reviewer reads in a pull request. Pure. */
import { text } from '../../gate/render/markdown-escape';
import { renderOperationDiagram } from './operation-chains';
import type { OperationNeed, ReviewAlternative, ReviewData, RiskTier } from './review-data';

/** What the review shows besides the review data. */
export interface ReviewContext {
  /** The resources that deploy the policy files (LifecyclePolicyRole roles), by file. */
  readonly carriers: readonly { readonly file: string; readonly description: string }[];
}

// The synth rules suppressed in the stack, each with its reason: accepted findings stay visible to the reviewer.
function suppressionLines(review: ReviewData): string[] {
  if (!review.suppressions?.length) return [];
  return [
    '## Suppressed rules',
    '',
    '| Construct | Rule | Reason |',
    '|---|---|---|',
    ...review.suppressions.map((s) => `| \`${s.constructPath}\` | ${s.ruleId} | ${s.reason.replace(/[|\\`*_[\]<>]/g, '\\$&').replace(/[\r\n]+/g, ' ')} |`),
    '',
  ];
}

const yesNo = (supported: boolean | 'unknown') =>
  supported === 'unknown' ? '**unknown** (no permission table states it)' : supported ? 'supported' : '**not supported**';
const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Renders `ecs-iam-policy.md`. */
export function renderReview(review: ReviewData, policyFiles: readonly string[], context: ReviewContext): string {
  const lines = [
    `# IAM policy review: stack \`${review.stack}\``,
    '',
    ...(review.chains.length
      ? [
          ...renderOperationDiagram(review.chains, review.cloud),
          '',
          'Order of operations: each box names its servers (or counts its constructs) and runs once per member, members in ' +
            'parallel; a fleet runs its waves one after another; destroy-time steps are boxes of their own, run by ' +
            '`terraform destroy`, not after apply. Each step lists the actions it adds. ' +
            '`cdktf-ecs-lifecycle preview` shows what each step would do to each server now.',
          '',
        ]
      : []),
    `Cloud \`${review.cloud}\`, region \`${review.region}\`, authorization through ` +
      `${review.authorization === 'enterprise-project' ? 'an **enterprise project**' : 'an **IAM project** (region)'}.`,
    `Policy file${policyFiles.length > 1 ? 's' : ''}: ${policyFiles.map((f) => `\`${f}\``).join(', ')}. ` +
      `${counted(review.actions.length, 'action')} for ${counted(review.constructs.length, 'construct')}; ` +
      'no wildcard, no action of an operation this stack does not use.',
    '',
    ...(review.actions.length
      ? [
          ...policyFiles.map((file) => {
            const carriers = context.carriers
              .filter((c) => c.file === file)
              .map((c) => c.description)
              .sort();
            return `- \`${file}\` is deployed by ${carriers.length ? carriers.join(' and ') : 'no LifecyclePolicyRole in this app: attach it by hand'}.`;
          }),
          '',
        ]
      : []),
    'Every action comes from the OTC ECS permission tables: the action of an API a construct calls (**primary**), a',
    '**dependency** the table lists for that action, or a **read** the apply-time CLI makes (status and job queries).',
    '',
    `**Scope:** ${review.scope}`,
    '',
  ];
  lines.push(...suppressionLines(review));
  if (review.actions.length === 0) {
    lines.push('This stack declares no ECS operation, so it needs no ECS permission; nothing to attach.', '');
    return lines.join('\n');
  }
  const unknownUnderEnterpriseProject =
    review.authorization === 'enterprise-project'
      ? review.actions.filter((a) => a.neededBy.some((n) => n.enterpriseProject === 'unknown')).map((a) => `\`${a.action}\``)
      : [];
  if (unknownUnderEnterpriseProject.length) {
    lines.push(
      `**Enterprise-project support unknown:** no permission table states whether an enterprise-project grant authorizes ` +
        `${unknownUnderEnterpriseProject.join(', ')}. They are in the policy (synth warned about each construct); check them by one ` +
        'apply in a test enterprise project before relying on them.',
      '',
    );
  }
  const counts = countConstructs(review);
  lines.push(
    '## Summary',
    '',
    `Risk: ${RISK_TIERS.map((tier) => `**${tier}** ${review.actions.filter((a) => a.risk === tier).length}`).join(', ')} ` +
      '(destructive: change OS and reinstall OS wipe the system disk; outside ECS: actions of other services).',
    '',
    ...review.alternatives.flatMap((a) => [`**Narrower choice:** ${describeAlternative(a)}`, '']),
    '| Action | Risk | Why | Operations | Constructs | IAM project | Enterprise project |',
    '|---|---|---|---|---|---|---|',
  );
  for (const { action, risk, neededBy } of review.actions) {
    const kinds = [...new Set(neededBy.map((n) => n.kind))].join(', ');
    const operations = [...new Set(neededBy.map((n) => n.operation))].map((o) => `\`${o}\``).join(', ');
    lines.push(
      `| \`${action}\` | ${risk} | ${kinds} | ${operations} | ${counts.byAction.get(action)} | ${mark(neededBy, 'iamProject')} | ${mark(neededBy, 'enterpriseProject')} |`,
    );
  }
  lines.push('', '## Actions', '');
  for (const { action, risk, neededBy } of review.actions) {
    lines.push(`### \`${action}\` (${risk})`, '');
    for (const n of neededBy) lines.push(`- ${describe(n, counts.byOperation.get(n.operation) ?? 0)}`);
    for (const note of new Set(neededBy.flatMap((n) => (n.note ? [n.note] : [])))) lines.push('', `> **Note:** ${note}`);
    lines.push('');
  }
  lines.push('## Constructs', '', '| Construct | Type | Operations | Actions |', '|---|---|---|---|');
  const narrower = new Map(review.alternatives.map((a) => [a.operation as string, a]));
  for (const c of review.constructs) {
    const servers =
      c.servers !== undefined
        ? ` (${counted(c.servers, 'server')})`
        : c.selector !== undefined
          ? ` (selects at apply: ${text(c.selector).replace(/\|/g, '\\|')})`
          : '';
    const operations = c.operations.map((o) => {
      const a = narrower.get(o);
      return `\`${o}\`${a ? ` (narrower: \`${a.alternative.setting}\`, ${counted(a.alternative.actions, 'action')} instead of ${a.actions})` : ''}`;
    });
    lines.push(`| \`${c.path}\` | ${c.construct}${servers} | ${operations.join(', ')} | ${counts.actionsOf(c.operations)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

const RISK_TIERS: readonly RiskTier[] = ['read', 'lifecycle mutation', 'destructive', 'outside ECS'];

function describeAlternative(a: ReviewAlternative): string {
  const outside = a.outsideEcs.length ? `, ${a.outsideEcs.length} of them outside ECS (${a.outsideEcs.map((x) => `\`${x}\``).join(', ')})` : '';
  return (
    `\`${a.operation}\` (${counted(a.constructs, 'construct')}) needs ${counted(a.actions, 'action')}${outside}. ` +
    `\`${a.alternative.setting}\` (\`${a.alternative.operation}\`: ${a.alternative.when}) needs ${a.alternative.actions}.`
  );
}

interface ConstructCounts {
  /** Constructs that declared the operation. */
  readonly byOperation: ReadonlyMap<string, number>;
  /** Distinct constructs that declared an operation needing the action. */
  readonly byAction: ReadonlyMap<string, number>;
  /** Distinct actions a construct's operations need. */
  readonly actionsOf: (operations: readonly string[]) => number;
}

// Constructs that declared the same operations count alike, so the counts walk the few distinct
// operation sets rather than every construct for every action.
function countConstructs(review: ReviewData): ConstructCounts {
  const sets = new Map<string, { operations: readonly string[]; constructs: number }>();
  for (const c of review.constructs) {
    const key = c.operations.join(' ');
    const set = sets.get(key);
    if (set) set.constructs += 1;
    else sets.set(key, { operations: c.operations, constructs: 1 });
  }
  const byOperation = new Map<string, number>();
  for (const set of sets.values()) for (const o of set.operations) byOperation.set(o, (byOperation.get(o) ?? 0) + set.constructs);
  const actionsByOperation = new Map<string, Set<string>>();
  const byAction = new Map<string, number>();
  for (const { action, neededBy } of review.actions) {
    const operations = new Set(neededBy.map((n) => n.operation as string));
    for (const o of operations) {
      const actions = actionsByOperation.get(o) ?? new Set<string>();
      actionsByOperation.set(o, actions.add(action));
    }
    let constructs = 0;
    for (const set of sets.values()) if (set.operations.some((o) => operations.has(o))) constructs += set.constructs;
    byAction.set(action, constructs);
  }
  const actionsBySet = new Map<string, number>();
  for (const [key, set] of sets) actionsBySet.set(key, new Set(set.operations.flatMap((o) => [...(actionsByOperation.get(o) ?? [])])).size);
  const actionsOf = (operations: readonly string[]) => actionsBySet.get(operations.join(' ')) ?? 0;
  return { byOperation, byAction, actionsOf };
}

function describe(n: OperationNeed, constructs: number): string {
  const who = `\`${n.operation}\` (${counted(constructs, 'construct')})`;
  const why = n.kind === 'primary' ? 'primary action of' : n.kind === 'dependency' ? `dependency of \`${n.dependencyOf}\`, through` : 'read-only call';
  const reason = n.reason ? `: ${n.reason}` : '';
  return `${who}: ${why} \`${n.api}\`${reason}. IAM project: ${yesNo(n.iamProject)}; enterprise project: ${yesNo(n.enterpriseProject)}.`;
}

function mark(neededBy: readonly OperationNeed[], key: 'iamProject' | 'enterpriseProject'): string {
  const values = new Set<boolean | 'unknown'>(neededBy.map((n) => n[key]));
  return values.size > 1 ? 'depends on API' : values.has(true) ? 'yes' : values.has('unknown') ? 'unknown' : 'no';
}
