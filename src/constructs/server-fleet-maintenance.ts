import { type ITerraformDependable, Token } from '../private/cdk-core';
import { Construct } from 'constructs';
import { encodeFleetSteps, FLEET_STEP_ROWS, type FleetStep } from '../cloud/fleet-steps';
import { invalidProperty } from '../errors';
import { MAX_BATCH_SERVERS, problemWith } from '../validation';
import { planWaves } from '../cloud/wave-plan';
import type { PermissionRowId } from '../permissions/permission-rows';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { FleetWaveResource } from './private/fleet-wave-resource';
import { checkGroups, checkMaxUnavailablePerGroup, checkSelection, checkServerSource } from './private/fleet-sources';
import { terraformJoin } from './private/terraform-literal';
import { commandArguments } from './private/operation-arguments';
import { osLoginArguments } from './private/os-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { type ServerEffect, serverChain } from './private/server-chain';
import { checkChoice, checkRequired, type Subject } from './private/validate';
import type { OsInstallProps } from './os-install-props';
import { checkRerunTrigger } from './private/rerun-trigger';
import type { ServerGroup } from './server-group';
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

/**
 * How a fleet selects its servers when it runs (`terraform apply`) instead of listing them: the members of an existing
 * server group, or every server carrying all the given tags. Exactly one of `serverGroupId` and `tags`.
 */
export interface FleetSelectionProps {
  /**
   * Select the members of this existing server group (its ID, a UUID, or a token).
   * @default - select by `tags`
   */
  readonly serverGroupId?: string;
  /**
   * Select every server carrying all of these tags, e.g. `{ role: 'web' }` (literal keys and values).
   * @default - select by `serverGroupId`
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Select only servers of the stack's enterprise project (`EcsEnvironment` `enterpriseProjectId`); tags only.
   * @default false
   */
  readonly withinEnterpriseProject?: boolean;
  /**
   * Fail the apply, before any change, when fewer servers are selected.
   * @default 0 - an empty selection succeeds and changes nothing
   */
  readonly minServers?: number;
}

/** Properties of a {@link ServerFleetMaintenance}. */
export interface ServerFleetMaintenanceProps {
  /**
   * The servers, in rollout order: IDs (UUIDs) or tokens such as other resources' `id`s. Exactly one of `serverIds`,
   * `groups` and `select`.
   * @default - the servers of `groups` or `select`
   */
  readonly serverIds?: readonly string[];
  /**
   * ServerGroup constructs with `members`: the fleet is their members, group after group, and no wave holds more than
   * `maxUnavailablePerGroup` members of one group.
   * @default - the servers of `serverIds` or `select`
   */
  readonly groups?: readonly ServerGroup[];
  /**
   * Select the servers at apply (by group or by tags) instead of listing them. The waves are planned then, from what
   * was selected, in one resource; the review names the selector instead of a server list.
   * @default - the servers of `serverIds` or `groups`
   */
  readonly select?: FleetSelectionProps;
  /**
   * At most this many members of one server group in a wave: a whole number, 1 or more. For a fleet of `groups`, and
   * for a selected fleet (a tag selection reads the groups at apply to know them).
   * @default 1 - for `groups` and `select`; a fleet of `serverIds` knows no groups and takes no limit
   */
  readonly maxUnavailablePerGroup?: number;
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
  /** The servers, in rollout order; empty for a selected fleet (chosen at apply). */
  readonly serverIds: readonly string[];
  /** What a selected fleet selects at apply, in words (as the review names it); undefined for a listed fleet. */
  readonly selector?: string;
  /** The largest wave's size (maxUnavailable resolved to a count); 0 for a selected fleet (planned at apply). */
  readonly waveSize: number;
  /** The wave resources, in order; for a selected fleet, the one resource that selects and runs every wave. */
  readonly waves: readonly ITerraformDependable[];
  /** The IAM actions the fleet needs, sorted. */
  readonly requiredActions: readonly string[];

