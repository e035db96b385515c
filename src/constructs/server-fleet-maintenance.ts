import { type ITerraformDependable, Token } from '../private/cdk-core';
import { Construct } from 'constructs';
import { encodeFleetSteps, FLEET_STEP_ROWS, type FleetStep } from '../cloud/fleet-steps';
import { invalidProperty } from '../errors';
import { MAX_BATCH_SERVERS, problemWith } from '../validation';
import type { PermissionRowId } from '../permissions/permission-rows';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { FleetMemberRecord, FleetSelectionResource, FleetWaveResource, joinedTimes } from './private/fleet-wave-resource';
import { checkGroups, checkMaxUnavailablePerGroup, checkSelection, checkServerSource } from './private/fleet-sources';
import { terraformJsonList } from './private/terraform-literal';
import { planWaves, isWaveSize } from '../cloud/wave-plan';
import { claimName, isAddressFree, terraformName } from './private/terraform-address';
import { createHash } from 'node:crypto';
import { commandArguments, triggersOf } from './private/operation-arguments';
import { osLoginArguments } from './private/os-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { type ServerEffect, serverChain, serverKey } from './private/server-chain';
import { checkChoice, checkRequired, type Subject } from './private/validate';
import { quoted } from '../validation';
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
   * Same as `waves: [maxUnavailable]`; not together with `waves`.
   * @default - the whole fleet in one wave
   */
  readonly maxUnavailable?: number;
  /**
   * A ramp of wave sizes, each a count (a whole number, 1 or more) or a fraction of the fleet (greater than 0, less
   * than 1; rounded up), the last one repeated until every server is in a wave (Ansible's `serial`), e.g.
   * `[1, 0.1, 0.25]`: a canary of one server, then 10 %, then 25 % at a time. Not together with `maxUnavailable`.
   * @default - the waves of `maxUnavailable`
   */
  readonly waves?: readonly number[];
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
  /** The largest wave's size (`maxUnavailable` or the `waves` ramp resolved to counts); 0 for a selected fleet (planned at apply). */
  readonly waveSize: number;
  /** The wave resources, in order; for a selected fleet, the one resource that selects and runs every wave. */
  readonly waves: readonly ITerraformDependable[];
  /** The servers of each wave, in order, as planned at synth; empty for a selected fleet. */
  readonly plannedWaves: readonly (readonly string[])[];
  /** The IAM actions the fleet needs, sorted. */
  readonly requiredActions: readonly string[];

  constructor(scope: Construct, id: string, props: ServerFleetMaintenanceProps) {
    // Everything is checked before the construct joins the tree, so a refused fleet leaves nothing behind.
    const subject = subjectOf(scope, id, 'ServerFleetMaintenance');
    const environment = requireEnvironment(scope, subject, props, "{ serverIds: ['<server UUID>', …], steps: [{ action: 'stop' }, …] }");
    const fleetName = terraformName(scope, id, subject);
    const source = checkServerSource(subject, props);
    const { steps, login, effect } = checkSteps(subject, props.steps);
    const rerunTrigger = checkRerunTrigger(subject, props.rerunTrigger);
    const maxPerGroup = checkMaxUnavailablePerGroup(subject, props.maxUnavailablePerGroup, source !== 'serverIds');
    const stepRows = sortedUnique(steps.map((s) => FLEET_STEP_ROWS[s.kind])) as PermissionRowId[];
    if (source === 'select') {
      const selection = checkSelection(subject, props.select, environment.cloud, environment.enterpriseProjectId);
      const waveSizes = checkSelectedWaveSizes(subject, props);
      const name = `${fleetName}_selection`;
      const claim = claimName(scope, { path: `${subject.path}/selection`, construct: subject.construct }, environment.resourceType, name, quoted(id));
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
      const run = new FleetSelectionResource(this, 'selection', { environment, args, dependsOn: [...(props.dependsOn ?? [])], rerunTrigger });
      run.overrideLogicalId(name);
      claim.record();
      this.serverIds = [];
      this.waveSize = 0;
      this.waves = [run];
      this.plannedWaves = [];
      this.selector = selection.description;
      // The selection call, the group list when a tag selection keeps a per-group limit, and the steps' calls.
      const rows = [selection.rows.select, ...(selection.rows.groups ? [selection.rows.groups] : []), ...stepRows];
      this.requiredActions = requirePermissions(this, 'ServerFleetMaintenance', 'fleet-select', { rows, selector: selection.description });
      return;
    }
    const { serverIds, groupOf } =
      source === 'groups' ? checkGroups(subject, props.groups) : { serverIds: checkServerIds(subject, props.serverIds), groupOf: undefined };
    const plan = planWaves(serverIds, { sizes: checkWaveSizes(subject, props, serverIds.length), groupOf, maxPerGroup });
    const chains = serverIds.map((serverId) => serverChain(scope, subject, serverId, effect));
    // Every address the fleet writes is claimed before anything joins the tree: `<fleet>_wave-<n>` where free.
    const waveNames = plan.map((_, w) => {
      const readable = `${fleetName}_wave-${w + 1}`;
      return isAddressFree(scope, environment.resourceType, readable) ? readable : `${fleetName}_wave-${w + 1}-${shortHash(subject.path)}`;
    });
    const waveClaims = waveNames.map((name, w) =>
      claimName(scope, { path: `${subject.path}/wave-${w + 1}`, construct: subject.construct }, environment.resourceType, name, quoted(id)),
    );
    const memberNames = serverIds.map((serverId) => `${fleetName}_server-${memberKey(scope, serverId)}`);
    const memberClaims = memberNames.map((name, i) =>
      claimName(scope, { path: `${subject.path}/server-${i + 1}`, construct: subject.construct }, 'terraform_data', name, quoted(id)),
    );
    super(scope, id);
    const encodedSteps = encodeFleetSteps(steps);
    // What the waves do: changing any of it replaces every member record, so every wave runs again.
    const identity = triggersOf('fleet-wave', commandArguments(environment, this.node.path, { steps: encodedSteps, ...login }), rerunTrigger);
    const members = new Map<string, FleetMemberRecord>();
    serverIds.forEach((serverId, i) => {
      const record = new FleetMemberRecord(this, `server-${i + 1}`, { ...identity, server_id: serverId });
      record.overrideLogicalId(memberNames[i]);
      memberClaims[i].record();
      members.set(serverId, record);
    });
    const chainOf = new Map(serverIds.map((serverId, i) => [serverId, chains[i]]));
    const waves: FleetWaveResource[] = [];
    plan.forEach((ids, w) => {
      const dependsOn: ITerraformDependable[] = w === 0 ? [...(props.dependsOn ?? [])] : [waves[w - 1]];
      for (const serverId of ids) {
        const previous = chainOf.get(serverId)!.previous;
        if (previous && !dependsOn.includes(previous)) dependsOn.push(previous);
      }
      const records = ids.map((serverId) => members.get(serverId)!);
      const args = commandArguments(environment, this.node.path, {
        serverIds: terraformJsonList(ids),
        joined: joinedTimes(records),
        steps: encodedSteps,
        wave: `${w + 1}/${plan.length}`,
        ...login,
      });
      const wave = new FleetWaveResource(this, `wave-${w + 1}`, { environment, args, dependsOn, identity, members: records });
      wave.overrideLogicalId(waveNames[w]);
      waveClaims[w].record();
      for (const serverId of ids) chainOf.get(serverId)!.record(wave);
      waves.push(wave);
    });
    this.serverIds = serverIds;
    this.waveSize = Math.max(...plan.map((wave) => wave.length));
    this.waves = waves;
    this.plannedWaves = plan;
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

/** The ramp of wave sizes (`waves`, or `[maxUnavailable]`), checked: each a count or a fraction, no wave above one batch call. */
function checkWaveSizes(subject: Subject, props: ServerFleetMaintenanceProps, servers: number): readonly number[] {
  const fix = `use whole numbers of servers from 1, or fractions of the fleet between 0 and 1, at most ${MAX_BATCH_SERVERS} servers per wave`;
  if (props.waves !== undefined && props.maxUnavailable !== undefined)
    throw invalidProperty(subject.path, subject.construct, 'waves', 'is set together with maxUnavailable', 'set one of them: maxUnavailable: x is waves: [x]');
  if (props.waves !== undefined) {
    if (!Array.isArray(props.waves) || props.waves.length === 0 || props.waves.length > 100 || Token.isUnresolved(props.waves))
      throw invalidProperty(subject.path, subject.construct, 'waves', 'must list 1 to 100 wave sizes', 'pass e.g. [1, 0.1, 0.25]');
    props.waves.forEach((size, i) => {
      if (!isWaveSize(size) || (size >= 1 && size > MAX_BATCH_SERVERS))
        throw invalidProperty(subject.path, subject.construct, `waves[${i}]`, `is ${JSON.stringify(size)}`, fix);
    });
    return props.waves;
  }
  const value = props.maxUnavailable;
  if (value === undefined) {
    if (servers > MAX_BATCH_SERVERS)
      throw invalidProperty(subject.path, subject.construct, 'maxUnavailable', `is unset, so one wave would take all ${servers} servers`, fix);
    return [servers];
  }
  if (!isWaveSize(value) || Math.ceil(value < 1 ? value * servers : value) > MAX_BATCH_SERVERS)
    throw invalidProperty(subject.path, subject.construct, 'maxUnavailable', `is ${JSON.stringify(value)}`, fix);
  return [value];
}

/** The part of a member record's address that names the server: the ID itself, or a digest of the token's expression. */
function memberKey(scope: Construct, serverId: string): string {
  return Token.isUnresolved(serverId) ? shortHash(serverKey(scope, serverId)) : serverId.toLowerCase();
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** A selected fleet's `--wave-sizes`: the `waves` ramp, or `[maxUnavailable]`, as given (fractions resolve at apply). */
function checkSelectedWaveSizes(subject: Subject, props: ServerFleetMaintenanceProps): string | undefined {
  if (props.waves !== undefined && props.maxUnavailable !== undefined)
    throw invalidProperty(subject.path, subject.construct, 'waves', 'is set together with maxUnavailable', 'set one of them: maxUnavailable: x is waves: [x]');
  const property = props.waves !== undefined ? 'waves' : 'maxUnavailable';
  const value: unknown = props.waves ?? (props.maxUnavailable === undefined ? undefined : [props.maxUnavailable]);
  if (value === undefined) return undefined;
  const text = Array.isArray(value) && !Token.isUnresolved(value) && value.every((v) => typeof v === 'number') ? value.map(String).join(',') : '';
  if (problemWith('waveSizes', text))
    throw invalidProperty(
      subject.path,
      subject.construct,
      property,
      `is ${JSON.stringify(props[property])}`,
      `use 1 to 16 wave sizes, each a whole number of servers from 1 to ${MAX_BATCH_SERVERS} or a fraction of the selection between 0 and 1 with at most 6 decimals`,
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
