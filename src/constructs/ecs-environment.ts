import { NullProvider, TerraformProvider, TerraformStack, Token } from '../private/cdk-core';
import { Construct, type IConstruct } from 'constructs';
import { CLOUD_NAMES, type CloudName, ecsEndpoint, isKnownRegion, regionsOf } from '../cloud/regions';
import { duplicateEnvironment, invalidProperty, unknownRegion } from '../errors';
import { addSynthCheck, recordProblem, runChecks } from './private/synth-problems';
import { checkRules } from './rules';
import { PolicySynthesizer } from '../policy/policy-synthesizer';
import { endpointOrigin, quoted } from '../validation';
import { isNfc, NFC_FIX } from './private/terraform-literal';
import { checkChoice, checkRequired, checkSeconds, refuse, type Subject } from './private/validate';
import { DEFAULT_CLI_COMMAND } from './private/cli-launcher';

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
   * The stack's enterprise project: a UUID, or `'0'` for the default one. A fleet that selects its servers by tags at
   * apply can be narrowed to it (`select: { tags, withinEnterpriseProject: true }`).
   * @default - none: selections look at the whole project
   */
  readonly enterpriseProjectId?: string;
  /**
   * The resource that carries the provisioners. `terraform_data` is built into Terraform ≥ 1.4 and
   * needs no provider, so the plan runs offline.
   * @default 'null_resource'
   */
  readonly resourceType?: 'null_resource' | 'terraform_data';
  /**
   * The words of the command that runs the CLI; `exec <operation> <flags>` is appended. No shell is involved:
   * Terraform runs the words as the program and its arguments. A string is split on spaces and may hold only
   * letters, digits and `_ . / : = @ % + , ~ ^ -` (anything else would need a shell); give a list for other words.
   * The default runs the package installed where Terraform applies the plan (`node_modules` from Terraform's
   * working folder up, or `NODE_PATH`), and fails with a line naming the package and the fix where it is missing;
   * it never asks a registry.
   * @default ['node', '-e', '<launcher>', '--']
   */
  readonly cliCommand?: string | readonly string[];
  /**
   * Seconds between status polls while waiting for an end state: 0.001 to 2147483.647 (whole milliseconds).
   * @default - the CLI's default (2 s)
   */
  readonly pollIntervalSeconds?: number;
  /**
   * Seconds to wait for an operation's end state before failing the apply: 0.001 to 2147483.647 (whole milliseconds).
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

/**
 * The cloud, region and project every ECS construct in the stack works in, and how their plan is
 * built. One per stack; declare it before the other constructs. A refused one (bad props, or a second in the stack) is
 * reported at synth with every other problem of the app; the constructs of its stack then add no error of their own.
 */
export class EcsEnvironment extends Construct {
  /** The EcsEnvironment of the stack that contains `scope`, if one was declared and accepted (a refused one is not). */
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
  /** The stack's enterprise project, when given. */
  readonly enterpriseProjectId?: string;
  readonly resourceType: 'null_resource' | 'terraform_data';
  /** The words of the command that runs the CLI. */
  readonly cliCommand: readonly string[];
  readonly pollIntervalSeconds?: number;
  readonly timeoutSeconds?: number;

  constructor(scope: Construct, id: string, props: EcsEnvironmentProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    // A refused environment stays in the tree carrying its error, so synth reports every problem of the app at once
    // (synth-problems.ts). The constructs of its stack join as placeholders without errors of their own: they need it.
    const checked = runChecks(() => checkEnvironment({ path: this.node.path, construct: 'EcsEnvironment' }, stack, props));
    const settings = checked.ok ? checked.value : REFUSED_SETTINGS;
    this.cloud = settings.cloud;
    this.region = settings.region;
    this.projectId = settings.projectId;
    this.endpoint = settings.endpoint;
    this.ecsEndpoint = settings.ecsEndpoint;
    this.authorization = settings.authorization;
    if (settings.enterpriseProjectId !== undefined) this.enterpriseProjectId = settings.enterpriseProjectId;
    this.resourceType = settings.resourceType;
    this.cliCommand = settings.cliCommand;
    this.pollIntervalSeconds = settings.pollIntervalSeconds;
    this.timeoutSeconds = settings.timeoutSeconds;
    if (!checked.ok) {
      recordProblem(this, checked.problem);
      return;
    }

    ENVIRONMENTS.set(stack, this);
    PolicySynthesizer.install(this, { cloud: this.cloud, region: this.region, authorization: this.authorization, policyDocuments: settings.policyDocuments });
    addSynthCheck(stack, () => checkRules(stack));
    if (this.resourceType === 'null_resource' && !hasNullProvider(stack)) new NullProvider(this, 'null');
  }
}

