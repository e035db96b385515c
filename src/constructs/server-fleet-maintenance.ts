import { type ITerraformDependable, Token } from '../private/cdk-core';
import { Construct } from 'constructs';
import { describeFleetSteps, encodeFleetSteps, FLEET_STEP_ROWS, type FleetStep, showsCompletion } from '../cloud/fleet-steps';
import { invalidProperty, SynthError } from '../errors';
import { MAX_BATCH_SERVERS, problemWith } from '../validation';
import type { PermissionRowId } from '../permissions/permission-rows';
import { sortedUnique } from '../permissions/requirements';
import { requirePermissions } from '../policy/policy-synthesizer';
import { FleetMemberRecord, FleetSelectionResource, FleetWaveResource, joinedTimes } from './private/fleet-wave-resource';
import { checkGroups, checkMaxUnavailablePerGroup, checkSelection, checkServerSource } from './private/fleet-sources';
import { terraformExpression, terraformJsonList } from './private/terraform-literal';
import { DEFAULT_HEALTH_INTERVAL_SECONDS, DEFAULT_HEALTH_TIMEOUT_SECONDS, isHealthCommand, MAX_HEALTH_ARGS } from '../cloud/fleet-steps';
import { planWaves, isWaveSize } from '../cloud/wave-plan';
import { claimName, isAddressFree, terraformName } from './private/terraform-address';
import { createHash } from 'node:crypto';
import { commandArguments, triggersOf } from './private/operation-arguments';
import { osLoginArguments } from './private/os-arguments';
import { requireEnvironment, subjectOf } from './private/require-environment';
import { type ServerEffect, serverChain } from './private/server-chain';
import { checkChoice, checkRequired, checkServerList, type Subject, serverKey } from './private/validate';
import { formatSeconds, quoted, secondsToMs } from '../validation';
import type { OsInstallProps } from './os-install-props';
import { checkRerunTrigger } from './private/rerun-trigger';
import { recordProblem } from './private/synth-problems';
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

/** A fleet's health check: a command run (argv, no shell) after each wave. */
export interface FleetHealthCheckProps {
  /**
   * The command and its arguments, run without a shell in the apply's working directory, with the wave's server IDs
   * in `ECS_LIFECYCLE_SERVER_IDS` (comma-separated) and their IPv4 addresses as the cloud reports them in
   * `ECS_LIFECYCLE_SERVER_ADDRESSES` (a JSON object from ID to a list). Exit 0 means healthy.
   */
  readonly command: readonly string[];
  /**
   * Seconds the check may keep failing before the wave is unhealthy.
   * @default 300
   */
  readonly timeoutSeconds?: number;
  /**
   * Seconds between two attempts.
   * @default 10
   */
  readonly intervalSeconds?: number;
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
   * How many servers may fail before the rollout stops: a count (0 or more), or a fraction of the fleet (greater
   * than 0, less than 1; rounded down), counted over one apply (AWS Systems Manager's `MaxErrors`, Ansible's
   * `max_fail_percentage`). Failures within it do not stop the rollout; the apply still fails after the last wave,
   * naming every failed server with its step, code and reason, and the next apply retries only those servers. One
   * failure more stops the rollout at once: the steps under way finish and are reported, no later step or wave starts.
   * @default 0 - the first failed server stops the rollout after its wave
   */
  readonly maxFailures?: number;
  /**
   * A command run after each wave's steps, until it exits 0 (a readiness gate, as Kubernetes' readiness probes or
   * an Auto Scaling instance refresh's health checks). An unhealthy wave fails the rollout; no later wave starts.
   * @default - no health check: a wave is done when its servers reached the end of the steps
   */
  readonly healthCheck?: FleetHealthCheckProps;
  /**
   * Seconds to wait after a healthy wave before the next wave starts (an instance refresh's `BakeTime`, Kubernetes'
   * `minReadySeconds`).
   * @default - the next wave starts at once
   */
  readonly bakeSeconds?: number;
  /**
   * The rollout runs waves up to and including this one (counted from 1); the apply then succeeds and says the rollout
   * is paused after wave n of m. Raise or remove it and apply again to go on with the next wave; the waves done are
   * not run again (`kubectl rollout pause`, an instance refresh's checkpoints, as code a reviewer approves).
   * @default - every wave runs
   */
  readonly pauseAfterWave?: number;
  /**
   * What a wave does with a server it stopped whose later step failed: `leave` it stopped, or `restore-power`: start it
   * again before the command exits (the failure report says so).
   * @default 'leave'
   */
  readonly onFailure?: 'leave' | 'restore-power';
  /**
   * Seconds one wave's steps and health check may take together before the wave fails (Kubernetes'
   * `progressDeadlineSeconds`).
   * @default - the stack's EcsEnvironment timeoutSeconds, else the operation's default (1,800 s)
   */
  readonly waveTimeoutSeconds?: number;
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
  /** The health check each wave must pass, as checked (seconds resolved to their defaults), or undefined. */
  readonly healthCheck?: { readonly command: readonly string[]; readonly timeoutSeconds: number; readonly intervalSeconds: number };
  /** The failure budget resolved to a count (0: the first failure stops the rollout). */
  readonly maxFailures: number;
  /** The wave the rollout pauses after, or undefined when every wave runs. */
  readonly pauseAfterWave?: number;

