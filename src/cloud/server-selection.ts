/**
 * How a selected fleet chooses its servers at apply, on the command line: one argv value, written by the
 * ServerFleetMaintenance construct and parsed by the `fleet-select` command:
 *
 *   group:<server group id>            the members of an existing server group
 *   tags:<key>=<value>,<key>=<value>   every server carrying all the tags (keys and values percent-encoded)
 *
 * An enterprise project (`--enterprise-project-id`) narrows a tag selection. Values are checked on both sides (the same
 * rules), so a hostile value is refused at synth and at apply. Which API a selection calls depends on the cloud and the
 * enterprise project (`selectionRows`): the synthesized policy holds exactly that call's action.
 */
import type { CloudName } from './regions';
import type { PermissionRowId } from '../permissions/permission-rows';

/** One `key=value` tag a selected server must carry. */
export interface SelectorTag {
  readonly key: string;
  readonly value: string;
}

/** What a selected fleet selects. */
export type ServerSelector = { readonly kind: 'group'; readonly groupId: string } | { readonly kind: 'tags'; readonly tags: readonly SelectorTag[] };

/** A tag key: 1 to 127 characters ("A key contains a maximum of 127 Unicode characters", OTC "Querying ECSs by Tag"). */
export const MAX_TAG_KEY_LENGTH = 127;
/** A tag value: at most 255 characters ("Each value contains a maximum of 255 Unicode characters"). */
export const MAX_TAG_VALUE_LENGTH = 255;
/** At most this many tags in one selection: a bound on the command line, not a cloud limit. */
export const MAX_SELECTOR_TAGS = 10;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Control characters and the replacement character never belong in a tag, and would garble progress lines.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufffd]/;

/** Why a tag cannot be selected by, or undefined when it can. */
export function tagProblem(tag: SelectorTag): string | undefined {
  const keyLength = [...tag.key].length;
  if (keyLength === 0 || keyLength > MAX_TAG_KEY_LENGTH || CONTROL.test(tag.key))
    return `the key ${JSON.stringify(tag.key)} must have 1 to ${MAX_TAG_KEY_LENGTH} characters and no control characters`;
  if ([...tag.value].length > MAX_TAG_VALUE_LENGTH || CONTROL.test(tag.value))
    return `the value of ${JSON.stringify(tag.key)} must have at most ${MAX_TAG_VALUE_LENGTH} characters and no control characters`;
  return undefined;
}

/** Writes the selector as one argv value (the group id may be a Terraform token: it is written as it is). */
export function encodeSelector(selector: ServerSelector): string {
  if (selector.kind === 'group') return `group:${selector.groupId}`;
  return `tags:${selector.tags.map((t) => `${encodeURIComponent(t.key)}=${encodeURIComponent(t.value)}`).join(',')}`;
}

/** Parses the argv value; every problem is reported, and nothing is returned unless the selector is valid. */
export function parseSelector(text: string): { readonly selector: ServerSelector } | { readonly problems: readonly string[] } {
  const shown = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  if (text.startsWith('group:')) {
    const groupId = text.slice('group:'.length);
    return UUID.test(groupId) ? { selector: { kind: 'group', groupId } } : { problems: [`--select ${shown}: the server group id must be a UUID`] };
  }
  if (!text.startsWith('tags:')) return { problems: [`--select ${shown} must be group:<server group id> or tags:<key>=<value>,…`] };
  const problems: string[] = [];
  const tags: SelectorTag[] = [];
  const pairs = text.slice('tags:'.length).split(',');
  if (pairs.length > MAX_SELECTOR_TAGS) problems.push(`--select ${shown}: at most ${MAX_SELECTOR_TAGS} tags`);
  for (const pair of pairs) {
    const parts = pair.split('=');
    const key = parts.length === 2 ? decode(parts[0]) : undefined;
    const value = parts.length === 2 ? decode(parts[1]) : undefined;
    if (key === undefined || value === undefined) {
      problems.push(`--select ${shown}: ${JSON.stringify(pair)} must be <key>=<value>, each percent-encoded`);
      continue;
    }
    const problem = tagProblem({ key, value });
    if (problem) problems.push(`--select ${shown}: ${problem}`);
    else if (tags.some((t) => t.key === key)) problems.push(`--select ${shown}: the key ${JSON.stringify(key)} is given twice`);
    else tags.push({ key, value });
  }
  return problems.length ? { problems } : { selector: { kind: 'tags', tags } };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Which calls a selection makes. */
export interface SelectionRows {
  /** The call that selects the servers. */
  readonly select: PermissionRowId;
  /** The call that reads the groups of the selected servers, for `maxUnavailablePerGroup` (a tag selection only). */
  readonly groups?: PermissionRowId;
}

/**
 * The rows a selection calls. By group: the group's details (its members). By tags: the cloud's own tag query (OTC's
 * table lists `/servers/…`, Huawei Cloud's `/cloudservers/…`); within an enterprise project, the server list with
 * `enterprise_project_id` instead (the tag query has no such filter, and OTC's cannot be granted through an enterprise
 * project); and the group list, to know which selected servers share a group.
 */
export function selectionRows(selector: Pick<ServerSelector, 'kind'>, cloud: CloudName, withinEnterpriseProject: boolean): SelectionRows {
  if (selector.kind === 'group') return { select: 'cloudservers-show-server-group' };
  const select: PermissionRowId = withinEnterpriseProject
    ? 'cloudservers-list-details'
    : cloud === 'otc'
      ? 'servers-query-by-tag'
      : 'cloudservers-query-by-tag';
  return { select, groups: 'cloudservers-list-server-groups' };
}

/** The selector in words, for the review and progress lines: `members of server group <id>`, `servers tagged role=web`. */
export function describeSelector(selector: ServerSelector, enterpriseProjectId?: string): string {
  if (selector.kind === 'group') return `members of server group ${selector.groupId}`;
  const tags = selector.tags.map((t) => JSON.stringify(`${t.key}=${t.value}`)).join(' and ');
  return `servers tagged ${tags}${enterpriseProjectId !== undefined ? ` in enterprise project ${enterpriseProjectId}` : ''}`;
}
