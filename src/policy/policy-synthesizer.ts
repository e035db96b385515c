/**
 * The chokepoint through which every construct declares the operations it plans, and the stack
 * synthesizer decorator that writes, beside `cdk.tf.json`, the exact IAM policy and its review files.
 * Everything is validated and rendered before the stack's first file is written.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, type ISynthesisSession, TerraformStack } from '../private/cdk-core';
import type { IConstruct } from 'constructs';
import { addSynthCheck, hasErrors, recordProblem } from '../constructs/private/synth-problems';
import { suppressionsOf } from '../constructs/rules';
import { enterpriseProjectUnknown, enterpriseProjectUnsupported, policyTooLarge, SynthError, unknownAction } from '../errors';
import type { PolicyDocument } from '../iam/policy-document';
import { CATALOG } from '../permissions/catalog';
import { previewActionsOf } from '../permissions/preview-reads';
import type { OperationId } from '../permissions/operation';
import type { PermissionRowId } from '../permissions/permission-rows';
import { enterpriseProjectSupportOf, KNOWN_ACTIONS, requiredActionsOf, unknownEnterpriseProjectActionsOf } from '../permissions/requirements';
import { packPolicyDocuments, renderPolicyDocument } from './private/render-policy';
import { renderReview } from './private/render-review';
import { buildReviewData, type DeclaredRequirement, type FleetShape, type ReviewData, type StackSettings } from './private/review-data';

/** The file names written per stack. */
export const POLICY_FILES = {
  policy: 'ecs-iam-policy.json',
  review: 'ecs-iam-policy.md',
  reviewData: 'ecs-iam-policy.review.json',
  /** The read actions `cdktf-ecs-lifecycle preview` needs for this stack, and nothing else (one document). */
  previewPolicy: 'ecs-iam-preview-policy.json',
  /** With `policyDocuments: 'numbered'`: `ecs-iam-policy-1.json`, `ecs-iam-policy-2.json`, … */
  numbered: (n: number) => `ecs-iam-policy-${n}.json`,
} as const;

const POLICY_FILE_PATTERN = /^ecs-iam-policy(-\d+)?\.json$/;

/** Stack settings the policy depends on; supplied by the stack's EcsEnvironment. */
export interface PolicySettings extends Omit<StackSettings, 'stack'> {
  readonly policyDocuments: 'single' | 'numbered';
}

/** One document of a stack's policy: the file it is written to and what it holds. */
export interface PlannedDocument {
  /** `ecs-iam-policy.json`, or `ecs-iam-policy-<n>.json` for numbered documents. */
  readonly file: string;
  readonly document: PolicyDocument;
}

/** A stack's policy, validated: the one source of both the policy files and the roles that carry them. */
export interface PolicyPlan {
  readonly review: ReviewData;
  readonly documents: readonly PlannedDocument[];
  /** The document `preview` runs under: the read actions of the stack's operations. */
  readonly preview: PolicyDocument;
}

/** A resource in another stack that carries one document of a stack's policy (named in the review file). */
export interface PolicyCarrier {
  /** The document's file name. */
  readonly file: string;
  /** What carries it, as the review file names it (e.g. the role's construct path and display name). */
  readonly description: string;
}

const SYNTHESIZERS = new WeakMap<TerraformStack, PolicySynthesizer>();

/**
 * The policy plan of `stack`, computed now from the operations its constructs declared so far.
 * @throws SynthError (naming the stack) when the policy cannot be written, exactly as synth would
 * @returns undefined when the stack has no EcsEnvironment
 */
export function policyPlanOf(stack: TerraformStack): PolicyPlan | undefined {
  return SYNTHESIZERS.get(stack)?.plan();
}

/** Records that `carrier` deploys one document of `stack`'s policy, so that its review file names it. */
export function addPolicyCarrier(stack: TerraformStack, carrier: PolicyCarrier): void {
  const synthesizer = SYNTHESIZERS.get(stack);
  if (!synthesizer) throw new Error(`No PolicySynthesizer for the stack '${stack.node.path}'; an EcsEnvironment installs it`);
  synthesizer.carriers.push(carrier);
}

/** Collects a stack's declared operations and writes its policy files at synth. */
export class PolicySynthesizer {
  /** Installs the synthesizer on the stack of `scope` (once per stack). */
  static install(scope: IConstruct, settings: PolicySettings): PolicySynthesizer {
    const stack = TerraformStack.of(scope);
    const existing = SYNTHESIZERS.get(stack);
    if (existing) return existing;
    const synthesizer = new PolicySynthesizer(stack, settings);
    SYNTHESIZERS.set(stack, synthesizer);
    return synthesizer;
  }

  private readonly declared: DeclaredRequirement[] = [];
  /** @internal */
  readonly carriers: PolicyCarrier[] = [];

