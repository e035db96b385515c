import { type ITerraformDependable, Token } from '../private/cdk-core';
import { Construct } from 'constructs';
import { encodeFleetSteps, FLEET_STEP_ROWS, type FleetStep } from '../cloud/fleet-steps';
import { invalidProperty } from '../errors';
import { MAX_BATCH_SERVERS } from '../validation';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { FleetWaveResource } from './private/fleet-wave-resource';
import { terraformJoin } from './private/terraform-literal';
import { commandArguments } from './private/operation-arguments';
import { osLoginArguments } from './private/os-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { type ServerEffect, serverChain } from './private/server-chain';
import { checkChoice, checkRequired, type Subject } from './private/validate';
import type { OsInstallProps } from './os-install-props';
import { checkRerunTrigger } from './private/rerun-trigger';
import type { ServerOperationProps } from './server-operation';

/** How a new OS lets someone log in, and which API version installs it (as for ServerChangeOs and ServerReinstallOs). */
export type FleetOsLoginProps = Omit<OsInstallProps, keyof ServerOperationProps>;

/** One step of a fleet maintenance, run on every server of a wave before the next step. */
export type FleetStepProps =
  /** Stop (batch `os-stop`); a stopped server skips it. */
  | { readonly action: 'stop' /** @default 'SOFT' */; readonly stopType?: 'SOFT' | 'HARD' }
  /** Start (batch `os-start`); a running server skips it. */
  | { readonly action: 'start' }
  /** Reboot (batch `reboot`). */
  | { readonly action: 'reboot' /** @default 'SOFT' */; readonly rebootType?: 'SOFT' | 'HARD' }
  /** Resize a stopped pay-per-use server (cloudservers `resize` job); a server with the flavor skips it. */
  | { readonly action: 'resize'; readonly flavorRef: string }
  /** Change the OS of a stopped server (cloudservers `changeos` job); a server running the image skips it. */
  | ({ readonly action: 'change-os'; readonly imageId: string } & FleetOsLoginProps)
  /** Reinstall the OS of a stopped server (cloudservers `reinstallos` job). */
  | ({ readonly action: 'reinstall-os' } & FleetOsLoginProps);

/** Properties of a {@link ServerFleetMaintenance}. */
export interface ServerFleetMaintenanceProps {
  /** The servers, in rollout order: IDs (UUIDs) or tokens such as other resources' `id`s. */
  readonly serverIds: readonly string[];
  /** What to do to each server, in order, e.g. stop, resize, start. */
  readonly steps: readonly FleetStepProps[];
  /**
   * How many servers may be down at once: a count (a whole number, 1 or more), or a fraction of the fleet
   * (greater than 0, less than 1; rounded up). The servers are split into waves of this size, run one after another.
   * @default - the whole fleet in one wave
   */
  readonly maxUnavailable?: number;
  /**
   * Other resources or constructs the first wave must wait for, besides the previous operations on its servers.
   * @default - only the previous operations on the same servers
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Any value; changing it makes the next apply run every wave again (servers already at the end state are left alone).
   * @default - the waves run once, and again only when their inputs change
   */
  readonly rerunTrigger?: string;
}

/**
 * Maintenance of a fleet of servers in rolling waves: each wave is one Terraform resource and one CLI process that
 * drives all of its servers through the steps (batch calls for stop, start and reboot; per-server jobs for resize,
 * change OS and reinstall OS). Each wave depends on the previous one, so a failed wave stops the rollout, and the
 * next `terraform apply` resumes at it, touching only the servers not yet at the end state. The policy holds the
 * actions of the steps used, and nothing else. Use it in `dependsOn`: it stands for its last wave.
 */
export class ServerFleetMaintenance extends Construct implements ITerraformDependable {
  /** The servers, in rollout order. */
  readonly serverIds: readonly string[];
  /** The wave size (maxUnavailable resolved to a count). */
  readonly waveSize: number;
  /** The wave resources, in order. */
  readonly waves: readonly ITerraformDependable[];
  /** The IAM actions the fleet needs, sorted. */
  readonly requiredActions: readonly string[];

