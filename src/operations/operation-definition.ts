/**
 * The shape of one operation's definition: every fact about the operation, as plain data. The catalog
 * (`deriveCatalog`), the command-line contract (`deriveOperationArguments`), the default timeouts, the advice, the
 * CLI help (`execUsage`) and the tables of docs/cli.md (`operationTables`) are derived from these definitions, each next to
 * the table it fills, so adding an operation is adding one definition (CONTRIBUTING.md).
 */
import type { ExecArgumentName } from '../cloud/exec-arguments';
import type { PermissionRowId } from '../permissions/permission-rows';
import type { SupportingReadId } from '../permissions/supporting-reads';

/**
 * What an operation acts on. The runtime command receives the matching target (`src/operations/target.ts`):
 * `server` one server (`--server-id`), `servers` a list of servers (`--server-ids`), `group` a server group
 * found by name (`--name`), `selection` the servers a selector chooses at apply (`--select`).
 */
export type TargetKind = 'server' | 'servers' | 'group' | 'selection';

/**
 * A state the server must be brought to before the operation (by another construct), beyond one the operation
 * itself treats as "already done": `stopped` (the cloud acts only on a SHUTOFF server), `running` (only on an
 * ACTIVE one), `unlocked`.
 */
export type Precondition = 'stopped' | 'running' | 'unlocked';

/** One lifecycle operation. */
export interface OperationDefinition<Id extends string = string> {
  /** The catalog key, the `ecs-lifecycle exec` sub-command and the runtime command's file name. */
  readonly id: Id;
  /** The construct class that plans it (checked at every synth by `requirePermissions`). */
  readonly construct: string;
  /** When Terraform runs it: at create (apply) or at destroy. */
  readonly when: 'create' | 'destroy';
  /** What it does, in one line: the catalog summary and the CLI help. */
  readonly summary: string;
  /** What it acts on; the target's argument (`--server-id`, `--server-ids`, `--name`) is required by the CLI. */
  readonly target: TargetKind;
  /** The permission rows the operation calls (mutations and reads alike). */
  readonly rows: readonly PermissionRowId[];
  /** Supporting read-only calls the runtime makes that are not permission rows (status reads, job queries). */
  readonly reads: readonly SupportingReadId[];
  /** Its own command-line arguments, by name, besides the target's and the common ones. */
  readonly arguments: {
    readonly required: readonly ExecArgumentName[];
    readonly optional: readonly ExecArgumentName[];
  };
  /** Seconds it may take when neither `--timeout` nor `ECS_LIFECYCLE_TIMEOUT` is set. */
  readonly defaultTimeoutSeconds: number;
  /** States another construct must bring the server to first. */
  readonly preconditions: readonly Precondition[];
  /** The end state it waits for (documentation: the runtime command implements it). */
  readonly endState: string;
  /** When it makes no call and exits 0 (documentation). */
  readonly alreadyDone: string;
  /** The calls, as the README's operations table shows them (documentation). */
  readonly calls: string;
  /**
   * What to use under enterprise-project authorization when a row it calls does not support it.
   * @default - none needed: every row supports enterprise projects
   */
  readonly enterpriseProjectAlternative?: string;
}

/** Keeps a definition's literal types (its id and target kind), and checks its shape. */
export function defineOperation<const D extends OperationDefinition>(definition: D): D {
  return definition;
}

/** Groups, power actions and locks take seconds to a few minutes. */
export const QUICK_TIMEOUT_SECONDS = 600;
/** Resizes migrate the server; OS changes rewrite the system disk: allow half an hour. */
export const SLOW_TIMEOUT_SECONDS = 1800;

/** The alternative named for a native API the seed tables mark "Enterprise Project: Not supported". */
export const NO_ENTERPRISE_PROJECT_ALTERNATIVE = 'none in the seed tables: grant the policy on an IAM project (region) instead';

/** How a new OS lets someone log in: the optional arguments of the change-OS and reinstall-OS operations. */
export const LOGIN_ARGUMENTS = ['keyName', 'userId', 'adminPasswordEnv', 'userData'] as const;
