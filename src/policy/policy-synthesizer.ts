/**
 * The chokepoint through which every construct declares the operations it plans, and the stack
 * synthesizer decorator that writes, beside `cdk.tf.json`, the exact IAM policy and its review files.
 * Everything is validated and rendered before the stack's first file is written.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ISynthesisSession, TerraformStack } from '../private/cdk-core';
import { IConstruct } from 'constructs';
import { enterpriseProjectUnsupported, policyTooLarge, unknownAction } from '../errors';
import { CATALOG } from '../permissions/catalog';
import { OperationId } from '../permissions/operation';
import { KNOWN_ACTIONS, requiredActionsOf, supportsEnterpriseProject } from '../permissions/requirements';
import { packPolicyDocuments, renderPolicyDocument } from './private/render-policy';
import { renderReview } from './private/render-review';
import { buildReviewData, DeclaredRequirement, StackSettings } from './private/review-data';

/** The file names written per stack. */
export const POLICY_FILES = {
  policy: 'ecs-iam-policy.json',
  review: 'ecs-iam-policy.md',
  reviewData: 'ecs-iam-policy.review.json',
  /** With `policyDocuments: 'numbered'`: `ecs-iam-policy-1.json`, `ecs-iam-policy-2.json`, … */
  numbered: (n: number) => `ecs-iam-policy-${n}.json`,
} as const;

const POLICY_FILE_PATTERN = /^ecs-iam-policy(-\d+)?\.json$/;

/** Stack settings the policy depends on; supplied by the stack's EcsEnvironment. */
export interface PolicySettings extends Omit<StackSettings, 'stack'> {
  readonly policyDocuments: 'single' | 'numbered';
}

const SYNTHESIZERS = new WeakMap<TerraformStack, PolicySynthesizer>();

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

  private constructor(private readonly stack: TerraformStack, private readonly settings: PolicySettings) {
    const inner = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        const files = this.render();
        inner.synthesize(session);
        const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        mkdirSync(dir, { recursive: true });
        // A previous synth may have left numbered documents that this one no longer writes.
        for (const name of readdirSync(dir)) if (POLICY_FILE_PATTERN.test(name)) rmSync(join(dir, name));
        for (const [name, text] of files) writeFileSync(join(dir, name), text);
      },
    };
  }

  /** Records that `construct` plans `operation`; returns the operation's sorted required actions. */
  declare(construct: IConstruct, constructType: string, operation: OperationId): readonly string[] {
    this.declared.push({ constructPath: construct.node.path, construct: constructType, operation });
    return requiredActionsOf(operation);
  }

  /** Validates the stack's declarations and renders every file, in memory. */
  private render(): Map<string, string> {
    const stackPath = this.stack.node.path;
    if (this.settings.authorization === 'enterprise-project') {
      const offenders = this.declared.filter((d) => !supportsEnterpriseProject(d.operation)).map((d) => ({
        path: d.constructPath, construct: d.construct, operation: d.operation, alternative: CATALOG[d.operation].enterpriseProjectAlternative,
      }));
      if (offenders.length) throw enterpriseProjectUnsupported(stackPath, offenders);
    }
    const review = buildReviewData({ stack: this.stack.node.id, cloud: this.settings.cloud, region: this.settings.region,
      authorization: this.settings.authorization }, this.declared);
    const actions = review.actions.map((a) => a.action);
    const unknown = actions.filter((a) => !KNOWN_ACTIONS.includes(a));
    if (unknown.length) throw unknownAction(stackPath, unknown);
    const packed = packPolicyDocuments(actions, this.settings.policyDocuments);
    if (!packed.ok) throw policyTooLarge(stackPath, packed.detail);

    const files = new Map<string, string>();
    const names = this.settings.policyDocuments === 'numbered' ? packed.documents.map((_, i) => POLICY_FILES.numbered(i + 1)) : [POLICY_FILES.policy];
    packed.documents.forEach((doc, i) => files.set(names[i], renderPolicyDocument(doc)));
    files.set(POLICY_FILES.review, renderReview(review, names));
    files.set(POLICY_FILES.reviewData, `${JSON.stringify(review, null, 2)}\n`);
    return files;
  }
}

/**
 * The chokepoint: every construct declares each operation it plans here, and gets back the actions
 * that operation requires. Declaring is the only way an action enters a stack's policy.
 */
export function requirePermissions(construct: IConstruct, constructType: string, operation: OperationId): readonly string[] {
  const synthesizer = SYNTHESIZERS.get(TerraformStack.of(construct));
  if (!synthesizer) throw new Error(`No PolicySynthesizer for the stack of '${construct.node.path}'; an EcsEnvironment installs it`);
  return synthesizer.declare(construct, constructType, operation);
}