  constructor(scope: Construct, id: string, props: ServerFleetMaintenanceProps) {
    // Everything is checked before the construct joins the tree, so a refused fleet leaves nothing behind.
    const subject = subjectOf(scope, id, 'ServerFleetMaintenance');
    const environment = requireEnvironment(scope, subject, props, "{ serverIds: ['<server UUID>', …], steps: [{ action: 'stop' }, …] }");
    const serverIds = checkServerIds(subject, props.serverIds);
    const { steps, login, effect } = checkSteps(subject, props.steps);
    const waveSize = checkMaxUnavailable(subject, props.maxUnavailable, serverIds.length);
    const rerunTrigger = checkRerunTrigger(subject, props.rerunTrigger);
    const waveCount = Math.ceil(serverIds.length / waveSize);
    const chains = serverIds.map((serverId) => serverChain(scope, subject, serverId, 'fleet-wave', effect));
    super(scope, id);
    const encodedSteps = encodeFleetSteps(steps);
    const waves: FleetWaveResource[] = [];
    for (let w = 0; w < waveCount; w += 1) {
      const first = w * waveSize;
      const ids = serverIds.slice(first, first + waveSize);
      const dependsOn: ITerraformDependable[] = w === 0 ? [...(props.dependsOn ?? [])] : [waves[w - 1]];
      for (const chain of chains.slice(first, first + waveSize)) if (chain.previous && !dependsOn.includes(chain.previous)) dependsOn.push(chain.previous);
      const args = commandArguments(environment, this.node.path, {
        serverIds: terraformJoin(ids, ','),
        steps: encodedSteps,
        wave: `${w + 1}/${waveCount}`,
        ...login,
      });
      const wave = new FleetWaveResource(this, `wave-${w + 1}`, { environment, args, dependsOn, rerunTrigger });
      chains.slice(first, first + waveSize).forEach((chain) => chain.record(wave));
      waves.push(wave);
    }
    this.serverIds = serverIds;
    this.waveSize = waveSize;
    this.waves = waves;
    const rows = sortedUnique(steps.map((s) => FLEET_STEP_ROWS[s.kind])) as (typeof FLEET_STEP_ROWS)[keyof typeof FLEET_STEP_ROWS][];
    this.requiredActions = requirePermissions(this, 'ServerFleetMaintenance', 'fleet-wave', { rows, servers: serverIds.length });
  }

  /** The last wave's address: depending on the fleet waits for the whole rollout. */
  get fqn(): string {
    return this.waves[this.waves.length - 1].fqn;
  }
}

function checkServerIds(subject: Subject, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || Token.isUnresolved(value)) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'serverIds',
      'must be a non-empty array (the waves are planned at synth)',
      "pass an array of server IDs or tokens, e.g. [web1.id, '1a2b3c4d-0000-4000-8000-00000000abcd']",
    );
  }
  const seen = new Set<string>();
  return value.map((id, i) => {
    const checked = checkRequired(subject, `serverIds[${i}]`, id, 'serverId');
    if (seen.has(checked)) {
      throw invalidProperty(subject.path, subject.construct, `serverIds[${i}]`, `repeats server ${checked}`, 'list each server once');
    }
    seen.add(checked);
    return checked;
  });
}

function checkMaxUnavailable(subject: Subject, value: unknown, servers: number): number {
  const fix = `use a whole number of servers from 1, or a fraction of the fleet between 0 and 1, at most ${MAX_BATCH_SERVERS} servers per wave`;
  if (value === undefined) {
    if (servers > MAX_BATCH_SERVERS)
      throw invalidProperty(subject.path, subject.construct, 'maxUnavailable', `is unset, so one wave would take all ${servers} servers`, fix);
    return servers;
  }
  const count = typeof value === 'number' && value > 0 && value < 1 ? Math.ceil(value * servers) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BATCH_SERVERS) {
    throw invalidProperty(subject.path, subject.construct, 'maxUnavailable', `is ${JSON.stringify(value)}`, fix);
  }
  return Math.min(count, servers);
}

