/**
 * CONTRIBUTING.md's checklist, demonstrated: in a copy of the repository, a throwaway operation with a new argument
 * (`server-stop-with-reason`, `--reason`) is added by touching only the files the checklist names, at most eight of
 * them outside test/. The copy is then built and its tables and API report regenerated; the operation runs through the
 * copy's CLI against the emulator, synthesizes with its policy, and the completeness check finds nothing missing but
 * its tests.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CREDENTIALS, type Emulator, startEmulator } from '../../src/emulator';
import { parsePolicyDocument } from '../../src/iam';
import { missingPieces, type ProjectFacts } from '../helpers/completeness';

const ROOT = path.resolve(__dirname, '../..');
const CONTRIBUTING = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');
const SERVER = '1a2b3c4d-0000-4000-8000-0000000000c1';
const PROJECT = '0123456789abcdef0123456789abcdef';

// The contributor's new files, as written by following CONTRIBUTING.md.
const NEW_FILES: Readonly<Record<string, string>> = {
  'src/operations/server-stop-with-reason.ts': `import { defineOperation, QUICK_TIMEOUT_SECONDS } from './operation-definition';

export const serverStopWithReason = defineOperation({
  id: 'server-stop-with-reason',
  construct: 'ServerStopWithReason',
  when: 'create',
  summary: 'Stop a running ECS, saying why in the progress lines',
  target: 'server',
  rows: ['nova-stop'],
  reads: ['show-server'],
  arguments: { required: ['reason'], optional: [] },
  defaultTimeoutSeconds: QUICK_TIMEOUT_SECONDS,
  preconditions: ['unlocked'],
  calls: '\`os-stop\` (SOFT)',
  endState: '\`SHUTOFF\`, no task state',
  alreadyDone: '\`SHUTOFF\`',
  enterpriseProjectAlternative: 'none',
});
`,
  'src/runtime/commands/server-stop-with-reason.ts': `/** \`server-stop-with-reason\`: a progress line with the reason, then the native stop. */
import type { ServerTarget } from '../../operations/target';
import type { Command } from '../command';
import serverStop from './server-stop';

const serverStopWithReason: Command<ServerTarget> = async (context) => {
  context.progress.line(\`stopping because: \${context.input.reason}\`);
  return serverStop(context);
};

export default serverStopWithReason;
`,
  'src/constructs/server-stop-with-reason.ts': `import type { Construct } from 'constructs';
import { EXEC_ARGUMENTS } from '../cloud/exec-arguments';
import { checkRequired } from './private/validate';
import { ServerOperation, type ServerOperationProps } from './server-operation';

/** Properties of a {@link ServerStopWithReason}. */
export interface ServerStopWithReasonProps extends ServerOperationProps {
  /** Why the server is stopped: shown in the apply's progress lines. */
  readonly reason: string;
}

/** Stops a running server at apply time, saying why. */
export class ServerStopWithReason extends ServerOperation {
  constructor(scope: Construct, id: string, props: ServerStopWithReasonProps) {
    super(scope, id, props, {
      construct: 'ServerStopWithReason',
      plan: (subject) => ({
        operation: 'server-stop-with-reason',
        effect: { powerAfter: 'stopped' },
        args: { reason: checkRequired(subject, 'reason', props.reason, EXEC_ARGUMENTS.reason.rule) },
      }),
    });
  }
}
`,
};

// The contributor's one-line edits: [file, where (the first match), what replaces it]. Anchored on structure, not on
// neighbouring entries, so that other operations and arguments can come and go.
const EDITS: readonly (readonly [string, RegExp, string])[] = [
  ['src/operations/index.ts', /\n\nexport \* from/, "\nimport { serverStopWithReason } from './server-stop-with-reason';\n\nexport * from"],
  ['src/operations/index.ts', /\n\] as const;/, '\n  serverStopWithReason,\n] as const;'],
  ['src/constructs/index.ts', /$/, "export * from './server-stop-with-reason';\n"],
  ['src/cloud/exec-arguments.ts', /(export type ExecArgumentName =[^;]*);/, "$1\n  | 'reason';"],
  [
    'src/cloud/exec-arguments.ts',
    /import \{ parseServerIds, type Validator, type ValidatorName \} from '..\/validation';/,
    "import { parseServerIds, pattern, type Validator, type ValidatorName } from '../validation';",
  ],
  [
    'src/cloud/exec-arguments.ts',
    /\n {2}\/\/ Last, so that the provisioner/,
    "\n  reason: { flag: '--reason', rule: pattern(/^[ -~]{1,200}$/, '1 to 200 printable ASCII characters', \"'patch day'\"), docs: 'why', input: asText },$&",
  ],
];

