import { NullProvider, TerraformProvider, TerraformStack } from '../private/cdk-core';
import { Construct, IConstruct } from 'constructs';
import { CLOUD_NAMES, CloudName, ecsEndpoint, isKnownRegion, regionsOf } from '../cloud/regions';
import { duplicateEnvironment, invalidProperty, unknownRegion } from '../errors';
import { PolicySynthesizer } from '../policy/policy-synthesizer';
import { checkChoice, checkRequired, checkSeconds, RULES, Subject } from './private/validate';

/** Properties of an {@link EcsEnvironment}. */
export interface EcsEnvironmentProps {
  /** The cloud: Open Telekom Cloud or Huawei Cloud. */
  readonly cloud: 'otc' | 'huaweicloud';
  /** The region, e.g. `eu-de` (OTC) or `eu-west-101` (Huawei Cloud). */
  readonly region: string;
  /** The project (tenant) ID the servers belong to: 32 lower-case hex characters. */
  readonly projectId: string;
  /**
   * Overrides the regional ECS endpoint, e.g. to point at the emulator (`http://127.0.0.1:PORT`).
   * @default - the cloud's regional endpoint, e.g. `https://ecs.eu-de.otc.t-systems.com`
   */
  readonly endpoint?: string;
  /**
   * How the policy will be granted. `'enterprise-project'` fails synth for every construct whose API
   * does not support enterprise-project authorization, naming the alternative.
   * @default 'project'
   */
  readonly authorization?: 'project' | 'enterprise-project';
  /**
   * The resource that carries the provisioners. `terraform_data` is built into Terraform ≥ 1.4 and
   * needs no provider, so the plan runs offline.
   * @default 'null_resource'
   */
  readonly resourceType?: 'null_resource' | 'terraform_data';
  /**
   * How the provisioners invoke the CLI; `exec <operation> <flags>` is appended.
   * @default 'npx --no-install ecs-lifecycle'
   */
  readonly cliCommand?: string;
  /**
   * Seconds between status polls while waiting for an end state.
   * @default - the CLI's default (2 s)
   */
  readonly pollIntervalSeconds?: number;
  /**
   * Seconds to wait for an operation's end state before failing the apply.
   * @default - the CLI's default for each operation
   */
  readonly timeoutSeconds?: number;
  /**
   * `'numbered'` writes `ecs-iam-policy-1.json`, `-2.json`, … when the policy exceeds one OTC custom
   * policy (6,144 characters, 8 statements, 100 actions per statement); `'single'` fails synth instead.
   * @default 'single'
   */
  readonly policyDocuments?: 'single' | 'numbered';
}

const ENVIRONMENTS = new WeakMap<TerraformStack, EcsEnvironment>();
const DEFAULT_CLI_COMMAND = 'npx --no-install ecs-lifecycle';

/**
 * The cloud, region and project every ECS construct in the stack works in, and how their plan is
 * built. One per stack; declare it before the other constructs.
 */
export class EcsEnvironment extends Construct {
  /** The EcsEnvironment of the stack that contains `scope`, if one was declared. */
  static of(scope: IConstruct): EcsEnvironment | undefined {
    return ENVIRONMENTS.get(TerraformStack.of(scope));
  }

  readonly cloud: CloudName;
  readonly region: string;
  readonly projectId: string;
  /** The endpoint override, as given. */
  readonly endpoint?: string;
  /** The ECS endpoint the CLI will call: the override, or the regional endpoint. */
  readonly ecsEndpoint: string;
  readonly authorization: 'project' | 'enterprise-project';
  readonly resourceType: 'null_resource' | 'terraform_data';
  readonly cliCommand: string;
  readonly pollIntervalSeconds?: number;
  readonly timeoutSeconds?: number;

  constructor(scope: Construct, id: string, props: EcsEnvironmentProps) {
    super(scope, id);
    const subject: Subject = { path: this.node.path, construct: 'EcsEnvironment' };
    const stack = TerraformStack.of(this);
    const existing = ENVIRONMENTS.get(stack);
    if (existing) throw duplicateEnvironment(this.node.path, existing.node.path);
    if (props === undefined || props === null) {
      throw invalidProperty(this.node.path, 'EcsEnvironment', 'props', 'are missing', "pass { cloud, region, projectId }");
    }

    this.cloud = checkChoice(subject, 'cloud', props.cloud ?? '', CLOUD_NAMES, 'otc');
    this.region = checkRequired(subject, 'region', props.region, { pattern: /^[a-z0-9-]+$/, describe: 'a region name', example: "'eu-de'" });
    if (!isKnownRegion(this.cloud, this.region)) throw unknownRegion(this.node.path, this.cloud, this.region, regionsOf(this.cloud));
    this.projectId = checkRequired(subject, 'projectId', props.projectId, RULES.projectId);
    this.endpoint = props.endpoint === undefined ? undefined : checkEndpoint(subject, props.endpoint);
    this.ecsEndpoint = this.endpoint ?? ecsEndpoint(this.cloud, this.region);
    this.authorization = checkChoice(subject, 'authorization', props.authorization, ['project', 'enterprise-project'] as const, 'project');
    this.resourceType = checkChoice(subject, 'resourceType', props.resourceType, ['null_resource', 'terraform_data'] as const, 'null_resource');
    this.cliCommand = props.cliCommand === undefined ? DEFAULT_CLI_COMMAND : checkCliCommand(subject, props.cliCommand);
    this.pollIntervalSeconds = checkSeconds(subject, 'pollIntervalSeconds', props.pollIntervalSeconds);
    this.timeoutSeconds = checkSeconds(subject, 'timeoutSeconds', props.timeoutSeconds);
    const policyDocuments = checkChoice(subject, 'policyDocuments', props.policyDocuments, ['single', 'numbered'] as const, 'single');

    ENVIRONMENTS.set(stack, this);
    PolicySynthesizer.install(this, { cloud: this.cloud, region: this.region, authorization: this.authorization, policyDocuments });
    if (this.resourceType === 'null_resource' && !hasNullProvider(stack)) new NullProvider(this, 'null');
  }
}

function checkEndpoint(subject: Subject, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || (url.pathname !== '/' && url.pathname !== '')) {
    throw invalidProperty(subject.path, subject.construct, 'endpoint', `is ${JSON.stringify(value)}, which is not a bare http(s) URL`,
      "give scheme, host and port only, e.g. 'http://127.0.0.1:8080' or 'https://ecs.eu-de.otc.t-systems.com'");
  }
  return `${url.protocol}//${url.host}`;
}

function checkCliCommand(subject: Subject, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\n\r]/.test(value)) {
    throw invalidProperty(subject.path, subject.construct, 'cliCommand', `is ${JSON.stringify(value)}`,
      "give one command line that runs the CLI, e.g. 'npx --no-install ecs-lifecycle' or 'node /path/to/lib/cli.js'");
  }
  return value.trim();
}

function hasNullProvider(stack: TerraformStack): boolean {
  return stack.node.findAll().some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === NullProvider.tfResourceType);
}
