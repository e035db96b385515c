import { type ITerraformDependable, Token } from '../private/cdk-core';
import { Construct } from 'constructs';
import { encodeFleetSteps, FLEET_STEP_ROWS, type FleetStep } from '../cloud/fleet-steps';
import { invalidProperty } from '../errors';
import { MAX_BATCH_SERVERS } from '../validation';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { FleetMemberRecord, FleetWaveResource, joinedTimes } from './private/fleet-wave-resource';
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
  /** The servers, in rollout order. */
  readonly serverIds: readonly string[];
  /** The largest wave's size (`maxUnavailable` or the `waves` ramp resolved to counts). */
  readonly waveSize: number;
  /** The wave resources, in order. */
  readonly waves: readonly ITerraformDependable[];
  /** The servers of each wave, in order, as planned at synth. */
  readonly plannedWaves: readonly (readonly string[])[];
  /** The IAM actions the fleet needs, sorted. */
  readonly requiredActions: readonly string[];

  constructor(scope: Construct, id: string, props: ServerFleetMaintenanceProps) {
    // Everything is checked before the construct joins the tree, so a refused fleet leaves nothing behind.
    const subject = subjectOf(scope, id, 'ServerFleetMaintenance');
    const environment = requireEnvironment(scope, subject, props, "{ serverIds: ['<server UUID>', …], steps: [{ action: 'stop' }, …] }");
    const fleetName = terraformName(scope, id, subject);
    const serverIds = checkServerIds(subject, props.serverIds);
    const { steps, login, effect } = checkSteps(subject, props.steps);
    const plan = planWaves(serverIds, { sizes: checkWaveSizes(subject, props, serverIds.length) });
    const rerunTrigger = checkRerunTrigger(subject, props.rerunTrigger);
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
