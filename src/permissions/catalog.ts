/**
 * The permission catalog: which permission rows each operation calls, plus the read-only calls the apply-time
 * CLI makes around them. Derived from the operation definitions (`src/operations/`), so it cannot disagree
 * with the CLI, the constructs or the docs.
 */
import { OPERATION_DEFINITIONS, type OperationDefinition, tableOf } from '../operations';
import type { PermissionRowId } from './permission-rows';
import type { OperationId } from './operation';
import type { SupportingReadId } from './supporting-reads';

export { SUPPORTING_READS } from './supporting-reads';
export type { SupportingRead, SupportingReadId } from './supporting-reads';

/** One catalog entry. */
export interface OperationEntry<Id extends string = OperationId> {
  readonly id: Id;
  /** What the operation does, in one line. */
  readonly summary: string;
  /** The construct class that plans it. */
  readonly construct: string;
  /** When Terraform runs it: at create (apply) or at destroy. */
  readonly when: 'create' | 'destroy';
  /** The permission rows the operation calls. */
  readonly rows: readonly PermissionRowId[];
  /** Supporting read-only calls the CLI makes. */
  readonly reads: readonly SupportingReadId[];
  /** Alternative to use under enterprise-project authorization, when one exists. */
  readonly enterpriseProjectAlternative?: string;
}

/** The catalog of `definitions`, by id, in their order. */
export function deriveCatalog<D extends OperationDefinition>(definitions: readonly D[]): Readonly<Record<D['id'], OperationEntry<D['id']>>> {
  return tableOf(
    definitions,
    (d): OperationEntry<D['id']> =>
      Object.freeze({
        id: d.id,
        summary: d.summary,
        construct: d.construct,
        when: d.when,
        rows: d.rows,
        reads: d.reads,
        ...(d.enterpriseProjectAlternative !== undefined ? { enterpriseProjectAlternative: d.enterpriseProjectAlternative } : {}),
      }),
  );
}

export const CATALOG: Readonly<Record<OperationId, OperationEntry>> = deriveCatalog(OPERATION_DEFINITIONS);
