/**
 * What `startEmulator` accepts. Every option has a documented default, so `startEmulator()` alone gives a
 * working emulator with one fixed, printable credential pair.
 */
import type { PolicyDocument } from '../iam';
import type { AuditEntry } from './audit-entry';
import type { EmulatorTimings } from './emulator-timings';
import type { FaultRule } from './fault-rule';
import type { EmulatedCloud } from './route-table';

/** A server that exists when the emulator starts. */
export interface SeedServer {
  readonly id: string;
  readonly name: string;
  readonly flavorRef: string;
  readonly imageId: string;
  readonly status: 'ACTIVE' | 'SHUTOFF';
  /** @default false */
  readonly locked?: boolean;
  /**
   * The server's tags, key to value: the tag query and the list answer by them.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The enterprise project the server belongs to.
   * @default '0' (the default enterprise project)
   */
  readonly enterpriseProjectId?: string;
  /**
   * The server's IPv4 addresses, shown under `addresses` in its details (a fleet's health check gets them).
   * @default - one private address, 10.<n>.<n>.<n> from the server's place among the seeds (10.0.0.1 for the first)
   */
  readonly addresses?: readonly string[];
}

/** A server group that exists when the emulator starts. */
export interface SeedServerGroup {
  /** @default - a generated UUID */
  readonly id?: string;
  readonly name: string;
  /** Only `['anti-affinity']` exists on OTC and Huawei Cloud. */
  readonly policies: readonly string[];
  /**
   * Server ids in the group.
   * @default []
   */
  readonly members?: readonly string[];
}

/** An accepted access key / secret key pair. */
export interface EmulatorCredential {
  readonly accessKey: string;
  readonly secretKey: string;
  /**
   * Set for temporary credentials: requests must then carry it in `X-Security-Token`.
   * @default - a permanent pair
   */
  readonly securityToken?: string;
}

/** A user that may obtain a token with `POST /v3/auth/tokens` (password method). */
export interface EmulatorUser {
  readonly name: string;
  readonly password: string;
  /** The account (domain) name. */
  readonly domain: string;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /**
   * The port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * The project id the URLs must carry.
   * @default DEFAULT_PROJECT_ID
   */
  readonly projectId?: string;
  /**
   * The project name a token request may scope to instead of the id.
   * @default 'eu-de'
   */
  readonly projectName?: string;
  /**
   * Accepted AK/SK pairs.
   * @default DEFAULT_CREDENTIALS
   */
  readonly credentials?: readonly EmulatorCredential[];
  /**
   * Users for token auth.
   * @default DEFAULT_USERS
   */
  readonly users?: readonly EmulatorUser[];
  /**
   * Tokens accepted in `X-Auth-Token` besides the ones the token API issues.
   * @default []
   */
  readonly tokens?: readonly string[];
  /** @default [] */
  readonly servers?: readonly SeedServer[];
  /** @default [] */
  readonly serverGroups?: readonly SeedServerGroup[];
  /**
   * The cloud the emulator plays, whose action names the policy must carry: Huawei Cloud names the cloudservers ECS-group
   * actions differently (`ecs:cloudServers:createServerGroup`, `…:addServerGroupMember`, …). Start it with the cloud of
   * the stack whose policy it enforces.
   * @default 'otc'
   */
  readonly cloud?: EmulatedCloud;
  /**
   * The IAM policy to enforce on every call.
   * @default - no enforcement: every authenticated call is allowed (and audited as `not-enforced`)
   */
  readonly policy?: PolicyDocument;
  /**
   * Transition durations.
   * @default DEFAULT_TIMINGS
   */
  readonly timings?: EmulatorTimings;
  /** @default [] */
  readonly faults?: readonly FaultRule[];
  /**
   * The flavor ids a resize may target.
   * @default DEFAULT_FLAVORS plus every seeded server's flavor
   */
  readonly flavors?: readonly string[];
  /**
   * The emulator's clock, used for the `X-Sdk-Date` check and timestamps.
   * @default () => new Date()
   */
  readonly clock?: () => Date;
  /**
   * Called with each request's audit entry as it is recorded (the CLI's `--audit FILE` writes them as JSON lines).
   * @default - none: the entries are in `audit` only
   */
  readonly onAudit?: (entry: AuditEntry) => void;
}

/** The default project id. */
export const DEFAULT_PROJECT_ID = '0123456789abcdef0123456789abcdef';

/** The default AK/SK pair: test credentials of this local emulator, printed by its CLI on purpose. */
export const DEFAULT_CREDENTIALS: readonly EmulatorCredential[] = [
  { accessKey: 'EMULATORACCESSKEY0001', secretKey: 'emulator-secret-key-0001-not-a-real-secret' },
];

/** The default user for token auth. */
export const DEFAULT_USERS: readonly EmulatorUser[] = [{ name: 'emulator-user', password: 'emulator-password', domain: 'emulator-domain' }];

/** Flavors accepted by default (OTC general-purpose names). */
export const DEFAULT_FLAVORS: readonly string[] = [
  's3.medium.2',
  's3.large.2',
  's3.large.4',
  's3.xlarge.2',
  's3.xlarge.4',
  's3.2xlarge.2',
  'c3.large.2',
  'c3.xlarge.2',
  'c3.15xlarge.2',
];
