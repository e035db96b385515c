/**
 * What the waves of one fleet tell each other: the servers each wave left failed, and in which apply (the plan time
 * Terraform gives every wave of one apply). Kept in the apply's working directory, where Terraform runs every wave
 * of an apply, in `.ecs-lifecycle/fleets/<digest of the construct path>.json`. The waves of one apply count their
 * failures against the budget through it, the reports after the last wave name them, and a later apply from the same
 * directory retries exactly them; without the file (another checkout), a retry falls back to the wave's servers
 * not at the end state (docs/fleets.md).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A server that left a wave, and why. */
export interface LedgerFailure {
  readonly serverId: string;
  readonly step: string;
  readonly errorCode?: string;
  readonly reason: string;
}

/** One wave's last run. */
export interface LedgerWave {
  /** The plan time of the apply that ran it. */
  readonly rollout: string;
  readonly failures: readonly LedgerFailure[];
}

interface LedgerFile {
  readonly formatVersion: 1;
  readonly constructPath: string;
  readonly waves: Readonly<Record<string, LedgerWave>>;
}

export class FleetLedger {
  private readonly file: string;

  constructor(
    private readonly constructPath: string,
    directory = process.cwd(),
  ) {
    const digest = createHash('sha256').update(constructPath).digest('hex').slice(0, 16);
    this.file = path.join(directory, '.ecs-lifecycle', 'fleets', `${digest}.json`);
  }

  /** Every wave's last run (none when the file is missing or is not this fleet's). */
  read(): Readonly<Record<string, LedgerWave>> {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LedgerFile;
      return parsed.formatVersion === 1 && parsed.constructPath === this.constructPath && typeof parsed.waves === 'object' ? parsed.waves : {};
    } catch {
      return {};
    }
  }

  /** The failures of the apply `rollout` in every wave but `except`. */
  failuresOf(rollout: string, except: number): number {
    return Object.entries(this.read())
      .filter(([wave, run]) => Number(wave) !== except && run.rollout === rollout)
      .reduce((n, [, run]) => n + run.failures.length, 0);
  }

  /** Records a wave's run (replacing its last one), written whole and renamed into place. */
  record(wave: number, run: LedgerWave): void {
    const content: LedgerFile = { formatVersion: 1, constructPath: this.constructPath, waves: { ...this.read(), [wave]: run } };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
    fs.renameSync(temporary, this.file);
  }
}