/** The steps as the command runs them, the login arguments of the OS steps, and the fleet's effect on each server. */
function checkSteps(subject: Subject, value: unknown): { steps: FleetStep[]; login: Record<string, string | undefined>; effect: ServerEffect } {
  if (!Array.isArray(value) || value.length === 0 || value.length > 16) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'steps',
      'must list 1 to 16 steps',
      "pass e.g. [{ action: 'stop' }, { action: 'resize', flavorRef: 's3.large.2' }, { action: 'start' }]",
    );
  }
  const steps: FleetStep[] = [];
  let login: Record<string, string | undefined> | undefined;
  let loginKey: string | undefined;
  // The power state along the steps: what the server must be in before them, and what they leave.
  let requires: 'stopped' | 'running' | undefined;
  let power: 'stopped' | 'running' | undefined;
  const need = (state: 'stopped' | 'running', i: number) => {
    if (power === undefined && requires === undefined) requires = state;
    else if (power !== undefined && power !== state) {
      throw invalidProperty(
        subject.path,
        subject.construct,
        `steps[${i}]`,
        `needs a ${state} server, but the step before leaves it ${power}`,
        `put a ${state === 'stopped' ? "{ action: 'stop' }" : "{ action: 'start' }"} step before it`,
      );
    }
  };
  value.forEach((step: FleetStepProps, i: number) => {
    const where = `steps[${i}]`;
    if (typeof step !== 'object' || step === null || step.action === undefined) {
      throw invalidProperty(
        subject.path,
        subject.construct,
        `${where}.action`,
        'is missing',
        "set it to 'stop', 'start', 'reboot', 'resize', 'change-os' or 'reinstall-os'",
      );
    }
    const action = checkChoice(subject, `${where}.action`, step.action, ['stop', 'start', 'reboot', 'resize', 'change-os', 'reinstall-os'] as const, 'stop');
    switch (action) {
      case 'stop':
        steps.push({
          kind: 'stop',
          type: checkChoice(subject, `${where}.stopType`, (step as { stopType?: unknown }).stopType, ['SOFT', 'HARD'] as const, 'SOFT'),
        });
        power = 'stopped';
        return;
      case 'start':
        steps.push({ kind: 'start' });
        power = 'running';
        return;
      case 'reboot': {
        const type = checkChoice(subject, `${where}.rebootType`, (step as { rebootType?: unknown }).rebootType, ['SOFT', 'HARD'] as const, 'SOFT');
        if (type === 'SOFT') need('running', i);
        steps.push({ kind: 'reboot', type });
        power = 'running';
        return;
      }
      case 'resize':
        need('stopped', i);
        steps.push({ kind: 'resize', flavorRef: checkRequired(subject, `${where}.flavorRef`, (step as { flavorRef?: unknown }).flavorRef, 'flavorRef') });
        return;
      default: {
        need('stopped', i);
        const os = step as FleetOsLoginProps & { imageId?: unknown };
        const apiVersion = checkChoice(subject, `${where}.apiVersion`, os.apiVersion, ['v1', 'v2'] as const, 'v2');
        const osSubject = { path: subject.path, construct: `${subject.construct} ${where}` };
        const args = osLoginArguments(osSubject, os as OsInstallProps, action === 'reinstall-os' ? 'reinstall' : 'change', apiVersion);
        const key = JSON.stringify(args);
        if (loginKey !== undefined && key !== loginKey) {
          throw invalidProperty(
            subject.path,
            subject.construct,
            where,
            'logs in differently from an earlier OS step, and a wave carries one login',
            'give every change-os and reinstall-os step of the fleet the same keyName, userId, adminPasswordEnv and userData',
          );
        }
        loginKey = key;
        login = args as Record<string, string | undefined>;
        if (action === 'change-os') steps.push({ kind: `change-os-${apiVersion}`, imageId: checkRequired(subject, `${where}.imageId`, os.imageId, 'imageId') });
        else steps.push({ kind: `reinstall-os-${apiVersion}` });
        power = 'stopped';
      }
    }
  });
  return { steps, login: login ?? {}, effect: { requires, powerAfter: power } };
}
