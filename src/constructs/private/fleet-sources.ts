/**
 * Where a ServerFleetMaintenance gets its servers: a list (`serverIds`), the members of ServerGroup constructs
 * (`groups`, planned with a per-group limit at synth) or a selector resolved at apply (`select`). Checked here, so the
 * construct only builds what these return.
 */
import { Lazy, Token } from '../../private/cdk-core';
import { type GroupMembers, groupIndex } from '../../cloud/group-index';
import type { CloudName } from '../../cloud/regions';
import {
  describeSelector,
  encodeSelector,
  MAX_SELECTOR_TAGS,
  type SelectionRows,
  type SelectorTag,
  type ServerSelector,
  selectionRows,
  tagProblem,
} from '../../cloud/server-selection';
import { invalidProperty, refusedDependency } from '../../errors';
import { MAX_BATCH_SERVERS, MAX_SELECTED_SERVERS } from '../../validation';
import type { ServerGroup } from '../server-group';
import { checkRequired, type Subject } from './validate';
import { isRefused } from './synth-problems';

/** How a fleet selects its servers at apply: exactly one of `serverGroupId` and `tags`. */
export interface FleetSelectionInput {
  readonly serverGroupId?: unknown;
  readonly tags?: unknown;
  readonly withinEnterpriseProject?: unknown;
  readonly minServers?: unknown;
}

/** A checked selection, as the `fleet-select` command line carries it. */
export interface CheckedSelection {
  readonly selector: ServerSelector;
  /** The `--select` value. */
  readonly encoded: string;
  readonly enterpriseProjectId?: string;
  readonly minServers?: number;
  /** What the review and progress lines call it. */
  readonly description: string;
  /** The calls it makes (with a per-group limit, a tag selection also lists the groups). */
  readonly rows: SelectionRows;
}

const SOURCES = ['serverIds', 'groups', 'select'] as const;

/** Which of `serverIds`, `groups` and `select` the props use: exactly one. */
export function checkServerSource(subject: Subject, props: Readonly<Partial<Record<(typeof SOURCES)[number], unknown>>>): (typeof SOURCES)[number] {
  const given = SOURCES.filter((name) => props[name] !== undefined);
  if (given.length !== 1) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      given.length ? given[1] : 'serverIds',
      given.length ? `is set together with ${given[0]}, but they name the servers in different ways` : 'is missing: the fleet has no servers',
      'set exactly one of serverIds (a list), groups (ServerGroup constructs with members) and select (chosen at apply)',
    );
  }
  return given[0];
}

/** The members of the groups, in group order then member order (each once), and the group each counts in. */
export function checkGroups(subject: Subject, value: unknown): { readonly serverIds: string[]; readonly groupOf: (serverId: string) => string | undefined } {
  const fix = 'pass ServerGroup constructs that set members, e.g. groups: [webGroup, apiGroup]';
  if (!Array.isArray(value) || value.length === 0 || Token.isUnresolved(value))
    throw invalidProperty(subject.path, subject.construct, 'groups', 'must be a non-empty list of ServerGroup constructs', fix);
  const groups: GroupMembers[] = [];
  value.forEach((group: ServerGroup, i) => {
    const members = group?.members;
    // A refused group's own error says what to fix; the fleet that lists it adds none.
    if (typeof group?.node?.path === 'string' && isRefused(group))
      throw refusedDependency(subject.path, subject.construct, `the ServerGroup groups[${i}]`, group.node.path);
    if (typeof group?.node?.path !== 'string' || !Array.isArray(members))
      throw invalidProperty(subject.path, subject.construct, `groups[${i}]`, 'is not a ServerGroup with members', fix);
    if (members.length === 0)
      throw invalidProperty(subject.path, subject.construct, `groups[${i}]`, `(${group.node.path}) has no members, so the fleet would do nothing for it`, fix);
    if (groups.some((g) => g.id === group.node.path))
      throw invalidProperty(subject.path, subject.construct, `groups[${i}]`, `repeats the group ${group.node.path}`, 'list each group once');
    groups.push({ id: group.node.path, members });
  });
  // A server in two of the groups is one server: it is listed once, where it first appears.
  const seen = new Set<string>();
  const serverIds = groups.flatMap((g) => g.members).filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()));
  return { serverIds, groupOf: groupIndex(groups) };
}

/** `maxUnavailablePerGroup`: a whole number from 1 (default 1), only where the fleet knows groups. */
export function checkMaxUnavailablePerGroup(subject: Subject, value: unknown, knowsGroups: boolean): number | undefined {
  if (!knowsGroups) {
    if (value === undefined) return undefined;
    throw invalidProperty(
      subject.path,
      subject.construct,
      'maxUnavailablePerGroup',
      'is set, but a fleet of serverIds knows no groups, so the limit could not be kept',
      'build the fleet from groups (groups: [...]) or select it at apply (select: {...}); or remove maxUnavailablePerGroup',
    );
  }
  return value === undefined ? 1 : checkWholeNumber(subject, 'maxUnavailablePerGroup', value, 1, MAX_BATCH_SERVERS);
}

