/**
 * `cdktf-ecs-lifecycle preview <cdktf.out folder or stack folder>`: what apply will do to each server and group,
 * before apply. Reads the plan, reads the cloud (GET only: it holds a read-only client), predicts each operation in
 * apply order and prints the prediction. Settings and credentials as `exec`: cloud, region, project and endpoint from
 * the plan (the stack's EcsEnvironment), `--endpoint` and `--project-id` to override them, credentials from the
 * environment.
 */
import { parseArgs } from 'node:util';
import type { ExecArguments } from '../cloud/exec-arguments';
import { adviceFor } from '../runtime/advice';
import { credentialsFromEnv, SECRET_VARIABLES } from '../runtime/client/credentials';
import { ReadOnlyClient } from '../runtime/client/read-only-client';
import { Deadline } from '../runtime/deadline';
import { AuthError } from '../runtime/errors/auth-error';
import { EcsLifecycleError } from '../runtime/errors/ecs-lifecycle-error';
import { InvalidArgumentError } from '../runtime/errors/invalid-argument-error';
import { resolveExecSettings, resolveIamEndpoint } from '../runtime/exec-settings';
import { ExitCode } from '../runtime/exit-code';
import { printableLine } from '../validation/printable';
import { Redactor } from '../runtime/redact';
import { secondsToMs } from '../validation';
import { predictStack } from './predict';
import { type PreviewReport, type PreviewStack, summarize } from './preview-report';
import { isUnknown, type PlannedStack, readPlan } from './read-plan';
import { describeSummary, PREVIEW_FORMATS, type PreviewFormat, renderPreview } from './render';

/** Seconds the whole preview may take unless `--timeout` says otherwise. */
export const DEFAULT_PREVIEW_TIMEOUT_SECONDS = 300;

const USAGE = `Usage: ecs-lifecycle preview <cdktf.out folder or stack folder> [--format text|markdown|json] [--fail-on-unknown]
                             [--endpoint <url>] [--project-id <id>] [--timeout <seconds>]

Reads the synthesized plan and the cloud (read-only: GET requests only) and predicts, for every server and
group each operation of each stack acts on, in apply order, what terraform apply will do: change (from → to),
already-done, refused (with the reason and the fix apply would print) or unknown (a server id Terraform knows
only at apply, a step whose effect the cloud cannot show). Destroy-time operations are listed apart.

The cloud, region, project and endpoint come from the plan (the stack's EcsEnvironment); --endpoint and
--project-id override them. Credentials as for exec (environment): OS_ACCESS_KEY + OS_SECRET_KEY (or HW_…)
[+ OS_SECURITY_TOKEN], or OS_AUTH_TOKEN, or OS_USERNAME + OS_PASSWORD + OS_DOMAIN_NAME. The preview needs only
the actions of ecs-iam-preview-policy.json, which synth writes beside ecs-iam-policy.json.

Exit codes: 0 nothing would be refused (unknown targets are listed); 1 some operation would be refused (or,
with --fail-on-unknown, some target is unknown); 2 usage or input; 3 credentials or permission; 4 timeout.`;

/** Runs `preview` with the arguments after it; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  return runPreview(
    argv,
    process.env,
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  );
}

/** `main` with its environment and output passed in. */
export async function runPreview(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdout: (text: string) => void,
  writeStderr: (text: string) => void,
): Promise<number> {
  const redactor = new Redactor().add(...SECRET_VARIABLES.map((name) => env[name]));
  const stderr = (text: string) => writeStderr(printableLine(redactor.redact(text)));
  let options: PreviewOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    stderr(`ecs-lifecycle preview: ${(error as Error).message}. Run 'ecs-lifecycle preview --help' for the options.\n`);
    return ExitCode.USAGE;
  }
  if (options.help) {
    stdout(`${USAGE}\n`);
    return ExitCode.OK;
  }
  try {
    const stacks: PreviewStack[] = [];
    const deadline = new Deadline(options.timeoutMs);
    for (const stack of readPlan(options.path)) stacks.push(await previewStack(stack, options, env, redactor, deadline));
    const report: PreviewReport = { formatVersion: 1, stacks, summary: summarize(stacks) };
    stdout(renderPreview(report, options.format));
    if (options.format !== 'text') stderr(`ecs-lifecycle preview: ${describeSummary(report.summary)}\n`);
    return report.summary.refused > 0 || (options.failOnUnknown && report.summary.unknown > 0) ? ExitCode.FAILED : ExitCode.OK;
  } catch (error) {
    if (!(error instanceof EcsLifecycleError)) throw error;
    const fix = previewAdvice(error);
    stderr(`ecs-lifecycle preview failed: ${error.message}.${fix ? ` Fix: ${fix}.` : ''}\n`);
    return error.exitCode;
  }
}