  constructor(scope: Construct, id: string, props: ServerFleetMaintenanceProps) {
    super(scope, id);
    // A refused fleet stays in the tree as an inert placeholder carrying its error, so that synth reports every
    // problem of the app at once (synth-problems.ts); what it had built before the refusal is removed.
    try {
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
        const rollout = checkSelectedRollout(subject, props);
        const name = `${fleetName}_selection`;
        const claim = claimName(scope, { path: `${subject.path}/selection`, construct: subject.construct }, environment.resourceType, name, quoted(id));
        const args = commandArguments(environment, this.node.path, {
          select: selection.encoded,
          steps: encodeFleetSteps(steps),
          ...(selection.enterpriseProjectId !== undefined ? { enterpriseProjectId: selection.enterpriseProjectId } : {}),
          ...(selection.minServers !== undefined ? { minServers: String(selection.minServers) } : {}),
          ...(waveSizes !== undefined ? { waveSizes } : {}),
          maxUnavailablePerGroup: String(maxPerGroup),
          ...rollout.args,
          ...login,
        });
        const run = new FleetSelectionResource(this, 'selection', { environment, args, dependsOn: [...(props.dependsOn ?? [])], rerunTrigger });
        run.overrideLogicalId(name);
        claim.record();
        this.serverIds = [];
        this.waveSize = 0;
        this.waves = [run];
        this.endOfRollout = run;
        this.plannedWaves = [];
        this.selector = selection.description;
        this.healthCheck = rollout.healthCheck;
        this.maxFailures = 0;
        // The selection call, the group list when a tag selection keeps a per-group limit, and the steps' calls.
        const rows = [selection.rows.select, ...(selection.rows.groups ? [selection.rows.groups] : []), ...stepRows];
        this.requiredActions = requirePermissions(this, 'ServerFleetMaintenance', 'fleet-select', { rows, selector: selection.description });
        return;
      }
      const { serverIds, groupOf } =
        source === 'groups' ? checkGroups(subject, props.groups) : { serverIds: checkServerIds(scope, subject, props.serverIds), groupOf: undefined };
      const plan = planWaves(serverIds, { sizes: checkWaveSizes(subject, props, serverIds.length), groupOf, maxPerGroup });
      const rollout = checkRollout(subject, props, serverIds.length, plan.length);
      const chains = serverIds.map((serverId) => serverChain(scope, subject, serverId, 'fleet-wave', effect));
      // Every address the fleet writes is claimed before anything joins the tree: `<fleet>_wave-<n>` where free.
      const waveNames = plan.map((_, w) => {
        const readable = `${fleetName}_wave-${w + 1}`;
        return isAddressFree(scope, environment.resourceType, readable) ? readable : `${fleetName}_wave-${w + 1}-${shortHash(subject.path)}`;
      });
      const runWaves = plan.slice(0, rollout.pauseAfterWave ?? plan.length);
      const reportNames = rollout.maxFailures > 0 ? runWaves.map((_, w) => `${waveNames[w]}-report`) : [];
      const reportClaims = reportNames.map((name, w) =>
        claimName(scope, { path: `${subject.path}/wave-${w + 1}-report`, construct: subject.construct }, environment.resourceType, name, quoted(id)),
      );
      const waveClaims = waveNames.map((name, w) =>
        claimName(scope, { path: `${subject.path}/wave-${w + 1}`, construct: subject.construct }, environment.resourceType, name, quoted(id)),
      );
      // Member records only where the cloud cannot show that a server is done (docs/fleets.md): they cost a resource each.
      const remembers = !showsCompletion(steps);
      const memberNames = remembers ? serverIds.map((serverId) => `${fleetName}_server-${memberKey(scope, serverId)}`) : [];
      const memberClaims = memberNames.map((name, i) =>
        claimName(scope, { path: `${subject.path}/server-${i + 1}`, construct: subject.construct }, 'terraform_data', name, quoted(id)),
      );
      const encodedSteps = encodeFleetSteps(steps);
      // What the waves do: changing any of it replaces every wave (and every member record), so every wave runs again.
      const identity = triggersOf('fleet-wave', commandArguments(environment, this.node.path, { steps: encodedSteps, ...login }), rerunTrigger);
      const members = new Map<string, FleetMemberRecord>();
      memberNames.forEach((name, i) => {
        const serverId = serverIds[i];
        const record = new FleetMemberRecord(this, `server-${i + 1}`, { ...identity, server_id: serverId });
        record.overrideLogicalId(name);
        memberClaims[i].record();
        members.set(serverId, record);
      });
      // A wave runs again when its servers' records are new (and then only those servers), or else when its list changes.
      const rerunOf = (ids: readonly string[]) => {
        if (!remembers) return { joined: {}, rerunFor: { serverIds: terraformJsonList(ids) } };
        const records = ids.map((serverId) => members.get(serverId)!);
        return { joined: { joined: joinedTimes(records) }, rerunFor: { members: records } };
      };
      const chainOf = new Map(serverIds.map((serverId, i) => [serverId, chains[i]]));
      const waves: FleetWaveResource[] = [];
      const rolloutArgs = {
        ...(rollout.maxFailures > 0 ? { maxFailures: String(rollout.maxFailures), rollout: terraformExpression('plantimestamp()') } : {}),
        ...rollout.args,
      };
      const timeout = rollout.waveTimeout !== undefined ? { timeout: rollout.waveTimeout } : {};
      runWaves.forEach((ids, w) => {
        const dependsOn: ITerraformDependable[] = w === 0 ? [...(props.dependsOn ?? [])] : [waves[w - 1]];
        for (const serverId of ids) {
          const previous = chainOf.get(serverId)!.previous;
          if (previous && !dependsOn.includes(previous)) dependsOn.push(previous);
        }
        const rerun = rerunOf(ids);
        const args = {
          ...commandArguments(environment, this.node.path, {
            serverIds: terraformJsonList(ids),
            ...rerun.joined,
            steps: encodedSteps,
            wave: `${w + 1}/${plan.length}`,
            ...rolloutArgs,
            ...(rollout.pauseAfterWave === w + 1 ? { pauseAfter: String(w + 1) } : {}),
            ...login,
          }),
          ...timeout,
        };
        const wave = new FleetWaveResource(this, `wave-${w + 1}`, { environment, args, dependsOn, identity, rerunFor: rerun.rerunFor });
        wave.overrideLogicalId(waveNames[w]);
        waveClaims[w].record();
        for (const serverId of ids) chainOf.get(serverId)!.record(wave);
        waves.push(wave);
      });
      // With a failure budget, a report per wave after the last one names the wave's failed servers (and retries them later).
      const reports = reportNames.map((name, w) => {
        const rerun = rerunOf(runWaves[w]);
        const args = {
          ...commandArguments(environment, this.node.path, {
            serverIds: terraformJsonList(runWaves[w]),
            ...rerun.joined,
            steps: encodedSteps,
            wave: `${w + 1}/${plan.length}`,
            phase: 'report',
            ...rolloutArgs,
            ...login,
          }),
          ...timeout,
        };
        const report = new FleetWaveResource(this, `wave-${w + 1}-report`, {
          environment,
          args,
          dependsOn: [waves[waves.length - 1]],
          identity,
          rerunFor: rerun.rerunFor,
        });
        report.overrideLogicalId(name);
        reportClaims[w].record();
        return report;
      });
      this.endOfRollout = reports.length ? reports[reports.length - 1] : waves[waves.length - 1];
      this.healthCheck = rollout.healthCheck;
      this.maxFailures = rollout.maxFailures;
      this.pauseAfterWave = rollout.pauseAfterWave;
      this.serverIds = serverIds;
      this.waveSize = Math.max(...plan.map((wave) => wave.length));
      this.waves = waves;
      this.plannedWaves = plan;
      const fleet = { steps: describeFleetSteps(steps), waves: plan.length, servers: serverIds.length };
      this.requiredActions = requirePermissions(this, 'ServerFleetMaintenance', 'fleet-wave', { rows: stepRows, servers: serverIds.length, fleet });
    } catch (error) {
      if (!(error instanceof SynthError)) throw error;
      for (const child of [...this.node.children]) this.node.tryRemoveChild(child.node.id);
      this.serverIds = [];
      this.waveSize = 0;
      this.waves = [];
      this.plannedWaves = [];
      this.requiredActions = [];
      this.maxFailures = 0;
      this.endOfRollout = { fqn: '' };
      recordProblem(this, error);
    }
  }

  /** The last wave's address (or, with a failure budget, its last report's): depending on the fleet waits for the whole rollout. */
  get fqn(): string {
    return this.endOfRollout.fqn;
  }

  private readonly endOfRollout: ITerraformDependable;
}

