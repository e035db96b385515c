/**
 * The order of operations of a stack, drawn as a Mermaid flowchart for the review file. Servers (or
 * server groups) whose operations form the same chain are drawn once, with their count, so the diagram
 * stays as small at 1,000 servers as at one. Pure.
 */
import type { CloudName } from '../../cloud/regions';
import type { OperationId } from '../../permissions/operation';
import { requiredActionsOf } from '../../permissions/requirements';
import type { PermissionRowId } from '../../permissions/permission-rows';
import type { DeclaredRequirement } from './review-data';

/** Operations that run one after another on one server, or on one server group. */
export interface OperationChain {
  /** What each member is: `server`, or the construct type of constructs not bound to a server (e.g. `ServerGroup`). */
  readonly subject: string;
  /** The operations in the order they run. */
  readonly operations: readonly OperationId[];
  /** How many servers or constructs run exactly this chain. */
  readonly count: number;
  /** For each operation, the rows declared when only some of its rows are called (a fleet wave). */
  readonly rows?: readonly (readonly PermissionRowId[] | undefined)[];
}

/**
 * Groups the declarations into chains: per server (operations on one server run in declaration order),
 * and per construct for constructs not bound to a server. The most common chains first, then by subject and operations.
 */
export function operationChains(declared: readonly DeclaredRequirement[]): OperationChain[] {
  const members = new Map<string, { subject: string; operations: OperationId[]; rows: (readonly PermissionRowId[] | undefined)[] }>();
  for (const d of declared) {
    const key = d.serverId === undefined ? `construct\u0000${d.constructPath}` : `server\u0000${d.serverId}`;
    const member = members.get(key);
    if (member) {
      member.operations.push(d.operation);
      member.rows.push(d.rows);
    } else {
      members.set(key, { subject: d.serverId === undefined ? d.construct : 'server', operations: [d.operation], rows: [d.rows] });
    }
  }
  const chains = new Map<string, OperationChain>();
  for (const { subject, operations, rows } of members.values()) {
    const key = [subject, ...operations, ...rows.map((r) => r?.join(',') ?? '')].join('\u0000');
    const chain = chains.get(key);
    chains.set(key, { subject, operations, count: (chain?.count ?? 0) + 1, ...(rows.some((r) => r) ? { rows } : {}) });
  }
  return [...chains.keys()]
    .sort()
    .map((key) => chains.get(key)!)
    .sort((a, b) => b.count - a.count);
}

/**
 * The Mermaid flowchart: one box per chain, one node per step, each step labelled with the actions it
 * adds to those of the steps before it (by `cloud`'s action names). Labels hold only catalog operation ids and actions, and counts.
 */
export function renderOperationDiagram(chains: readonly OperationChain[], cloud: CloudName): string[] {
  const lines = ['```mermaid', 'flowchart LR'];
  chains.forEach((chain, c) => {
    const members = `${chain.count} ${chain.subject === 'server' ? 'server' : `${chain.subject} construct`}${chain.count === 1 ? '' : 's'}`;
    lines.push(`  subgraph chain${c + 1}["${members}, each in this order"]`, '    direction LR');
    const granted = new Set<string>();
    const nodes = chain.operations.map((operation, s) => {
      const added = requiredActionsOf(operation, chain.rows?.[s], cloud).filter((a) => !granted.has(a));
      for (const a of added) granted.add(a);
      const label = [`<b>${operation}</b>`, ...(added.length ? added.map((a) => `+ ${a}`) : ['no new action'])].join('<br/>');
      lines.push(`    chain${c + 1}_${s + 1}["${label}"]`);
      return `chain${c + 1}_${s + 1}`;
    });
    if (nodes.length > 1) lines.push(`    ${nodes.join(' --> ')}`);
    lines.push('  end');
  });
  lines.push('```');
  return lines;
}
