/**
 * Acknowledged findings: a checked-in file that accepts one expected broadening (diff) or one missing
 * action (check) per entry, each with a reason and an expiry date, like cdk-nag's suppressions and the
 * AWS policy validator's `--ignore-finding`. An acknowledged finding does not fail the gate and is
 * listed with its reason; an expired entry no longer counts, and an expired or unused one is reported.
 */
import { JsonTextError, parseJsonText, previewValue } from '../iam/json-text';
import { GateInputError } from './gate-input-error';
import { patternKey } from './private/pattern-key';

/** One accepted finding, as written in the file. */
export interface Acknowledgement {
  /** The action (as the report names it, e.g. `ecs:servers:resize`), compared as IAM does (resource type and action in any case). */
  readonly action: string;
  /** The stack id it applies to, or `*` for every stack. */
  readonly stack: string;
  /** Why the finding is accepted: required and non-empty. */
  readonly reason: string;
  /** The last day (`YYYY-MM-DD`, UTC) on which it counts: required. */
  readonly expires: string;
}

/** An acknowledgement that accepted a finding, as the reports show it. */
export interface AcknowledgedBy {
  readonly reason: string;
  readonly expires: string;
  /** The file and entry, e.g. `ecs-iam-policy.acknowledgements.json acknowledgements[0]`. */
  readonly entry: string;
}

/** The acknowledgements read from a file, with their state on the day of the run. */
export interface AcknowledgementFile {
  readonly path: string;
  readonly entries: readonly Acknowledgement[];
  /** The day of the run (`YYYY-MM-DD`, UTC): an entry whose `expires` is before it has expired. */
  readonly today: string;
}

/** What became of the acknowledgements in one run: reported in every format. */
export interface AcknowledgementReport {
  readonly path: string;
  /** Entries past their date: they no longer count. */
  readonly expired: readonly AcknowledgementNotice[];
  /** Valid entries that matched no finding: remove them. */
  readonly unused: readonly AcknowledgementNotice[];
}

/** One expired or unused entry. */
export interface AcknowledgementNotice {
  readonly entry: string;
  readonly action: string;
  readonly stack: string;
  readonly reason: string;
  readonly expires: string;
}

/** The file name the documentation suggests; any name works with `--acknowledgements`. */
export const ACKNOWLEDGEMENTS_FILE = 'ecs-iam-policy.acknowledgements.json';

const KEYS = ['action', 'stack', 'reason', 'expires'] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses and validates an acknowledgement file: `{ "acknowledgements": [{ action, stack, reason, expires }] }`.
 * @param today the day of the run, `YYYY-MM-DD`
 * @throws GateInputError naming the entry and the field
 */
export function parseAcknowledgements(text: string, path: string, today: string): AcknowledgementFile {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (e) {
    throw new GateInputError(path, [e instanceof JsonTextError ? e.message : `not JSON: ${(e as Error).message}`]);
  }
  if (!isRecord(value) || !Array.isArray(value.acknowledgements)) {
    throw new GateInputError(path, ['must be an object with an "acknowledgements" list: { "acknowledgements": [{ "action", "stack", "reason", "expires" }] }']);
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (key !== 'acknowledgements') problems.push(`unknown key ${JSON.stringify(key)} at the top level`);
  const entries: Acknowledgement[] = [];
  value.acknowledgements.forEach((entry: unknown, i: number) => {
    const at = `acknowledgements[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const before = problems.length;
    for (const key of Object.keys(entry)) {
      if (!(KEYS as readonly string[]).includes(key)) problems.push(`${at} has an unknown key ${JSON.stringify(key)} (expected ${KEYS.join(', ')})`);
    }
    for (const key of KEYS) {
      const field = entry[key];
      if (typeof field !== 'string' || field.trim() === '')
        problems.push(`${at}.${key} is required and must be a non-empty string, found ${previewValue(field)}`);
    }
    if (typeof entry.expires === 'string' && entry.expires.trim() !== '' && !isDate(entry.expires)) {
      problems.push(`${at}.expires must be a date YYYY-MM-DD, found ${previewValue(entry.expires)}`);
    }
    if (problems.length === before) entries.push({ action: entry.action, stack: entry.stack, reason: entry.reason, expires: entry.expires } as Acknowledgement);
  });
  if (problems.length) throw new GateInputError(path, problems);
  return { path, entries, today };
}

/** The day of a moment as `YYYY-MM-DD` in UTC. */
export function dayOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/**
 * Matches findings against the acknowledgements, once per run. `acknowledge` answers for one finding;
 * `report` then lists the expired entries and the valid ones no finding used.
 */
export class AcknowledgementMatcher {
  private readonly used = new Set<number>();

  constructor(private readonly file: AcknowledgementFile | undefined) {}

  /** The valid acknowledgement of `action` in `stack` (any stack when undefined), if there is one. */
  acknowledge(action: string, stacks: readonly (string | undefined)[]): AcknowledgedBy | undefined {
    if (!this.file) return undefined;
    const key = patternKey(action);
    const index = this.file.entries.findIndex(
      (a) => !this.isExpired(a) && patternKey(a.action) === key && (a.stack === '*' || stacks.some((s) => s !== undefined && s === a.stack)),
    );
    if (index < 0) return undefined;
    this.used.add(index);
    const { reason, expires } = this.file.entries[index];
    return { reason, expires, entry: `${this.file.path} acknowledgements[${index}]` };
  }

  /** The expired and unused entries; undefined without a file. */
  report(): AcknowledgementReport | undefined {
    const file = this.file;
    if (!file) return undefined;
    const notice = (a: Acknowledgement, i: number): AcknowledgementNotice => ({ entry: `${file.path} acknowledgements[${i}]`, ...a });
    return {
      path: file.path,
      expired: file.entries.flatMap((a, i) => (this.isExpired(a) ? [notice(a, i)] : [])),
      unused: file.entries.flatMap((a, i) => (!this.isExpired(a) && !this.used.has(i) ? [notice(a, i)] : [])),
    };
  }

  private isExpired(a: Acknowledgement): boolean {
    return this.file !== undefined && a.expires < this.file.today;
  }
}

/** One line per expired or unused acknowledgement, for the text and Markdown reports. */
export function acknowledgementLines(report: AcknowledgementReport | undefined): string[] {
  if (!report) return [];
  return [
    ...report.expired.map((a) => `${a.entry} expired on ${a.expires} and no longer counts: ${a.action} in stack ${a.stack} ("${a.reason}")`),
    ...report.unused.map((a) => `${a.entry} matched no finding: remove it (${a.action} in stack ${a.stack})`),
  ];
}

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && dayOf(date) === text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