  constructor(scope: Construct, id: string, props: ServerFleetMaintenanceProps) {
    // Everything is checked before the construct joins the tree, so a refused fleet leaves nothing behind.
    const subject = subjectOf(scope, id, 'ServerFleetMaintenance');
    const environment = requireEnvironment(scope, subject, props, "{ serverIds: ['<server UUID>', …], steps: [{ action: 'stop' }, …] }");
    const source = checkServerSource(subject, props);
    const { steps, login, effect } = checkSteps(subject, props.steps);
    const rerunTrigger = checkRerunTrigger(subject, props.rerunTrigger);
    const maxPerGroup = checkMaxUnavailablePerGroup(subject, props.maxUnavailablePerGroup, source !== 'serverIds');
    const stepRows = sortedUnique(steps.map((s) => FLEET_STEP_ROWS[s.kind])) as PermissionRowId[];
    if (source === 'select') {
      const selection = checkSelection(subject, props.select, environment.cloud, environment.enterpriseProjectId);
      const waveSizes = checkSelectedWaveSizes(subject, props.maxUnavailable);
      super(scope, id);
      const args = commandArguments(environment, this.node.path, {
        select: selection.encoded,
        steps: encodeFleetSteps(steps),
        ...(selection.enterpriseProjectId !== undefined ? { enterpriseProjectId: selection.enterpriseProjectId } : {}),
        ...(selection.minServers !== undefined ? { minServers: String(selection.minServers) } : {}),
        ...(waveSizes !== undefined ? { waveSizes } : {}),
        maxUnavailablePerGroup: String(maxPerGroup),
        ...login,
      });
      const run = new FleetWaveResource(this, 'selection', { environment, args, dependsOn: [...(props.dependsOn ?? [])], rerunTrigger }, 'fleet-select');
      this.serverIds = [];
      this.waveSize = 0;
      this.waves = [run];
      this.selector = selection.description;
      // The selection call, the group list when a tag selection keeps a per-group limit, and the steps' calls.
      const rows = [selection.rows.select, ...(selection.rows.groups ? [selection.rows.groups] : []), ...stepRows];
      this.requiredActions = requirePermissions(this, 'ServerFleetMaintenance', 'fleet-select', { rows, selector: selection.description });
      return;
    }
    const { serverIds, groupOf } =
      source === 'groups' ? checkGroups(subject, props.groups) : { serverIds: checkServerIds(subject, props.serverIds), groupOf: undefined };
    const waveSize = checkMaxUnavailable(subject, props.maxUnavailable, serverIds.length);
    const plan = planWaves(serverIds, { sizes: [waveSize], groupOf, maxPerGroup });
    const chainOf = new Map(serverIds.map((serverId) => [serverId, serverChain(scope, subject, serverId, effect)]));
    super(scope, id);
    const encodedSteps = encodeFleetSteps(steps);
    const waves: FleetWaveResource[] = [];
    plan.forEach((ids, w) => {
      const dependsOn: ITerraformDependable[] = w === 0 ? [...(props.dependsOn ?? [])] : [waves[w - 1]];
      for (const serverId of ids) {
        const previous = chainOf.get(serverId)!.previous;
        if (previous && !dependsOn.includes(previous)) dependsOn.push(previous);
      }
      const args = commandArguments(environment, this.node.path, {
        serverIds: terraformJoin(ids, ','),
        steps: encodedSteps,
        wave: `${w + 1}/${plan.length}`,
        ...login,
      });
      const wave = new FleetWaveResource(this, `wave-${w + 1}`, { environment, args, dependsOn, rerunTrigger });
      for (const serverId of ids) chainOf.get(serverId)!.record(wave);
      waves.push(wave);
    });
    this.serverIds = serverIds;
    this.waveSize = Math.max(...plan.map((wave) => wave.length));
    this.waves = waves;
    this.requiredActions = requirePermissions(this, 'ServerFleetMaintenance', 'fleet-wave', { rows: stepRows, servers: serverIds.length });
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

/** A selected fleet's `--wave-sizes`: `maxUnavailable` as given (a count, or a fraction resolved at apply). */
function checkSelectedWaveSizes(subject: Subject, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : '';
  const problem = problemWith('waveSizes', text);
  if (problem || text.includes(','))
    throw invalidProperty(
      subject.path,
      subject.construct,
      'maxUnavailable',
      `is ${JSON.stringify(value)}`,
      `use a whole number of servers from 1 to ${MAX_BATCH_SERVERS}, or a fraction of the selection between 0 and 1 with at most 6 decimals`,
    );
  return text;
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
  return { steps, login: login ?? {}, effect: { requires, powerAfter: power, refusedWhenLocked: true } };
}