/** The selection: what to select, where, and the least that must be found. */
export function checkSelection(subject: Subject, value: unknown, cloud: CloudName, enterpriseProjectId: string | undefined): CheckedSelection {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidProperty(
      subject.path,
      subject.construct,
      'select',
      'must be an object',
      "pass { serverGroupId: '<group UUID>' } or { tags: { role: 'web' } }",
    );
  const input = value as FleetSelectionInput;
  if ((input.serverGroupId === undefined) === (input.tags === undefined)) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'select',
      input.tags === undefined ? 'names neither serverGroupId nor tags' : 'names both serverGroupId and tags',
      "select by one of them: { serverGroupId: '<group UUID>' } or { tags: { role: 'web' } }",
    );
  }
  const within = input.withinEnterpriseProject;
  if (within !== undefined && typeof within !== 'boolean')
    throw invalidProperty(subject.path, subject.construct, 'select.withinEnterpriseProject', `is ${JSON.stringify(within)}`, 'use true or false');
  if (within && input.tags === undefined)
    throw invalidProperty(
      subject.path,
      subject.construct,
      'select.withinEnterpriseProject',
      'is set for a group selection, which takes the group’s members wherever they are',
      'remove it, or select by tags',
    );
  if (within && enterpriseProjectId === undefined)
    throw invalidProperty(
      subject.path,
      subject.construct,
      'select.withinEnterpriseProject',
      'is true, but the EcsEnvironment names no enterpriseProjectId',
      "set enterpriseProjectId on the stack's EcsEnvironment",
    );
  const minServers = input.minServers === undefined ? undefined : checkWholeNumber(subject, 'select.minServers', input.minServers, 0, MAX_SELECTED_SERVERS);
  const selector: ServerSelector =
    input.serverGroupId !== undefined
      ? { kind: 'group', groupId: checkRequired(subject, 'select.serverGroupId', input.serverGroupId, 'serverGroupId') }
      : { kind: 'tags', tags: checkTags(subject, input.tags) };
  const scopedTo = within ? enterpriseProjectId : undefined;
  // A group id may be a token (a variable, another resource's output): it is substituted by Terraform into the word,
  // and checked by the CLI; the review, written at synth, says so rather than print the token's placeholder.
  const byToken = selector.kind === 'group' && Token.isUnresolved(selector.groupId);
  return {
    selector,
    encoded: byToken ? groupWord(selector.groupId) : encodeSelector(selector),
    ...(scopedTo !== undefined ? { enterpriseProjectId: scopedTo } : {}),
    ...(minServers !== undefined ? { minServers } : {}),
    description: byToken ? 'members of the server group whose id Terraform gives at apply' : describeSelector(selector, scopedTo),
    rows: selectionRows(selector, cloud, scopedTo !== undefined),
  };
}

/** `group:<id>` for an id Terraform substitutes: one word, the token left whole for Terraform (the CLI checks the id). */
function groupWord(groupIdToken: string): string {
  return Lazy.stringValue({ produce: () => `group:${groupIdToken}` });
}

function checkWholeNumber(subject: Subject, property: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalidProperty(subject.path, subject.construct, property, `is ${JSON.stringify(value)}`, `use a whole number from ${min} to ${max}`);
  return value;
}

function checkTags(subject: Subject, value: unknown): SelectorTag[] {
  const fix = `pass 1 to ${MAX_SELECTOR_TAGS} literal tags, e.g. { role: 'web', env: 'prod' }`;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Token.isUnresolved(value))
    throw invalidProperty(subject.path, subject.construct, 'select.tags', 'must be an object of key: value', fix);
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > MAX_SELECTOR_TAGS)
    throw invalidProperty(subject.path, subject.construct, 'select.tags', `holds ${entries.length} tags`, fix);
  return entries.map(([key, tagValue]) => {
    const where = `select.tags[${JSON.stringify(key)}]`;
    // The tags are the reviewed selector: they must read the same at synth and at apply.
    if (typeof tagValue !== 'string' || Token.isUnresolved(tagValue) || Token.isUnresolved(key))
      throw invalidProperty(subject.path, subject.construct, where, 'must be a literal string (the review names the selector as written)', fix);
    const problem = tagProblem({ key, value: tagValue });
    if (problem) throw invalidProperty(subject.path, subject.construct, where, problem, fix);
    return { key, value: tagValue };
  });
}
