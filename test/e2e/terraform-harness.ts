import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { EcsEnvironment, type EcsEnvironmentProps } from '../../src';
import { type Emulator, type EmulatorOptions, type SeedServer, startEmulator } from '../../src/emulator';
import { parsePolicyDocument, type PolicyDocument } from '../../src/iam';
import { FAST } from '../helpers/timings';

const CLI = path.resolve(__dirname, '../../lib/cli.js');

/** Whether terraform is on PATH; the end-to-end suites skip (and say so) when it is not. */
export const TERRAFORM = (() => {
  try {
    return execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    return undefined;
  }
})();

/** `describe` when terraform is on PATH; otherwise a skipped suite and a plain skip line. */
export function describeWithTerraform(name: string, fn: () => void): void {
  if (TERRAFORM) {
    describe(name, fn);
    return;
  }
  console.log(`skip: ${name}: terraform is not on PATH`);
  describe.skip(name, fn);
}

/** A real Terraform working directory for one synthesized stack, against one emulator. */
export interface Workspace {
  readonly emulator: Emulator;
  readonly stackDir: string;
  readonly policy: PolicyDocument;
  /** The root of everything written: cdktf.out, state, CLI config. */
  readonly root: string;
  /** Runs terraform; resolves with its exit code and combined output. */
  terraform(...args: string[]): Promise<{ code: number; output: string }>;
  /** Re-synthesizes another version of the stack into the same directory (state is kept). */
  resynth(build: (stack: TerraformStack) => void): void;
  close(): Promise<void>;
}

/**
 * Starts an emulator seeded with `servers`, synthesizes `build` into a terraform_data stack pointing at
 * it, and enforces the stack's own generated policy unless `enforce` is false.
 */
export async function workspace(
  servers: SeedServer[],
  build: (stack: TerraformStack) => void,
  enforce = true,
  options: Partial<EmulatorOptions> = {},
  credentials: (emulator: Emulator) => NodeJS.ProcessEnv = accessKeyEnvironment,
  environment: Partial<EcsEnvironmentProps> = {},
): Promise<Workspace> {
  // The emulator plays the stack's cloud, whose action names the policy must carry.
  const emulator = await startEmulator({ servers, timings: FAST, ...(environment.cloud ? { cloud: environment.cloud } : {}), ...options });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-e2e-'));
  const cliConfig = path.join(root, 'empty.tfrc');
  fs.writeFileSync(cliConfig, '');
  const outdir = path.join(root, 'cdktf.out');
  const stackDir = path.join(outdir, 'stacks', 'e2e');
  const synth = (declare: (stack: TerraformStack) => void) => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'e2e');
    declareEnvironment(stack, emulator.url, environment);
    declare(stack);
    app.synth();
  };
  synth(build);
  const policyFile = path.join(stackDir, 'ecs-iam-policy.json');
  const policy = parsePolicyDocument(fs.readFileSync(policyFile, 'utf8'), policyFile);
  if (enforce) emulator.setPolicy(policy);
  // Only the credentials given here reach the CLI, whatever the developer's shell holds.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OS|HW)_/.test(name)));
  const env = {
    ...inherited,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    ...credentials(emulator),
  };
  return {
    emulator,
    stackDir,
    policy,
    root,
    terraform: (...args) => run('terraform', [`-chdir=${stackDir}`, ...args, '-input=false', '-no-color'], env),
    resynth: synth,
    close: async () => {
      await emulator.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The CLI's credentials: the emulator's first AK/SK pair (the default). */
export function accessKeyEnvironment(emulator: Emulator): NodeJS.ProcessEnv {
  return { OS_ACCESS_KEY: emulator.credentials[0].accessKey, OS_SECRET_KEY: emulator.credentials[0].secretKey };
}

function declareEnvironment(stack: TerraformStack, endpoint: string, environment: Partial<EcsEnvironmentProps>): void {
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new EcsEnvironment(stack, 'ecs', {
    cloud: 'otc',
    region: 'eu-de',
    projectId: '0123456789abcdef0123456789abcdef',
    resourceType: 'terraform_data',
    endpoint,
    cliCommand: ['node', CLI],
    pollIntervalSeconds: 0.02,
    timeoutSeconds: 30,
    ...environment,
  });
}

/** Runs a command; resolves with its exit code and combined output. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** The actions a policy document allows, flattened. */
export function policyActionsOf(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((s) => [...(s.Action ?? [])]);
}
