/**
 * The rules every value passed to `exec` must follow, by name. The constructs check props with them at
 * synth and the CLI checks its flags with them at apply: the same function gives the same message, so a
 * value refused at apply is refused, in the same words, at synth. Operation definitions refer to a rule
 * by its name (`ValidatorName`).
 */
import { fitsOneBatch, MAX_BATCH_SERVERS, repeatedServer, serverIdKey } from './server-list';

/** A rule for one kind of value. */
export interface Validator {
  /** What a good value is, e.g. `an ECS server ID (a UUID)`. */
  readonly describe: string;
  /** A good value, quoted, e.g. `'s3.large.2'`. */
  readonly example: string;
  /** Whether `value` follows the rule. */
  readonly accepts: (value: string) => boolean;
  /** What exactly is wrong with a refused value (e.g. which element), when the rule can say more than `describe`. */
  readonly explain?: (value: string) => string | undefined;
}

/** A rule that a regular expression decides. */
export const pattern = (regex: RegExp, describe: string, example: string): Validator => ({ describe, example, accepts: (v) => regex.test(v) });
const choice = (choices: readonly string[]): Validator => ({
  describe: `one of ${choices.map((c) => `'${c}'`).join(', ')}`,
  example: `'${choices[0]}'`,
  accepts: (v) => choices.includes(v),
});

// Server and image ids are UUIDs; the cloud compares them without regard to case.
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The most servers a fleet selects at apply: ten full pages of the tag query or list (1,000 each). */
export const MAX_SELECTED_SERVERS = 10_000;

/** The server group policies OTC and Huawei Cloud support. */
export const SERVER_GROUP_POLICIES = ['anti-affinity'] as const;
/** How a stop or a reboot is done. */
export const POWER_ACTION_TYPES = ['SOFT', 'HARD'] as const;

/**
 * A list of server IDs as the CLI takes it: a JSON array (what the constructs write, so an element Terraform filled
 * in at apply stays one element) or, typed by hand, comma-separated. Every element must be exactly one server ID;
 * the first that is not is named with its position. The cloud compares IDs without regard to case, and so does the
 * check for repeats.
 */
export function parseServerIds(value: string): { readonly ids: readonly string[] } | { readonly problem: string } {
  let elements: unknown[];
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (!Array.isArray(parsed)) return { problem: 'is not a JSON array' };
      elements = parsed;
    } catch {
      return { problem: 'starts with [ but is not a JSON array' };
    }
  } else elements = value.split(',');
  if (!fitsOneBatch(elements.length)) return { problem: `holds ${elements.length} elements, not 1 to ${MAX_BATCH_SERVERS}` };
  for (const [i, element] of elements.entries()) {
    if (typeof element !== 'string' || !UUID.test(element))
      return { problem: `has element ${i + 1}, ${quoted(element)}, which is not exactly one ECS server ID (a UUID)` };
  }
  const ids = elements as string[];
  const repeated = repeatedServer(ids.map(serverIdKey));
  if (repeated !== undefined) return { problem: `names server ${ids[repeated.index]} twice (elements ${repeated.first + 1} and ${repeated.index + 1})` };
  return { ids };
}

/** Every rule, by name. */
export const VALIDATORS = {
  serverId: pattern(UUID, 'an ECS server ID (a UUID)', "'1a2b3c4d-0000-4000-8000-00000000abcd'"),
  serverIds: {
    describe: `a JSON array of 1 to ${MAX_BATCH_SERVERS} different ECS server IDs (UUIDs), each element exactly one ID (or, typed by hand, the IDs comma-separated)`,
    example: '\'["1a2b3c4d-0000-4000-8000-00000000abcd","1a2b3c4d-0000-4000-8000-00000000abce"]\'',
    accepts: (v) => !('problem' in parseServerIds(v)),
    explain: (v) => {
      const parsed = parseServerIds(v);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  },
  imageId: pattern(UUID, 'an image ID (a UUID)', "'e215580f-73ad-429d-b6f2-5433947433b0'"),
  userId: pattern(/^[0-9a-f]{32}$/, 'an IAM user ID (32 lower-case hex characters)', "'7e25b1da389f4697a79df3a0e5bd494e'"),
  projectId: pattern(/^[0-9a-f]{32}$/, 'a project ID (32 lower-case hex characters)', "'0123456789abcdef0123456789abcdef'"),
  flavorRef: pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a flavor ID without spaces', "'s3.large.2'"),
  groupName: pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, '1 to 255 letters, digits, dots, dashes or underscores', "'web'"),
  keyName: pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a key pair name (letters, digits, dots, dashes, underscores)', "'KeyPair-350b'"),
  envName: pattern(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'the name of an environment variable', "'ECS_ADMIN_PASSWORD'"),
  region: pattern(/^[a-z0-9-]{1,64}$/, 'a region name', "'eu-de'"),
  serverGroupId: pattern(UUID, 'a server group ID (a UUID)', "'5bbcc3c4-1fc8-4b2f-a8d9-1b8a2f54e0d1'"),
  // Huawei Cloud's enterprise project ids are UUIDs; '0' is the default enterprise project.
  enterpriseProjectId: pattern(
    /^(0|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
    "an enterprise project ID (a UUID, or '0' for the default project)",
    "'9a1c7a0e-4b5d-4c8e-8f2a-0b1c2d3e4f50'",
  ),
  serverCount: pattern(/^(0|[1-9]\d{0,3}|10000)$/, `a whole number of servers from 0 to ${MAX_SELECTED_SERVERS}`, "'30'"),
  perGroupCount: pattern(/^([1-9]\d{0,2}|1000)$/, `a whole number from 1 to ${MAX_BATCH_SERVERS}`, "'1'"),
  waveSizes: {
    describe: `1 to 16 comma-separated wave sizes, each a whole number from 1 to ${MAX_BATCH_SERVERS} or a fraction between 0 and 1`,
    example: "'1,0.1,0.25'",
    accepts: (v) => {
      const sizes = v.split(',');
      return sizes.length <= 16 && sizes.every((s) => /^([1-9]\d{0,2}|1000)$/.test(s) || (/^0\.\d{1,6}$/.test(s) && Number(s) > 0));
    },
  },
  cloud: choice(['otc', 'huaweicloud']),
  policy: choice(SERVER_GROUP_POLICIES),
  powerActionType: choice(POWER_ACTION_TYPES),
} satisfies Record<string, Validator>;

export type ValidatorName = keyof typeof VALIDATORS;

/** What is wrong with a value, and how to fix it: the words both synth and apply use. */
export interface Problem {
  /** E.g. `is "x", which is not an ECS server ID (a UUID)`. */
  readonly problem: string;
  /** E.g. `use an ECS server ID (a UUID), e.g. '1a2b…'`. */
  readonly fix: string;
}

/** The problem with `value` under the rule (a shared rule's name, or a rule of its own), or undefined when it follows it. */
export function problemWith(name: ValidatorName | Validator, value: string): Problem | undefined {
  const rule: Validator = typeof name === 'string' ? VALIDATORS[name] : name;
  if (rule.accepts(value)) return undefined;
  const detail = rule.explain?.(value);
  if (detail !== undefined) return { problem: `${detail} (${quoted(value)})`, fix: `use ${rule.describe}, e.g. ${rule.example}` };
  return { problem: `is ${quoted(value)}, which is not ${rule.describe}`, fix: `use ${rule.describe}, e.g. ${rule.example}` };
}

/** A value for a message: JSON-quoted (so control characters show as escapes), long values shortened. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 60)}…" (${String(value).length} characters)` : text;
}
