/**
 * `ecs-lifecycle emulator`: starts the emulator on 127.0.0.1, prints the URL and the test credentials to
 * use, says loudly whether IAM enforcement is on, and serves until SIGINT or SIGTERM.
 */
import { createWriteStream, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parsePolicyDocument, type PolicyDocument } from '../iam';
import { enforceablePolicy } from './private/enforceable-policy';
import { DEFAULT_USERS, type EmulatorOptions, type SeedServer, type SeedServerGroup } from './emulator-options';
import type { EmulatorTimings } from './emulator-timings';
import type { FaultRule } from './fault-rule';
import { type Emulator, startEmulator } from './start-emulator';
import type { AuditEntry } from './audit-entry';
import { seedFromPlan, type PlanSeed } from './servers-from-plan';

const USAGE = `Usage: ecs-lifecycle emulator [options]

Starts an OTC / Huawei Cloud ECS API emulator on 127.0.0.1 and serves until interrupted.

Options:
  --port N                 port on 127.0.0.1 (default 0: a free port)
  --project-id ID          project id the URLs must carry (default 0123456789abcdef0123456789abcdef)
  --access-key AK          accepted access key (with --secret-key; default: a fixed test pair)
  --secret-key SK          its secret key
  --token TOKEN            also accept this X-Auth-Token (repeatable)
  --servers FILE           JSON array of seed servers: {id, name, flavorRef, imageId, status: ACTIVE|SHUTOFF, locked?}
  --servers-from DIR       seed every server a synthesized stack's plan names (DIR/cdk.tf.json), in a state the plan
                           can run from; also takes the plan's project id unless --project-id is given
  --server-groups FILE     JSON array of seed server groups: {id?, name, policies: ["anti-affinity"], members?}
  --policy FILE            IAM policy document (Version 1.1) to enforce; without it nothing is enforced
  --cloud otc|huaweicloud  whose action names the policy must carry (default otc; Huawei Cloud names the ECS-group actions its own way)
  --timings FILE           JSON object of transition times in ms: start, stop, reboot, resize, revertResize, jobQueued, jobRunning
  --faults FILE            JSON array of fault rules: {route?, kind, times?, delayMs?, retryAfterSeconds?, serverId?, errorCode?, failReason?}
  --flavors A,B,...        flavor ids a resize may target
  --env-out FILE           write the credentials as OS_ACCESS_KEY=… lines (source it with set -a) once listening
  --audit FILE             write every request as one JSON line (the fields of the audit log) while serving
  --help                   print this help`;

/** Parsed command line. */
interface Arguments {
  readonly options: EmulatorOptions;
  readonly policyFile?: string;
  readonly plan?: { readonly dir: string; readonly seed: PlanSeed };
  readonly envFile?: string;
  readonly auditFile?: string;
}

