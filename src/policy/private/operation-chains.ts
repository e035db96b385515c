/**
 * The order of operations of a stack, drawn as a Mermaid flowchart for the review file. Servers (or
 * server groups) whose operations form the same chain are drawn once, with their count and the servers
 * they are, so the diagram stays as small at 1,000 servers as at one. Destroy-time operations form
 * chains of their own: they run at `terraform destroy`, not after the create-time ones. Pure.
 */
import type { CloudName } from '../../cloud/regions';
import { CATALOG } from '../../permissions/catalog';
import type { OperationId } from '../../permissions/operation';
import type { PermissionRowId } from '../../permissions/permission-rows';
import { requiredActionsOf } from '../../permissions/requirements';
import type { DeclaredRequirement, FleetShape } from './review-data';

/** Operations that run one after another on one server, or on one server group. */
export interface OperationChain {
  /** `create`: run by apply; `destroy`: run by `terraform destroy` (or when apply replaces the resource). */
  readonly when: 'create' | 'destroy';
  /** What each member is: `server`, or the construct type of constructs not bound to a server (e.g. `ServerGroup`). */
  readonly subject: string;
  /** The operations in the order they run. */
  readonly operations: readonly OperationId[];
  /** How many servers or constructs run exactly this chain. */
  readonly count: number;
  /**
   * The servers, sorted (`known at apply` for an ID Terraform substitutes); absent for chains of constructs, which
   * the review lists once, in its constructs table.
   */
  readonly servers?: readonly string[];
  /** For each operation, the rows declared when only some of its rows are called (a fleet wave). */
  readonly rows?: readonly (readonly PermissionRowId[] | undefined)[];
  /** For a fleet: its steps, waves and servers. */
  readonly fleet?: FleetShape;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** What a server ID Terraform substitutes at apply is called (its token text means nothing to a reviewer). */
export const SERVER_KNOWN_AT_APPLY = 'known at apply';
/** Members named in a diagram label; the review data lists them all. */
const MEMBERS_NAMED = 3;

/**
 * Groups the declarations into chains: per server (operations on one server run in declaration order),
 * and per construct for constructs not bound to a server; destroy-time operations apart. The most common
 * chains first, then by when, subject and operations.
 */
export function operationChains(declared: readonly DeclaredRequirement[]): OperationChain[] {
  interface Member {
    when: 'create' | 'destroy';
    subject: string;
    name: string;
    operations: OperationId[];
    rows: (readonly PermissionRowId[] | undefined)[];
    fleet?: FleetShape;
  }
  const members = new Map<string, Member>();
  for (const d of declared) {
    const when = CATALOG[d.operation].when;
    const key = `${when}\u0000${d.serverId === undefined ? `construct\u0000${d.constructPath}` : `server\u0000${d.serverId}`}`;
    const member = members.get(key);
    if (member) {
      member.operations.push(d.operation);
      member.rows.push(d.rows);
    } else {
      const name = d.serverId === undefined ? d.constructPath : UUID.test(d.serverId) ? d.serverId.toLowerCase() : SERVER_KNOWN_AT_APPLY;
      members.set(key, {
        when,
        subject: d.serverId === undefined ? d.construct : 'server',
        name,
        operations: [d.operation],
        rows: [d.rows],
        ...(d.fleet ? { fleet: d.fleet } : {}),
      });
    }
  }
  const chains = new Map<string, { chain: Omit<OperationChain, 'count' | 'servers'>; members: string[] }>();
  for (const { when, subject, name, operations, rows, fleet } of members.values()) {
    const fleetKey = fleet ? `${fleet.steps}\u0000${fleet.waves}\u0000${fleet.servers}` : '';
    const key = [when === 'create' ? '0' : '1', subject, ...operations, ...rows.map((r) => r?.join(',') ?? ''), fleetKey].join('\u0000');
    const entry = chains.get(key) ?? {
      chain: { when, subject, operations, ...(rows.some((r) => r) ? { rows } : {}), ...(fleet ? { fleet } : {}) },
      members: [],
    };
    entry.members.push(name);
    chains.set(key, entry);
  }
  return [...chains.keys()]
    .sort()
    .map((key) => {
      const { chain, members: names } = chains.get(key)!;
      return { ...chain, count: names.length, ...(chain.subject === 'server' ? { servers: [...names].sort() } : {}) };
    })
    .sort((a, b) => (a.when === b.when ? b.count - a.count : a.when === 'create' ? -1 : 1));
}

/** `server 1a2b…`, `3 servers: a, b and c`, `1000 servers: a, b, c and 997 more`, `2 servers: 2 known at apply`, `2 ServerGroup constructs`. */
function describeMembers(chain: OperationChain): string {
  if (chain.fleet) {
    const { servers, waves } = chain.fleet;
    const fleets = chain.count === 1 ? 'ServerFleetMaintenance' : `${chain.count} ServerFleetMaintenance constructs`;
    return `${fleets}: ${servers} server${servers === 1 ? '' : 's'} in ${waves} wave${waves === 1 ? '' : 's'}, one after another`;
  }
  if (chain.subject !== 'server') return `${chain.count} ${chain.subject} construct${chain.count === 1 ? '' : 's'}`;
  const servers = chain.servers ?? [];
  const named = servers.filter((s) => s !== SERVER_KNOWN_AT_APPLY);
  const later = servers.length - named.length;
  if (chain.count === 1) return `server ${named[0] ?? SERVER_KNOWN_AT_APPLY}`;
  const items = [
    ...named.slice(0, MEMBERS_NAMED),
    ...(named.length > MEMBERS_NAMED ? [`${named.length - MEMBERS_NAMED} more`] : []),
    ...(later ? [`${later} ${SERVER_KNOWN_AT_APPLY}`] : []),
  ];
  const list = items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items[0];
  return `${chain.count} servers: ${list}`;
}

/**
 * The Mermaid flowchart: one box per chain, one node per step, each step labelled with the actions it
 * adds to those of the steps before it (by `cloud`'s action names); destroy-time chains in boxes of their own. Labels
 * hold only catalog operation ids and actions, counts, server UUIDs and the fleet's validated steps.
 */
export function renderOperationDiagram(chains: readonly OperationChain[], cloud: CloudName): string[] {
  const lines = ['```mermaid', 'flowchart LR'];
  chains.forEach((chain, c) => {
    const order = chain.fleet ? 'each wave in this order' : chain.count === 1 ? 'in this order' : 'each in this order';
    const when = chain.when === 'destroy' ? 'at terraform destroy, apart from apply: ' : '';
    lines.push(`  subgraph chain${c + 1}["${when}${describeMembers(chain)}, ${order}"]`, '    direction LR');
    const granted = new Set<string>();
    const nodes = chain.operations.map((operation, s) => {
      const added = requiredActionsOf(operation, chain.rows?.[s], cloud).filter((a) => !granted.has(a));
      for (const a of added) granted.add(a);
      const steps = chain.fleet && operation === 'fleet-wave' ? [chain.fleet.steps] : [];
      const label = [`<b>${operation}</b>`, ...steps, ...(added.length ? added.map((a) => `+ ${a}`) : ['no new action'])].join('<br/>');
      lines.push(`    chain${c + 1}_${s + 1}["${label}"]`);
      return `chain${c + 1}_${s + 1}`;
    });
    if (nodes.length > 1) lines.push(`    ${nodes.join(' --> ')}`);
    lines.push('  end');
  });
  lines.push('```');
  return lines;
}
