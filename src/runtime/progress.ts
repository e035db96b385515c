/**
 * Progress output: one line per state change, to stderr, so a long `terraform apply` shows what it waits for.
 *
 *   [server-stop prod/stop-web1] server 1111… ACTIVE/powering-off (2.1s)
 *
 * Every line goes through the run's redactor, and shows control characters as escapes.
 */
import type { Deadline } from './deadline';
import { printableLine } from '../validation/printable';
import type { Redactor } from './redact';
import { appendFileSync } from 'node:fs';

/** Where `exec` appends its events: `ECS_LIFECYCLE_EVENTS`, a file of JSON lines (docs/fleets.md#events). */
export interface EventSink {
  readonly file: string;
  readonly operation: string;
  readonly constructPath: string;
}

/** The version of the events' schema, in every event. */
export const EVENTS_FORMAT_VERSION = 1;

export class Progress {
  private readonly lastState = new Map<string, string>();

  /**
   * @param prefix what every line starts with, e.g. `server-stop prod/stop-web1`
   * @param write where lines go (stderr in the CLI)
   */
  constructor(
    private readonly prefix: string,
    private readonly write: (text: string) => void,
    private readonly redactor: Redactor,
    private readonly deadline: Deadline,
    private readonly events?: EventSink,
  ) {}

  /** Writes one line, with the elapsed time; the events file gets it as a `progress` event. */
  line(message: string): void {
    const elapsed = (this.deadline.elapsedMs() / 1000).toFixed(1);
    this.write(printableLine(this.redactor.redact(`[${this.prefix}] ${message} (${elapsed}s)\n`)));
    this.event({ type: 'progress', message });
  }

  /** Appends one event (one JSON object on one line, redacted) to the events file, when there is one. */
  event(fields: { readonly type: string } & Record<string, unknown>): void {
    if (!this.events) return;
    const { operation, constructPath } = this.events;
    const event = { formatVersion: EVENTS_FORMAT_VERSION, time: new Date().toISOString(), operation, constructPath, ...fields };
    appendFileSync(this.events.file, `${this.redactor.redact(JSON.stringify(event))}\n`);
  }

  /** Writes `<subject> <state>` when the subject's state differs from the last one written. */
  state(subject: string, state: string): void {
    if (this.lastState.get(subject) === state) return;
    this.lastState.set(subject, state);
    this.line(`${subject} ${state}`);
  }
}