  private constructor(
    private readonly stack: TerraformStack,
    private readonly settings: PolicySettings,
  ) {
    const inner = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        // With errors (under `cdktf synth`, which reports them itself) the policy would be incomplete: none is written.
        if (hasErrors(stack)) {
          inner.synthesize(session);
          return;
        }
        const files = this.render();
        inner.synthesize(session);
        const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        mkdirSync(dir, { recursive: true });
        // A previous synth may have left numbered documents that this one no longer writes.
        for (const name of readdirSync(dir)) if (POLICY_FILE_PATTERN.test(name)) rmSync(join(dir, name));
        for (const [name, text] of files) writeFileSync(join(dir, name), text);
      },
    };
    addSynthCheck(stack, () => this.checkPlan());
  }

  // The policy's own problems (enterprise-project support, size) are recorded on the stack with the constructs' ones.
  private checkPlan(): void {
    try {
      this.plan();
    } catch (error) {
      if (!(error instanceof SynthError)) throw error;
      recordProblem(this.stack, error);
    }
  }

  /** Records that `construct` plans `operation`; returns the operation's sorted required actions. */
  declare(construct: IConstruct, constructType: string, operation: OperationId, scope: DeclarationScope = {}): readonly string[] {
    // Operations on one server (ServerOperation) carry its ID: the review draws each server's chain.
    const serverId = (construct as { readonly serverId?: unknown }).serverId;
    this.declared.push({
      constructPath: construct.node.path,
      construct: constructType,
      operation,
      ...(typeof serverId === 'string' ? { serverId } : {}),
      ...(scope.rows ? { rows: scope.rows } : {}),
      ...(scope.servers !== undefined ? { servers: scope.servers } : {}),
      ...(scope.fleet ? { fleet: scope.fleet } : {}),
      ...(scope.selector !== undefined ? { selector: scope.selector } : {}),
    });
    // Allowed, but said: an action no table states enterprise-project support for may not be authorized by the grant.
    if (this.settings.authorization === 'enterprise-project' && enterpriseProjectSupportOf(operation, scope.rows) === 'unknown') {
      Annotations.of(construct).addWarning(
        enterpriseProjectUnknown(construct.node.path, constructType, operation, unknownEnterpriseProjectActionsOf(operation, scope.rows, this.settings.cloud)),
      );
    }
    return requiredActionsOf(operation, scope.rows, this.settings.cloud);
  }

  /** Validates the stack's declarations and packs its policy documents. */
  plan(): PolicyPlan {
    const stackPath = this.stack.node.path;
    if (this.settings.authorization === 'enterprise-project') {
      const offenders = this.declared
        .filter((d) => enterpriseProjectSupportOf(d.operation, d.rows) === false)
        .map((d) => ({
          path: d.constructPath,
          construct: d.construct,
          operation: d.operation,
          alternative: CATALOG[d.operation].enterpriseProjectAlternative,
        }));
      if (offenders.length) throw enterpriseProjectUnsupported(stackPath, offenders);
    }
    const review = buildReviewData(
      { stack: this.stack.node.id, cloud: this.settings.cloud, region: this.settings.region, authorization: this.settings.authorization },
      this.declared,
    );
    const actions = review.actions.map((a) => a.action);
    const unknown = actions.filter((a) => !KNOWN_ACTIONS.includes(a));
    if (unknown.length) throw unknownAction(stackPath, unknown);
    const packed = packPolicyDocuments(actions, this.settings.policyDocuments);
    if (!packed.ok) throw policyTooLarge(stackPath, packed.detail);
    const numbered = this.settings.policyDocuments === 'numbered';
    // Reads only, a handful of actions: one document always fits.
    const preview = packPolicyDocuments(
      previewActionsOf(
        this.declared.map((d) => d.operation),
        this.settings.cloud,
      ),
      'single',
    );
    if (!preview.ok) throw policyTooLarge(stackPath, preview.detail);
    return {
      review,
      preview: preview.documents[0],
      documents: packed.documents.map((document, i) => ({ file: numbered ? POLICY_FILES.numbered(i + 1) : POLICY_FILES.policy, document })),
    };
  }

  /** Validates the stack's declarations and renders every file, in memory. */
  private render(): Map<string, string> {
    const { review: planned, documents, preview } = this.plan();
    const suppressions = suppressionsOf(this.stack);
    const review = suppressions.length ? { ...planned, suppressions } : planned;
    const files = new Map<string, string>();
    for (const { file, document } of documents) files.set(file, renderPolicyDocument(document));
    files.set(POLICY_FILES.previewPolicy, renderPolicyDocument(preview));
    files.set(
      POLICY_FILES.review,
      renderReview(
        review,
        documents.map((d) => d.file),
        { carriers: this.carriers },
      ),
    );
    files.set(POLICY_FILES.reviewData, `${JSON.stringify(review, null, 2)}\n`);
    return files;
  }
}

/**
 * The chokepoint: every construct declares each operation it plans here, and gets back the actions
 * that operation requires. Declaring is the only way an action enters a stack's policy.
 */
export function requirePermissions(construct: IConstruct, constructType: string, operation: OperationId, scope?: DeclarationScope): readonly string[] {
  // The construct class is part of the operation's definition; a construct declaring another's operation is a bug.
  const owner = CATALOG[operation].construct;
  if (constructType !== owner) throw new Error(`${constructType} '${construct.node.path}' declares ${operation}, which its definition gives to ${owner}`);
  const foreign = scope?.rows?.filter((row) => !CATALOG[operation].rows.includes(row)) ?? [];
  if (foreign.length) throw new Error(`${constructType} '${construct.node.path}' declares rows ${foreign.join(', ')}, which ${operation} never calls`);
  const synthesizer = SYNTHESIZERS.get(TerraformStack.of(construct));
  if (!synthesizer) throw new Error(`No PolicySynthesizer for the stack of '${construct.node.path}'; an EcsEnvironment installs it`);
  return synthesizer.declare(construct, constructType, operation, scope);
}

/** What a construct declares beyond the operation, when it calls only some of the operation's rows or acts on a fleet. */
export interface DeclarationScope {
  /** The rows it calls, a subset of the operation's. @default - all of them */
  readonly rows?: readonly PermissionRowId[];
  /** How many servers it acts on (shown in the review). @default - not shown */
  readonly servers?: number;
  /** For a fleet: its steps, waves and servers (drawn in the review). @default - not a fleet */
  readonly fleet?: FleetShape;
  /** What a fleet selects at apply (shown in the review instead of a server count). @default - not shown */
  readonly selector?: string;
}