interface PreviewOptions {
  readonly help: boolean;
  readonly path: string;
  readonly format: PreviewFormat;
  readonly failOnUnknown: boolean;
  readonly endpoint?: string;
  readonly projectId?: string;
  readonly timeoutMs: number;
}

function parseOptions(argv: readonly string[]): PreviewOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on-unknown': { type: 'boolean', default: false },
      endpoint: { type: 'string' },
      'project-id': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true, path: '', format: 'text', failOnUnknown: false, timeoutMs: 0 };
  if (positionals.length !== 1) throw new Error(`expected one cdktf.out folder or stack folder, found ${positionals.length} arguments`);
  const format = values.format as PreviewFormat;
  if (!PREVIEW_FORMATS.includes(format)) throw new Error(`--format ${JSON.stringify(values.format)} is not one of ${PREVIEW_FORMATS.join(', ')}`);
  let timeoutMs = DEFAULT_PREVIEW_TIMEOUT_SECONDS * 1000;
  if (values.timeout !== undefined) {
    const seconds = secondsToMs(values.timeout);
    if (!('ms' in seconds)) throw new Error(`--timeout ${JSON.stringify(values.timeout)} is not a number of seconds`);
    timeoutMs = seconds.ms;
  }
  return {
    help: false,
    path: positionals[0],
    format,
    failOnUnknown: values['fail-on-unknown'] === true,
    endpoint: values.endpoint,
    projectId: values['project-id'],
    timeoutMs,
  };
}

/** One stack, with the settings its plan holds (overridden by the flags) and a read-only client. */
async function previewStack(
  stack: PlannedStack,
  options: PreviewOptions,
  env: NodeJS.ProcessEnv,
  redactor: Redactor,
  deadline: Deadline,
): Promise<PreviewStack> {
  const first = stack.steps[0] ?? stack.destroySteps[0];
  const args: ExecArguments = {
    ...first.args,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.projectId !== undefined ? { projectId: options.projectId } : {}),
  };
  const unknown = (['cloud', 'region', 'projectId', 'endpoint'] as const).filter((name) => args[name] !== undefined && isUnknown(args[name]!));
  if (unknown.length) {
    throw new InvalidArgumentError([
      `stack ${stack.stack}: the plan's ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is a'} Terraform reference(s) known only at apply; pass --project-id or --endpoint`,
    ]);
  }
  const settings = resolveExecSettings(first.operation, args, env);
  const credentials = credentialsFromEnv(env);
  const client = new ReadOnlyClient({
    endpoint: settings.endpoint,
    iamEndpoint: credentials.kind === 'password' ? resolveIamEndpoint(settings, credentials.authUrl) : settings.endpoint,
    projectId: settings.projectId,
    credentials,
    redactor,
    deadline,
  });
  try {
    return await predictStack(stack, client, settings.endpoint);
  } finally {
    client.close();
  }
}

/** The fix for a failure of the preview itself: a refused read names the preview's own policy. */
function previewAdvice(error: EcsLifecycleError): string | undefined {
  if (error.fix) return error.fix;
  if (error instanceof AuthError && error.status === 403) {
    return 'grant the credentials the actions of ecs-iam-preview-policy.json, which synth writes beside ecs-iam-policy.json';
  }
  if (error instanceof InvalidArgumentError) return undefined;
  // The reads of every operation are the same calls: the advice of any of them fits.
  return adviceFor(error, { operation: 'server-stop' });
}