/** Every file of the copy outside node_modules and lib/, with a hash of its content. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (['node_modules', 'lib', 'build', 'cdktf.out', '.git'].includes(entry.name) && !rel) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile())
        files.set(
          child,
          createHash('sha256')
            .update(fs.readFileSync(path.join(dir, child)))
            .digest('hex'),
        );
    }
  };
  walk('');
  return files;
}

/** Whether CONTRIBUTING.md names a file: its path, or its pattern with `<operation-id>` or `<construct>`. */
function namedByContributing(file: string): boolean {
  if (CONTRIBUTING.includes(file)) return true;
  const patterns = [...CONTRIBUTING.matchAll(/`((?:src|docs|api)\/[\w/.-]*<[\w-]+>[\w/.-]*)`/g)].map((m) => m[1]);
  return patterns.some((p) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/<[\w-]+>/g, '[\\w-]+')}$`).test(file));
}

function node(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe("CONTRIBUTING.md's checklist: a throwaway operation with a new argument", () => {
  let copy: string;
  let touched: string[];
  let emulator: Emulator | undefined;

  beforeAll(() => {
    // GIVEN a copy of the repository as a fresh clone has it
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-contributor-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    node(copy, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
    node(copy, ['scripts/doc-tables.js']);
    node(copy, ['scripts/api-report.js', '--write']);
    const before = tree(copy);
    // WHEN the contributor writes the new files and the one-line edits
    for (const [file, text] of Object.entries(NEW_FILES)) fs.writeFileSync(path.join(copy, file), text);
    for (const [file, where, replacement] of EDITS) {
      const target = path.join(copy, file);
      const content = fs.readFileSync(target, 'utf8');
      if (!where.test(content)) throw new Error(`${file} has no ${where}: update this test's edit`);
      fs.writeFileSync(target, content.replace(where, replacement));
    }
    // AND builds, regenerates the tables and the API report, as CONTRIBUTING.md says
    node(copy, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
    node(copy, ['scripts/doc-tables.js']);
    node(copy, ['scripts/api-report.js', '--write']);
    const after = tree(copy);
    touched = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
  }, 300_000);

  afterAll(async () => {
    await emulator?.close();
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  test('at most eight files outside test/ were touched, each named by CONTRIBUTING.md', () => {
    const nonTest = touched.filter((f) => !f.startsWith('test/')).sort();
    expect(nonTest).toEqual([
      'api/index.api.md',
      'docs/cli.md',
      'src/cloud/exec-arguments.ts',
      'src/constructs/index.ts',
      'src/constructs/server-stop-with-reason.ts',
      'src/operations/index.ts',
      'src/operations/server-stop-with-reason.ts',
      'src/runtime/commands/server-stop-with-reason.ts',
    ]);
    expect(nonTest.length).toBeLessThanOrEqual(8);
    expect(nonTest.filter((f) => !namedByContributing(f))).toEqual([]);
  });

  test("the copy's docs and CLI help show the operation and its new flag", () => {
    const cli = fs.readFileSync(path.join(copy, 'docs/cli.md'), 'utf8');
    expect(cli).toContain('| `--reason` | 1 to 200 printable ASCII characters, e.g. `patch day` | required: `server-stop-with-reason` | why |');
    expect(cli).toContain('| ServerStopWithReason | `server-stop-with-reason` | create |');
    const help = node(copy, ['lib/cli.js', 'exec', '--help']);
    expect(help).toMatch(/^ {2}server-stop-with-reason +--server-id <serverId> --reason <reason>$/m);
  });

  test('it synthesizes with its policy, and runs through the CLI against the emulator under that policy', async () => {
    // GIVEN a stack using the new construct, synthesized by the copy's build in its own folder
    const app = path.join(copy, 'app');
    fs.mkdirSync(app);
    emulator = await startEmulator({ servers: [{ id: SERVER, name: 'web', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' }] });
    const main = [
      "const { App, TerraformStack } = require('cdktf');",
      "const { EcsEnvironment, ServerStopWithReason } = require('../lib');",
      "const app = new App({ outdir: 'out' });",
      "const stack = new TerraformStack(app, 'prod');",
      `new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '${PROJECT}', resourceType: 'terraform_data' });`,
      `new ServerStopWithReason(stack, 'stop', { serverId: '${SERVER}', reason: 'patch day' });`,
      'app.synth();',
    ].join('\n');
    fs.writeFileSync(path.join(app, 'main.js'), main);
    node(app, ['main.js']);
    const policyFile = path.join(app, 'out/stacks/prod/ecs-iam-policy.json');
    const policy = parsePolicyDocument(fs.readFileSync(policyFile, 'utf8'), policyFile);
    expect(policy.Statement[0].Action).toEqual(['ecs:cloudServers:showServer', 'ecs:servers:list', 'ecs:servers:stop']);
    const plan = fs.readFileSync(path.join(app, 'out/stacks/prod/cdk.tf.json'), 'utf8');
    expect(plan).toContain('"--reason",\n');
    // AND a reason its rule refuses, refused at synth with the rule's words
    fs.writeFileSync(path.join(app, 'bad.js'), main.replace("reason: 'patch day'", "reason: 'caf\\u00e9'"));
    expect(() => node(app, ['bad.js'])).toThrow(/reason.*1 to 200 printable ASCII characters/);
    // WHEN the copy's CLI runs it under exactly that policy
    emulator.setPolicy(policy);
    const env = {
      ...process.env,
      OS_ACCESS_KEY: DEFAULT_CREDENTIALS[0].accessKey,
      OS_SECRET_KEY: DEFAULT_CREDENTIALS[0].secretKey,
    };
    const argv = ['lib/cli.js', 'exec', 'server-stop-with-reason', '--cloud', 'otc', '--region', 'eu-de', '--project-id', PROJECT];
    const run = (reason: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [...argv, '--endpoint', emulator!.url, '--poll-interval', '0.05', '--server-id', SERVER, '--reason', reason, '--construct-path', 'prod/stop'],
          { cwd: copy, env, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('close', (code) => resolve({ code, stderr }));
      });
    // THEN a bad reason is refused before anything is sent, and a good one stops the server
    const refused = await run('x'.repeat(201));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--reason is "xxxx');
    const done = await run('patch day');
    expect({ code: done.code, stderr: done.code === 0 ? '' : done.stderr }).toEqual({ code: 0, stderr: '' });
    expect(done.stderr).toContain('[server-stop-with-reason prod/stop] stopping because: patch day');
    expect(emulator.server(SERVER)?.status).toBe('SHUTOFF');
    expect(emulator.audit.filter((e) => e.decision === 'denied')).toEqual([]);
  }, 120_000);

  test('the completeness check finds nothing missing in the copy but the tests', () => {
    const facts = JSON.parse(
      node(copy, [
        '-e',
        [
          "const ops = require('./lib/operations');",
          "const lib = require('./lib');",
          "const { EXEC_ARGUMENTS } = require('./lib/cloud/exec-arguments');",
          "const { PERMISSION_ROWS } = require('./lib/permissions/permission-rows');",
          "const { ROUTE_IAM } = require('./lib/emulator/route-table');",
          "const { commandOf } = require('./lib/runtime/commands');",
          'const commands = ops.OPERATION_DEFINITIONS.map((d) => d.id).filter((id) => { try { return typeof commandOf(id) === "function"; } catch { return false; } });',
          'process.stdout.write(JSON.stringify({ definitions: ops.OPERATION_DEFINITIONS, library: Object.fromEntries(Object.keys(lib).map((k) => [k, typeof lib[k]])),',
          '  argumentNames: Object.keys(EXEC_ARGUMENTS), rows: PERMISSION_ROWS, emulatedActions: Object.values(ROUTE_IAM).filter(Boolean).map((r) => r.action), commands }));',
        ].join('\n'),
      ]),
    ) as Omit<ProjectFacts, 'library' | 'commands'> & { library: Record<string, string>; commands: string[] };
    const library = Object.fromEntries(Object.entries(facts.library).map(([k, type]) => [k, type === 'function' ? () => undefined : {}]));
    const projectFacts: ProjectFacts = { ...facts, library, commands: (id) => facts.commands.includes(id) };
    expect(missingPieces(copy, projectFacts, { tests: false })).toEqual([]);
    expect(missingPieces(copy, projectFacts).filter((m) => m.startsWith('server-stop-with-reason'))).toEqual([
      'server-stop-with-reason: a case in test/permissions/catalog.test.ts',
      'server-stop-with-reason: a case in test/runtime/exec/operations.test.ts',
      'server-stop-with-reason: a case in test/reliability/fault-matrix.test.ts',
      'server-stop-with-reason: a synth case in test/constructs/ (new ServerStopWithReason(…))',
    ]);
  });
});
