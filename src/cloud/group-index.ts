/**
 * Which group each server counts in when waves are planned with a per-group limit: for a fleet built from ServerGroup
 * constructs (at synth) and for a selected fleet (from the cloud's group list, at apply). Server ids are compared as the
 * cloud compares them, case-insensitively. Groups that share a server are counted as one, so a server in two groups can
 * never take a second member of either down with it: safe, at the price of smaller waves in that rare case.
 */

/** One group and its member server ids. */
export interface GroupMembers {
  readonly id: string;
  readonly members: readonly string[];
}

/** The group key of each member: the first group id (in the order given) of the groups joined through shared members. */
export function groupIndex(groups: readonly GroupMembers[]): (serverId: string) => string | undefined {
  // Union-find over group positions: a member seen in an earlier group joins the two.
  const parent = groups.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const firstGroupOf = new Map<string, number>();
  groups.forEach((group, i) => {
    for (const member of group.members) {
      const key = member.toLowerCase();
      const seen = firstGroupOf.get(key);
      if (seen === undefined) firstGroupOf.set(key, i);
      else {
        const [a, b] = [root(seen), root(i)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  return (serverId) => {
    const i = firstGroupOf.get(serverId.toLowerCase());
    return i === undefined ? undefined : groups[root(i)].id;
  };
}
