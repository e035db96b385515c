/**
 * Rules a construct decides alone, run at synth like cdk-nag's: each finding is a warning annotation of the
 * core prefixed with the rule's id (`ECSL2001: …`), unless the construct (or an ancestor) suppresses the rule
 * with a reason, which the review file then lists. A stack can raise a rule to an error: synth then fails on it.
 */
import type { IConstruct } from 'constructs';
import { TerraformStack } from '../private/cdk-core';
import { isRefused, recordProblem, recordWarning } from './private/synth-problems';

/** A rule's id. */
export type EcsLifecycleRuleId = 'ECSL2001' | 'ECSL2002' | 'ECSL2003';

/** One rule. */
export interface EcsLifecycleRule {
  readonly id: EcsLifecycleRuleId;
  /** PascalCase name. */
  readonly name: string;
  /** What it finds and what to do instead. */
  readonly description: string;
}

/** The rules, by id. */
export const ECS_LIFECYCLE_RULES: Readonly<Record<EcsLifecycleRuleId, EcsLifecycleRule>> = {
  ECSL2001: {
    id: 'ECSL2001',
    name: 'NativeResizeGrantsNetworkAndVolumes',
    description:
      "the native resize's policy grants vpc:ports:* and evs:volumes:* mutations (create, delete, attach, detach); prefer api: 'cloudservers', which needs ecs:cloudServers:resize",
  },
  ECSL2002: {
    id: 'ECSL2002',
    name: 'HardPowerAction',
    description: 'a HARD stop or reboot cuts the power without letting the guest OS shut down; prefer SOFT',
  },
  ECSL2003: {
    id: 'ECSL2003',
    name: 'FleetWaveWithoutHealthCheck',
    description: 'a fleet may take more than 25 % of its servers down at once with no health check; lower maxUnavailable or add a health check',
  },
};

/** A rule suppressed on a construct, as the review file lists it. */
export interface RuleSuppression {
  readonly constructPath: string;
  readonly ruleId: EcsLifecycleRuleId;
  readonly reason: string;
}

const SUPPRESSION = 'ecs-lifecycle:rule-suppression';
const RAISED = 'ecs-lifecycle:rule-error';
/** The shortest reason accepted, as cdk-nag asks. */
const MIN_REASON = 10;

/** Suppressing rules on constructs, and raising them to errors for a stack. */
export const EcsLifecycleRules = {
  /**
   * Suppresses a rule on a construct and everything under it. The reason is required (at least 10 characters)
   * and listed in the review file of the construct's stack.
   */
  suppress(construct: IConstruct, ruleId: EcsLifecycleRuleId, reason: string): void {
    if (!(ruleId in ECS_LIFECYCLE_RULES)) {
      const known = Object.keys(ECS_LIFECYCLE_RULES).join(', ');
      recordProblem(construct, `Rule suppression at '${construct.node.path}': '${String(ruleId)}' is not a rule. Fix: use one of ${known}.`);
      return;
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON) {
      recordProblem(
        construct,
        `Rule suppression of ${ruleId} at '${construct.node.path}': the reason is required, at least ${MIN_REASON} characters. Fix: say why the finding is accepted.`,
      );
      return;
    }
    construct.node.addMetadata(SUPPRESSION, { ruleId, reason: reason.trim() });
  },

  /** Makes a rule's findings errors in a stack: synth fails on them (suppressions still apply). */
  raiseToError(stack: TerraformStack, ruleId: EcsLifecycleRuleId): void {
    stack.node.addMetadata(RAISED, ruleId);
  },
} as const;

/** Runs the rules on a stack's constructs: a warning (or, when raised, an error) per unsuppressed finding. */
export function checkRules(stack: TerraformStack): void {
  const raised = new Set(stack.node.metadata.filter((m) => m.type === RAISED).map((m) => m.data as string));
  // A refused construct is an inert placeholder: its props were not accepted, so no rule judges them.
  for (const construct of constructsOf(stack).filter((c) => !isRefused(c))) {
    for (const [ruleId, detail] of findingsOf(construct)) {
      if (suppressionOf(construct, ruleId)) continue;
      const rule = ECS_LIFECYCLE_RULES[ruleId];
      const message =
        `${ruleId}: ${detail} at '${construct.node.path}': ${rule.description}. ` +
        `To accept it: EcsLifecycleRules.suppress(construct, '${ruleId}', '<reason>').`;
      if (raised.has(ruleId)) recordProblem(construct, message);
      else recordWarning(construct, message);
    }
  }
}

/** The suppressions that silenced a finding in the stack, sorted by construct path and rule. */
export function suppressionsOf(stack: TerraformStack): RuleSuppression[] {
  return constructsOf(stack)
    .flatMap((construct) =>
      findingsOf(construct).flatMap(([ruleId]) => {
        const reason = suppressionOf(construct, ruleId);
        return reason === undefined ? [] : [{ constructPath: construct.node.path, ruleId, reason }];
      }),
    )
    .sort((a, b) => (a.constructPath < b.constructPath ? -1 : a.constructPath > b.constructPath ? 1 : a.ruleId < b.ruleId ? -1 : 1));
}

function constructsOf(stack: TerraformStack): IConstruct[] {
  return stack.node.findAll().filter((c) => TerraformStack.of(c) === stack);
}

// What each rule finds on a construct, read from its public properties (a fleet's `healthCheck` may be absent).
function findingsOf(construct: IConstruct): [EcsLifecycleRuleId, string][] {
  const c = construct as {
    readonly operation?: unknown;
    readonly stopType?: unknown;
    readonly rebootType?: unknown;
    readonly waveSize?: unknown;
    readonly serverIds?: unknown;
    readonly waves?: unknown;
    readonly healthCheck?: unknown;
  };
  const findings: [EcsLifecycleRuleId, string][] = [];
  if (c.operation === 'server-resize') findings.push(['ECSL2001', 'ServerResize']);
  if (c.stopType === 'HARD') findings.push(['ECSL2002', 'ServerStop with stopType HARD']);
  if (c.rebootType === 'HARD') findings.push(['ECSL2002', 'ServerReboot with rebootType HARD']);
  if (typeof c.waveSize === 'number' && Array.isArray(c.serverIds) && Array.isArray(c.waves) && c.healthCheck === undefined) {
    if (c.waveSize > c.serverIds.length * 0.25) {
      findings.push(['ECSL2003', `ServerFleetMaintenance taking ${c.waveSize} of ${c.serverIds.length} servers down per wave`]);
    }
  }
  return findings;
}

// The reason a rule is suppressed on the construct or its nearest ancestor that suppresses it.
function suppressionOf(construct: IConstruct, ruleId: EcsLifecycleRuleId): string | undefined {
  for (let scope: IConstruct | undefined = construct; scope; scope = scope.node.scope) {
    const entry = scope.node.metadata.find((m) => m.type === SUPPRESSION && (m.data as { ruleId: string }).ruleId === ruleId);
    if (entry) return (entry.data as { reason: string }).reason;
  }
  return undefined;
}