/** The props, checked, with their defaults. */
function checkEnvironment(subject: Subject, stack: TerraformStack, props: EcsEnvironmentProps) {
  const existing = ENVIRONMENTS.get(stack);
  if (existing) throw duplicateEnvironment(subject.path, existing.node.path);
  if (props === undefined || props === null)
    throw invalidProperty(subject.path, subject.construct, 'props', 'are missing', 'pass { cloud, region, projectId }');
  const cloud = checkChoice(subject, 'cloud', props.cloud ?? '', CLOUD_NAMES, 'otc');
  const region = checkRequired(subject, 'region', props.region, 'region');
  if (!isKnownRegion(cloud, region)) throw unknownRegion(subject.path, cloud, region, regionsOf(cloud));
  const projectId = checkRequired(subject, 'projectId', props.projectId, 'projectId');
  const endpoint = props.endpoint === undefined ? undefined : checkEndpoint(subject, props.endpoint);
  return {
    cloud,
    region,
    projectId,
    endpoint,
    ecsEndpoint: endpoint ?? ecsEndpoint(cloud, region),
    authorization: checkChoice(subject, 'authorization', props.authorization, ['project', 'enterprise-project'] as const, 'project'),
    enterpriseProjectId:
      props.enterpriseProjectId === undefined ? undefined : checkRequired(subject, 'enterpriseProjectId', props.enterpriseProjectId, 'enterpriseProjectId'),
    resourceType: checkChoice(subject, 'resourceType', props.resourceType, ['null_resource', 'terraform_data'] as const, 'null_resource'),
    cliCommand: props.cliCommand === undefined ? DEFAULT_CLI_COMMAND : checkCliCommand(subject, props.cliCommand),
    pollIntervalSeconds: toSeconds(checkSeconds(subject, 'pollIntervalSeconds', props.pollIntervalSeconds)),
    timeoutSeconds: toSeconds(checkSeconds(subject, 'timeoutSeconds', props.timeoutSeconds)),
    policyDocuments: checkChoice(subject, 'policyDocuments', props.policyDocuments, ['single', 'numbered'] as const, 'single'),
  };
}

/** What a refused environment holds: the defaults, and no region, project or endpoint (it plans nothing). */
const REFUSED_SETTINGS: ReturnType<typeof checkEnvironment> = {
  cloud: 'otc',
  region: '',
  projectId: '',
  endpoint: undefined,
  ecsEndpoint: '',
  authorization: 'project',
  enterpriseProjectId: undefined,
  resourceType: 'null_resource',
  cliCommand: DEFAULT_CLI_COMMAND,
  pollIntervalSeconds: undefined,
  timeoutSeconds: undefined,
  policyDocuments: 'single',
};

function checkEndpoint(subject: Subject, value: unknown): string {
  const result = endpointOrigin(value);
  if ('problem' in result) refuse(subject, 'endpoint', result);
  return result.origin;
}

// A word may hold any text but control characters; a string is split on spaces, so it must not need a shell.
const SHELL_SYNTAX = /[^A-Za-z0-9_./:=@%+,~^-]/;

function checkCliCommand(subject: Subject, value: unknown): readonly string[] {
  const fix = "give the words of the command, e.g. ['node', '/path/to/lib/cli.js'] or 'npx --no-install cdktf-ecs-lifecycle'";
  if (typeof value === 'string') {
    const words = value.split(' ').filter((word) => word !== '');
    const offending = words.find((word) => SHELL_SYNTAX.test(word));
    if (words.length === 0 || offending !== undefined) {
      throw invalidProperty(
        subject.path,
        subject.construct,
        'cliCommand',
        `is ${quoted(value)}, which would need a shell to interpret${offending ? ` (${quoted(offending)})` : ''}; no shell runs it`,
        `${fix}; a word with other characters goes in a list`,
      );
    }
    return words;
  }
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((word) => typeof word !== 'string' || word === '' || /[\u0000-\u001f\u007f]/.test(word) || Token.isUnresolved(word) || !isNfc(word))
  ) {
    throw invalidProperty(
      subject.path,
      subject.construct,
      'cliCommand',
      `is ${quoted(value)}`,
      `${fix}: non-empty literal words without control characters, in Unicode NFC (Terraform keeps text in NFC; ${NFC_FIX})`,
    );
  }
  return [...value];
}

function toSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function hasNullProvider(stack: TerraformStack): boolean {
  return stack.node.findAll().some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === NullProvider.tfResourceType);
}