function checkServerIds(scope: Construct, subject: Subject, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || Token.isUnresolved(value)) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'serverIds',
      'must be a non-empty array (the waves are planned at synth)',
      "pass an array of server IDs or tokens, e.g. [web1.id, '1a2b3c4d-0000-4000-8000-00000000abcd']",
    );
  }
  const checked = value.map((id, i) => checkRequired(subject, `serverIds[${i}]`, id, 'serverId'));
  // The shared list rule: no server twice, as the cloud compares IDs (a token by what it resolves to).
  checkServerList(scope, subject, 'serverIds', checked, false);
  return checked;
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

/** The rollout props, checked, with the flags they add to every wave. */
function checkRollout(subject: Subject, props: ServerFleetMaintenanceProps, servers: number, waveCount: number) {
  const bad = (property: string, value: unknown, fix: string): never => {
    throw invalidProperty(subject.path, subject.construct, property, `is ${quoted(value)}`, fix);
  };
  const seconds = (property: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const result = secondsToMs(value);
    if ('problem' in result) throw invalidProperty(subject.path, subject.construct, property, result.problem, result.fix);
    return formatSeconds(result.ms);
  };
  let maxFailures = 0;
  const budget = props.maxFailures;
  if (budget !== undefined) {
    const valid = typeof budget === 'number' && ((budget > 0 && budget < 1) || (Number.isInteger(budget) && budget >= 0));
    if (!valid) bad('maxFailures', budget, 'use a whole number of servers from 0, or a fraction of the fleet between 0 and 1 (rounded down)');
    maxFailures = budget < 1 ? Math.floor(budget * servers) : budget;
  }
  let healthCheck: ServerFleetMaintenance['healthCheck'];
  const args: Record<string, string> = {};
  if (props.healthCheck !== undefined) {
    const check = props.healthCheck;
    if (typeof check !== 'object' || check === null || !isHealthCommand(check.command) || check.command.some((word) => Token.isUnresolved(word))) {
      throw invalidProperty(
        subject.path,
        subject.construct,
        'healthCheck.command',
        `is ${quoted((check as { command?: unknown } | null)?.command)}`,
        `pass the command and its arguments as literal strings (no shell), 1 to ${MAX_HEALTH_ARGS} of them, e.g. ['./check-web.sh', '--port', '443']`,
      );
    }
    const timeout = seconds('healthCheck.timeoutSeconds', check.timeoutSeconds);
    const interval = seconds('healthCheck.intervalSeconds', check.intervalSeconds);
    healthCheck = {
      command: [...check.command],
      timeoutSeconds: check.timeoutSeconds ?? DEFAULT_HEALTH_TIMEOUT_SECONDS,
      intervalSeconds: check.intervalSeconds ?? DEFAULT_HEALTH_INTERVAL_SECONDS,
    };
    args.healthCheck = JSON.stringify(check.command);
    if (timeout) args.healthTimeout = timeout;
    if (interval) args.healthInterval = interval;
  }
  const bake = seconds('bakeSeconds', props.bakeSeconds);
  if (bake) args.bake = bake;
  const onFailure = checkChoice(subject, 'onFailure', props.onFailure, ['leave', 'restore-power'] as const, 'leave');
  if (onFailure === 'restore-power') args.onFailure = onFailure;
  const pause = props.pauseAfterWave;
  if (pause !== undefined && !(typeof pause === 'number' && Number.isInteger(pause) && pause >= 1))
    bad('pauseAfterWave', pause, `use a wave number from 1 (this fleet has ${waveCount} waves), or leave it out to run every wave`);
  const waveTimeout = seconds('waveTimeoutSeconds', props.waveTimeoutSeconds);
  return { maxFailures, healthCheck, args, pauseAfterWave: pause !== undefined && pause < waveCount ? pause : undefined, waveTimeout };
}

/** The part of a member record's address that names the server: the ID itself, or a digest of the token's expression. */
function memberKey(scope: Construct, serverId: string): string {
  return Token.isUnresolved(serverId) ? shortHash(serverKey(scope, serverId)) : serverId.toLowerCase();
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The rollout controls a selected fleet keeps: the health check, the bake time and restore-power run in its one
 * process after each wave, as for a listed fleet. A failure budget, a pause and a per-wave deadline rest on one
 * resource per wave, which a selected fleet (planned at apply) does not have: synth refuses them, naming them.
 */
function checkSelectedRollout(subject: Subject, props: ServerFleetMaintenanceProps) {
  for (const property of ['maxFailures', 'pauseAfterWave', 'waveTimeoutSeconds'] as const) {
    if (props[property] !== undefined)
      throw invalidProperty(
        subject.path,
        subject.construct,
        property,
        'is set on a fleet that selects its servers at apply, whose waves run in one resource, so it cannot be kept',
        'remove it, or list the servers (serverIds) or build the fleet from groups, which plan a resource per wave',
      );
  }
  return checkRollout(subject, props, 0, 1);
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
  return { steps, login: login ?? {}, effect: { requires, powerAfter: power } };
}
