/**
 * `ecs-lifecycle emulator`: starts the emulator on 127.0.0.1, prints the URL and the test credentials to
 * use, says loudly whether IAM enforcement is on, and serves until SIGINT or SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parsePolicyDocument, type PolicyDocument } from '../iam';
import { enforceablePolicy } from './private/enforceable-policy';
import { DEFAULT_USERS, type EmulatorOptions, type SeedServer, type SeedServerGroup } from './emulator-options';
import type { EmulatorTimings } from './emulator-timings';
import type { FaultRule } from './fault-rule';
import { type Emulator, startEmulator } from './start-emulator';

const USAGE = `Usage: ecs-lifecycle emulator [options]

Starts an OTC / Huawei Cloud ECS API emulator on 127.0.0.1 and serves until interrupted.

Options:
  --port N                 port on 127.0.0.1 (default 0: a free port)
  --project-id ID          project id the URLs must carry (default 0123456789abcdef0123456789abcdef)
  --access-key AK          accepted access key (with --secret-key; default: a fixed test pair)
  --secret-key SK          its secret key
  --token TOKEN            also accept this X-Auth-Token (repeatable)
  --servers FILE           JSON array of seed servers: {id, name, flavorRef, imageId, status: ACTIVE|SHUTOFF, locked?}
  --server-groups FILE     JSON array of seed server groups: {id?, name, policies: ["anti-affinity"], members?}
  --policy FILE            IAM policy document (Version 1.1) to enforce; without it nothing is enforced
  --cloud otc|huaweicloud  whose action names the policy must carry (default otc; Huawei Cloud names the ECS-group actions its own way)
  --timings FILE           JSON object of transition times in ms: start, stop, reboot, resize, revertResize, jobQueued, jobRunning
  --faults FILE            JSON array of fault rules: {route?, kind, times?, delayMs?, retryAfterSeconds?, serverId?, errorCode?, failReason?}
  --flavors A,B,...        flavor ids a resize may target
  --help                   print this help`;

/** Parsed command line. */
interface Arguments {
  readonly options: EmulatorOptions;
  readonly policyFile?: string;
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
  let emulator: Emulator;
  try {
    emulator = await startEmulator(args.options);
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
    `  servers:     ${emulator.servers().length} seeded; server groups: ${emulator.serverGroups().length}`,
    args.policyFile
      ? `  IAM enforcement: ON (${args.policyFile}, ${options.policy?.Statement.length} statement(s), ${options.cloud ?? 'otc'} action names); calls the policy does not allow get 403`
      : '  IAM enforcement: OFF (no --policy); every authenticated call is allowed',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await interrupted;
  await emulator.close();
  process.stdout.write('ECS emulator stopped.\n');
  return 0;
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
  const groupsFile = one('--server-groups');
  const timingsFile = one('--timings');
  const faultsFile = one('--faults');
  const flavors = one('--flavors');
  const cloud = one('--cloud');
  if (cloud !== undefined && cloud !== 'otc' && cloud !== 'huaweicloud') throw new Error(`--cloud must be otc or huaweicloud, found '${cloud}'`);
  const options: EmulatorOptions = {
    ...(cloud !== undefined ? { cloud } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(one('--project-id') !== undefined ? { projectId: one('--project-id') } : {}),
    ...(accessKey !== undefined && secretKey !== undefined ? { credentials: [{ accessKey, secretKey }] } : {}),
    ...(values.has('--token') ? { tokens: values.get('--token') } : {}),
    ...(serversFile ? { servers: readJsonArray<SeedServer>(serversFile, '--servers') } : {}),
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
  return { options, policyFile };
}

const FLAGS = [
  '--port',
  '--project-id',
  '--access-key',
  '--secret-key',
  '--token',
  '--servers',
  '--server-groups',
  '--policy',
  '--cloud',
  '--timings',
  '--faults',
  '--flavors',
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