export async function main(argv: string[]): Promise<number> {
  let args: Arguments;
  try {
    const parsed = parseArguments(argv);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    args = parsed;
  } catch (error) {
    process.stderr.write(`ecs-lifecycle emulator: refusing to start: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.auditFile !== undefined) {
    try {
      writeFileSync(args.auditFile, ''); // a path it cannot write is refused now, not at the first request
    } catch (error) {
      process.stderr.write(
        `ecs-lifecycle emulator: refusing to start: --audit ${args.auditFile}: cannot write the file (${(error as NodeJS.ErrnoException).code})\n`,
      );
      return 2;
    }
  }
  const audit = args.auditFile !== undefined ? createWriteStream(args.auditFile, { flags: 'a' }) : undefined;
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ ...args.options, ...(audit ? { onAudit: (entry) => audit.write(`${JSON.stringify(entry)}\n`) } : {}) });
  } catch (error) {
    process.stderr.write(`ecs-lifecycle emulator: refusing to start: ${(error as Error).message}\n`);
    return 1;
  }
  // Listen for the signals before printing the URL: a caller may signal as soon as it reads it.
  const interrupted = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const { options } = args;
  const user = (options.users ?? DEFAULT_USERS)[0];
  const lines = [
    `ECS emulator listening on ${emulator.url}`,
    `  project id:  ${emulator.projectId}`,
    ...emulator.credentials.map((c) => `  access key:  ${c.accessKey}\n  secret key:  ${c.secretKey}`),
    `  token auth:  POST ${emulator.url}/v3/auth/tokens as user "${user.name}" password "${user.password}" domain "${user.domain}"`,
    `  servers:     ${emulator.servers().length} seeded${args.plan ? ` from ${args.plan.dir}` : ''}; server groups: ${emulator.serverGroups().length}`,
    ...(args.plan && args.plan.seed.unresolved.length > 0
      ? [`  not seeded:  ${args.plan.seed.unresolved.length} server id(s) the plan resolves only at apply (${args.plan.seed.unresolved.join(', ')})`]
      : []),
    ...(args.auditFile ? [`  audit:       one JSON line per request in ${args.auditFile}`] : []),
    args.policyFile
      ? `  IAM enforcement: ON (${args.policyFile}, ${options.policy?.Statement.length} statement(s), ${options.cloud ?? 'otc'} action names); calls the policy does not allow get 403`
      : '  IAM enforcement: OFF (no --policy); every authenticated call is allowed',
    'For the CLI and terraform apply, in this shell:',
    ...credentialLines(emulator.credentials[0]).map((line) => `  export ${line}`),
    ...(args.envFile ? [`  (also written to ${args.envFile})`] : []),
    'Press Ctrl+C to stop.',
  ];
  if (args.envFile) writeAtomically(args.envFile, `${credentialLines(emulator.credentials[0]).join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
  await interrupted;
  await emulator.close();
  await new Promise<void>((resolve) => (audit ? audit.end(resolve) : resolve()));
  process.stdout.write(`ECS emulator stopped: ${shutdownSummary(emulator.audit)}\n`);
  return 0;
}

/** `OS_ACCESS_KEY=…` and `OS_SECRET_KEY=…` (and the security token), each value quoted for a POSIX shell when needed. */
function credentialLines(credential: Emulator['credentials'][number]): string[] {
  return [
    `OS_ACCESS_KEY=${shellWord(credential.accessKey)}`,
    `OS_SECRET_KEY=${shellWord(credential.secretKey)}`,
    ...(credential.securityToken ? [`OS_SECURITY_TOKEN=${shellWord(credential.securityToken)}`] : []),
  ];
}

function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

// Readers wait for the file to appear: it appears whole.
function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** `12 calls, 1 denied; by route: server-show 6, server-action:os-stop 1 (1 denied), …` (routes in id order). */
export function shutdownSummary(entries: readonly AuditEntry[]): string {
  const byRoute = new Map<string, { calls: number; denied: number }>();
  for (const entry of entries) {
    const key = entry.route ?? '(no route)';
    const counts = byRoute.get(key) ?? { calls: 0, denied: 0 };
    counts.calls += 1;
    if (entry.decision === 'denied') counts.denied += 1;
    byRoute.set(key, counts);
  }
  const denied = entries.filter((e) => e.decision === 'denied').length;
  const routes = [...byRoute]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([route, c]) => `${route} ${c.calls}${c.denied > 0 ? ` (${c.denied} denied)` : ''}`);
  return `${entries.length} calls, ${denied} denied${routes.length > 0 ? `; by route: ${routes.join(', ')}` : ''}`;
}

function parseArguments(argv: readonly string[]): Arguments | 'help' {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (!FLAGS.includes(flag)) throw new Error(`unknown option '${flag}'\n\n${USAGE}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  const one = (flag: string): string | undefined => {
    const all = values.get(flag);
    if (all && all.length > 1) throw new Error(`${flag} may be given once`);
    return all?.[0];
  };
  const port = one('--port');
  if (port !== undefined && !/^\d+$/.test(port)) throw new Error(`--port must be a number, found '${port}'`);
  const accessKey = one('--access-key');
  const secretKey = one('--secret-key');
  if ((accessKey === undefined) !== (secretKey === undefined)) throw new Error('--access-key and --secret-key go together');
  const policyFile = one('--policy');
  const serversFile = one('--servers');
  const serversFrom = one('--servers-from');
  if (serversFile !== undefined && serversFrom !== undefined) throw new Error('give --servers or --servers-from, not both');
  const plan = serversFrom !== undefined ? { dir: serversFrom, seed: seedFromPlan(serversFrom) } : undefined;
  const projectId = one('--project-id') ?? plan?.seed.projectId;
  const groupsFile = one('--server-groups');
  const timingsFile = one('--timings');
  const faultsFile = one('--faults');
  const flavors = one('--flavors');
  const cloud = one('--cloud');
  if (cloud !== undefined && cloud !== 'otc' && cloud !== 'huaweicloud') throw new Error(`--cloud must be otc or huaweicloud, found '${cloud}'`);
  const options: EmulatorOptions = {
    ...(cloud !== undefined ? { cloud } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(projectId !== undefined ? { projectId } : {}),
    ...(accessKey !== undefined && secretKey !== undefined ? { credentials: [{ accessKey, secretKey }] } : {}),
    ...(values.has('--token') ? { tokens: values.get('--token') } : {}),
    ...(serversFile ? { servers: readJsonArray<SeedServer>(serversFile, '--servers') } : {}),
    ...(plan ? { servers: plan.seed.servers } : {}),
    ...(groupsFile ? { serverGroups: readJsonArray<SeedServerGroup>(groupsFile, '--server-groups') } : {}),
    ...(policyFile ? { policy: readPolicy(policyFile) } : {}),
    ...(timingsFile ? { timings: readJson(timingsFile, '--timings') as EmulatorTimings } : {}),
    ...(faultsFile ? { faults: readJsonArray<FaultRule>(faultsFile, '--faults') } : {}),
    ...(flavors
      ? {
          flavors: flavors
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
        }
      : {}),
  };
  return { options, policyFile, plan, envFile: one('--env-out'), auditFile: one('--audit') };
}

const FLAGS = [
  '--port',
  '--project-id',
  '--access-key',
  '--secret-key',
  '--token',
  '--servers',
  '--servers-from',
  '--server-groups',
  '--policy',
  '--cloud',
  '--timings',
  '--faults',
  '--flavors',
  '--env-out',
  '--audit',
];

// A malformed policy stops the start: an emulator that silently enforces nothing proves nothing.
function readPolicy(file: string): PolicyDocument {
  return enforceablePolicy(parsePolicyDocument(readText(file, '--policy'), file), file);
}

function readJsonArray<T>(file: string, flag: string): T[] {
  const value = readJson(file, flag);
  if (!Array.isArray(value)) throw new Error(`${flag} ${file}: expected a JSON array`);
  return value as T[];
}

function readJson(file: string, flag: string): unknown {
  try {
    return JSON.parse(readText(file, flag));
  } catch (error) {
    throw new Error(`${flag} ${file}: not valid JSON (${(error as Error).message})`);
  }
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
