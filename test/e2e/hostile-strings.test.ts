/**
 * Hostile strings through real Terraform. Property-generated values (fast-check, fixed seed) go into every
 * field a plan carries: construct ids, string props, token values supplied as Terraform variables, and
 * EcsEnvironment fields. The stack is synthesized with `terraform_data`, its CLI is a stand-in that records
 * its argv, and `terraform apply` and `terraform destroy` run it. For every value, either synth refused it
 * with a SynthError, or the recorded argument holds exactly its bytes; and no payload ever ran: nothing
 * appears in the canary directory or beside the plan but what Terraform and the recorder write.
 * All cases of a field share one stack, so one apply and one destroy cover them.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import * as fc from 'fast-check';
import type { IConstruct } from 'constructs';
import { EcsEnvironment, type EcsEnvironmentProps, ServerChangeOs, ServerGroup, ServerLock, ServerResize, ServerStop, SynthError } from '../../src';
import { describeWithTerraform } from './terraform-harness';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 200);
const SEED = 20261202;
const PROJECT_ID = '0123456789abcdef0123456789abcdef';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-hostile-'));
const canary = path.join(root, 'canary');
const records = path.join(root, 'records');
const recorder = path.join(root, 'recorder.sh');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Fragments an attacker would use: quotes, command substitution, Terraform templates, shell operators, line
// breaks, terminal escapes, non-ASCII. The shell payloads write into the canary directory.
const PAYLOADS = [
  "'",
  '"',
  '\\',
  `$(touch ${canary}/dollar)`,
  `\`touch ${canary}/backtick\``,
  `; touch ${canary}/semicolon;`,
  `| touch ${canary}/pipe`,
  `& touch ${canary}/amp &`,
  '${file("/etc/hostname")}',
  '${"\\u0027"}',
  '%{if true}x%{endif}',
  '$${',
  '%%{',
  '$',
  '%',
  '{',
  '}',
  '\n',
  '\r',
  '\x1b[2K\rdone',
  '\t',
  ' ',
  '日本',
  'é',
  '😀',
  '-',
  '--server-id',
  '=',
  '/',
  '..',
  '*',
  '~',
  '#',
  '!',
];
const fragment = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: 'grapheme', maxLength: 4 }));
/** Hostile strings: mostly fragments of payloads, sometimes 10 KB long; no NUL (argv cannot carry it). */
const hostile = fc
  .oneof(
    { weight: 9, arbitrary: fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('').repeat(10_240).slice(0, 10_240)) },
    // A lone surrogate (half of a pair cut off) is not text: no file, argv or Terraform value can hold it.
  )
  .filter((s) => s.length > 0 && !s.includes('\u0000') && !/\p{Surrogate}/u.test(s));
const sample = (salt: number) => fc.sample(hostile, { numRuns: RUNS, seed: SEED + salt });

/** `00000000-0000-4000-8000-<field><index>`: a distinct server per case, so no two cases chain. */
const server = (field: number, index: number) => `00000000-0000-4000-8000-${String(field).padStart(4, '0')}${String(index).padStart(8, '0')}`;

/** What one recorded run must show. */
interface Expectation {
  readonly field: string;
  readonly value: string;
  /** The construct path the run carries. */
  readonly path: string;
  /** The flag whose value must be `value`'s bytes (after `decode`). */
  readonly flag: string;
  readonly decode?: (recorded: string) => string;
  /** Whether a destroy-time run must show it as well. */
  readonly atDestroy?: boolean;
}

/**
 * The outcome of offering one value to synth: refused (a SynthError thrown, or recorded as an error annotation on
 * the construct made in `scope`) or accepted. A refused construct joins as a placeholder carrying its error: it is
 * taken out again, so that the rest of the stack synthesizes and applies.
 */
function attempt(make: () => void, scope?: IConstruct): 'refused' | 'accepted' {
  const before = new Set(scope?.node.children ?? []);
  try {
    make();
  } catch (error) {
    if (!(error instanceof SynthError)) throw error;
    return 'refused';
  }
  const refused = (scope?.node.children ?? []).filter((c) => !before.has(c) && c.node.metadata.some((m) => m.type === '@cdktf/error'));
  for (const construct of refused) scope?.node.tryRemoveChild(construct.node.id);
  return refused.length ? 'refused' : 'accepted';
}

describeWithTerraform('hostile strings through real Terraform', () => {
  beforeAll(() => {
    fs.mkdirSync(canary);
    fs.mkdirSync(records);
    // The stand-in CLI: one file per run, its arguments NUL-separated. "$@" hands each argument over untouched.
    fs.writeFileSync(recorder, '#!/bin/sh\nf=$(mktemp "$RECORD_DIR/run.XXXXXXXX") || exit 1\nprintf \'%s\\0\' "$0" "$@" > "$f"\n', { mode: 0o755 });
  });

  test(`every field, ${RUNS} values each: refused at synth, or passed byte for byte at apply and destroy`, async () => {
    const expectations: Expectation[] = [];
    const variables: Record<string, string> = {};
    const outcomes: Record<string, { refused: number; accepted: number }> = {};
    const count = (field: string, outcome: 'refused' | 'accepted') => {
      outcomes[field] ??= { refused: 0, accepted: 0 };
      outcomes[field][outcome] += 1;
    };

    // EcsEnvironment fields, each offered in a scratch stack; the accepted cliCommand words then run every command.
    const environment = (props: Partial<EcsEnvironmentProps>) => {
      const scratch = new TerraformStack(new App({ outdir: path.join(root, 'scratch') }), 'scratch');
      return attempt(() => {
        new EcsEnvironment(scratch, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: PROJECT_ID, resourceType: 'terraform_data', ...props });
      }, scratch);
    };
    const words: string[] = [];
    for (const word of sample(1)) {
      const outcome = environment({ cliCommand: [recorder, word] });
      count('cliCommand word', outcome);
      if (outcome === 'accepted') words.push(word);
    }
    for (const [salt, field] of [
      [2, 'endpoint'],
      [3, 'region'],
      [4, 'projectId'],
      [5, 'cliCommand'],
    ] as const) {
      for (const value of sample(salt)) {
        const outcome = environment({ [field]: value });
        count(field, outcome);
        // What synth accepts here is an origin, a known region, 32 hex characters, or words with no shell syntax.
        if (outcome === 'accepted') expect(value).toMatch(/^(https?:\/\/[A-Za-z0-9.:-]+\/?|[a-z0-9-]+|[0-9a-f]{32}|[A-Za-z0-9_./:=@%+,~^ -]+)$/);
      }
    }
    // The accepted words run the commands of a small stack of their own (every provisioner carries them all).
    const wordsStack = newStack('words', [recorder, ...words]);
    new ServerLock(wordsStack.stack, 'lock', { serverId: server(0, 1) });
    new ServerGroup(wordsStack.stack, 'group', { name: 'g' });
    const wordsRuns = await applyAndDestroy(wordsStack.app, 'words', 1 + words.length, {});
    expect(wordsRuns.created.map((r) => [r.operation, r.cli]).sort()).toEqual([
      ['server-group-create', [recorder, ...words]],
      ['server-lock', [recorder, ...words]],
    ]);
    expect(wordsRuns.destroyed.map((r) => [r.operation, r.cli])).toEqual([['server-group-delete', [recorder, ...words]]]);

    const { app, stack } = newStack('hostile', [recorder]);

    // Token values (Terraform variables) for every patterned field of one ServerChangeOs per case, with literal user data
    // and a rerun trigger (when synth accepts it alone). Terraform holds every string in Unicode NFC: that is the
    // value a variable has, and the one the CLI must get.
    const rerunValues = sample(18);
    const rerunTriggers: Record<string, string> = {};
    const rerunScratch = newStack('scratch', [recorder]).stack;
    const userData = sample(15);
    const tokenFields = [
      [7, 'serverId', '--server-id'],
      [8, 'imageId', '--image-id'],
      [9, 'keyName', '--key-name'],
      [10, 'userId', '--user-id'],
    ] as const;
    const tokenValues = tokenFields.map(([salt]) => sample(salt));
    for (let i = 0; i < RUNS; i += 1) {
      const id = `tokens-${i}`;
      const props: Record<string, string> = { userData: userData[i] };
      tokenFields.forEach(([, field, flag], f) => {
        variables[`${field}${i}`] = tokenValues[f][i];
        props[field] = new TerraformVariable(stack, `${field}${i}`, { type: 'string' }).stringValue;
        expectations.push({ field: `${field} token`, value: tokenValues[f][i].normalize('NFC'), path: `hostile/${id}`, flag });
        count(`${field} token`, 'accepted');
      });
      const rerunOutcome = attempt(() => new ServerLock(rerunScratch, `lock-${i}`, { serverId: server(2, i), rerunTrigger: rerunValues[i] }), rerunScratch);
      count('rerunTrigger', rerunOutcome);
      if (rerunOutcome === 'accepted') rerunTriggers[id] = rerunValues[i];
      new ServerChangeOs(stack, id, { ...props, rerunTrigger: rerunTriggers[id] } as never);
      count('userData', 'accepted');
      expectations.push({
        field: 'userData',
        value: userData[i],
        path: `hostile/${id}`,
        flag: '--user-data',
        decode: (recorded) => Buffer.from(recorded, 'base64').toString('utf8'),
      });
    }
    // A group name as a token: created at apply, deleted at destroy through the resource's own triggers (self).
    sample(11).forEach((value, i) => {
      variables[`group${i}`] = value;
      const group = new ServerGroup(stack, `token-group-${i}`, { name: new TerraformVariable(stack, `group${i}`, { type: 'string' }).stringValue });
      expectations.push({ field: 'group name token', value: value.normalize('NFC'), path: group.node.path, flag: '--name', atDestroy: true });
      count('group name token', 'accepted');
    });

    // Construct ids.
    sample(6).forEach((id, i) => {
      let lock: ServerLock | undefined;
      const outcome = attempt(() => {
        lock = new ServerLock(stack, id, { serverId: server(6, i) });
      }, stack);
      count('construct id', outcome);
      if (lock && outcome === 'accepted') expectations.push({ field: 'construct id', value: lock.node.path, path: lock.node.path, flag: '--construct-path' });
    });

    // Every string prop, as a literal.
    const props: readonly [number, string, string, (id: string, value: string, i: number) => void][] = [
      [12, 'serverId', '--server-id', (id, value) => new ServerLock(stack, id, { serverId: value })],
      [13, 'flavorRef', '--flavor-ref', (id, value, i) => new ServerResize(stack, id, { serverId: server(13, i), flavorRef: value })],
      [14, 'imageId', '--image-id', (id, value, i) => new ServerChangeOs(stack, id, { serverId: server(14, i), imageId: value, keyName: 'k' })],
      [16, 'keyName', '--key-name', (id, value, i) => new ServerChangeOs(stack, id, { serverId: server(16, i), imageId: server(0, 0), keyName: value })],
      [
        17,
        'userId',
        '--user-id',
        (id, value, i) => new ServerChangeOs(stack, id, { serverId: server(17, i), imageId: server(0, 0), keyName: 'k', userId: value }),
      ],
      [
        19,
        'adminPasswordEnv',
        '--admin-password-env',
        (id, value, i) => new ServerChangeOs(stack, id, { serverId: server(19, i), imageId: server(0, 0), adminPasswordEnv: value }),
      ],
      [20, 'name', '--name', (id, value) => new ServerGroup(stack, id, { name: value })],
      [21, 'stopType', '--stop-type', (id, value, i) => new ServerStop(stack, id, { serverId: server(21, i), stopType: value as never })],
    ];
    for (const [salt, field, flag, make] of props) {
      sample(salt).forEach((value, i) => {
        const id = `${field}-${i}`;
        const outcome = attempt(() => make(id, value, i), stack);
        count(field, outcome);
        if (outcome === 'accepted') expectations.push({ field, value, path: `hostile/${id}`, flag, atDestroy: field === 'name' });
      });
    }
    const { created, destroyed, state } = await applyAndDestroy(app, 'hostile', 1, variables);

    // Every accepted value arrived byte for byte, at apply and (for destroy-time commands) at destroy.
    const runsByPath = (runs: Run[]) => new Map(runs.map((r) => [r.path, r]));
    const atApply = runsByPath(created.filter((r) => r.operation !== 'server-group-delete'));
    const atDestroy = runsByPath(destroyed);
    expect(destroyed.every((r) => r.operation === 'server-group-delete')).toBe(true);
    const mismatches = expectations.flatMap((e) =>
      (e.atDestroy
        ? ([
            ['apply', atApply],
            ['destroy', atDestroy],
          ] as const)
        : ([['apply', atApply]] as const)
      ).flatMap(([phase, runs]) => {
        const recorded = runs.get(e.path);
        const value = recorded?.flags.get(e.flag);
        const got = value !== undefined && e.decode ? e.decode(value) : value;
        return recorded?.cli.length === 1 && recorded.cli[0] === recorder && got === e.value
          ? []
          : [{ field: e.field, phase, path: e.path, want: e.value, got }];
      }),
    );
    expect(mismatches).toEqual([]);
    expect(atApply.size).toBe(created.length);
    // rerunTrigger reaches the state as given, never evaluated by Terraform.
    const triggersOf = (name: string) => state.resources.find((r: { name: string }) => r.name === name).instances[0].attributes.triggers_replace.value;
    for (const [name, value] of Object.entries(rerunTriggers)) expect({ name, trigger: triggersOf(name).rerun_trigger }).toEqual({ name, trigger: value });

    // No payload ran: the canary directory is empty, and beside the plan there is only what Terraform writes.
    expect(fs.readdirSync(canary)).toEqual([]);
    // Each field got its values; the token fields and user data are accepted whole, the patterned ones mostly refused.
    for (const field of Object.keys(outcomes)) expect(outcomes[field].refused + outcomes[field].accepted).toBeGreaterThanOrEqual(RUNS);
    expect(outcomes.userData.accepted).toBeGreaterThan(RUNS / 2);
    expect(outcomes['construct id'].accepted).toBeGreaterThan(0);
    expect(outcomes.rerunTrigger.accepted).toBeGreaterThan(0);
  }, 600_000);

  test('the reproductions of issue 12 run nothing and arrive as written', async () => {
    // GIVEN the construct id, token value, rerun trigger and group name that used to run as shell or template
    const { app, stack } = newStack('reproductions', [recorder]);
    // (`touch x` would write beside the plan, where Terraform runs: applyAndDestroy checks that nothing appears there.)
    const id = '${"\\u0027"}$(touch x)${"\\u0027"}';
    const lock = new ServerLock(stack, id, { serverId: server(1, 1), rerunTrigger: '${file("/etc/hostname")}' });
    const quote = `x'; touch ${canary}/token; echo '`;
    new ServerStop(stack, 'stop', { serverId: new TerraformVariable(stack, 'sid', { type: 'string' }).stringValue });
    new ServerGroup(stack, 'group', { name: new TerraformVariable(stack, 'group_name', { type: 'string' }).stringValue });
    // WHEN applied and destroyed
    const { created, destroyed, state } = await applyAndDestroy(app, 'reproductions', 1, { sid: quote, group_name: `g'$(touch ${canary}/destroy)'` });
    // THEN each value reached the CLI as one argument, byte for byte, and no command ran
    const byOperation = new Map([...created, ...destroyed].map((r) => [r.operation, r]));
    expect(byOperation.get('server-lock')!.path).toBe(lock.node.path);
    expect(lock.node.path).toBe(`reproductions/${id}`);
    expect(byOperation.get('server-stop')!.flags.get('--server-id')).toBe(quote);
    expect(byOperation.get('server-group-delete')!.flags.get('--name')).toBe(`g'$(touch ${canary}/destroy)'`);
    const lockState = state.resources.find((r: { type: string; name: string }) => r.name === lock.friendlyUniqueId);
    expect(lockState.instances[0].attributes.triggers_replace.value.rerun_trigger).toBe('${file("/etc/hostname")}');
    expect(fs.readdirSync(canary)).toEqual([]);
  }, 120_000);
});

/** An app with one terraform_data stack whose commands run `cliCommand`. */
function newStack(name: string, cliCommand: string[]): { app: App; stack: TerraformStack } {
  const app = new App({ outdir: path.join(root, name) });
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new EcsEnvironment(stack, 'ecs', {
    cloud: 'otc',
    region: 'eu-de',
    projectId: PROJECT_ID,
    resourceType: 'terraform_data',
    endpoint: 'http://127.0.0.1:1',
    cliCommand,
  });
  return { app, stack };
}

/**
 * Synthesizes the app, then runs terraform init, apply and destroy in the stack's directory, with the
 * variables from a file (-var-file carries any text, including line breaks). Returns the runs recorded at
 * apply and at destroy, and the state after apply; checks that nothing but Terraform's own files appeared.
 */
async function applyAndDestroy(app: App, name: string, cliWords: number, variables: Record<string, string>) {
  app.synth();
  const stackDir = path.join(app.outdir, 'stacks', name);
  fs.writeFileSync(path.join(stackDir, 'hostile.tfvars.json'), JSON.stringify(variables));
  const before = new Set(fs.readdirSync(stackDir));
  const cliConfig = path.join(root, 'empty.tfrc');
  fs.writeFileSync(cliConfig, '');
  const env = { ...process.env, RECORD_DIR: records, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig };
  const terraform = (...args: string[]) => run([`-chdir=${stackDir}`, ...args, '-input=false', '-no-color'], env);
  const init = await terraform('init');
  expect({ code: init.code, output: init.code ? init.output.slice(-3000) : '' }).toEqual({ code: 0, output: '' });
  const apply = await terraform('apply', '-auto-approve', '-parallelism=50', '-var-file=hostile.tfvars.json');
  expect({ code: apply.code, output: apply.code ? apply.output.slice(-3000) : '' }).toEqual({ code: 0, output: '' });
  const created = readRecords(cliWords);
  const state = JSON.parse(fs.readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8'));
  const destroy = await terraform('destroy', '-auto-approve', '-parallelism=50', '-var-file=hostile.tfvars.json');
  expect({ code: destroy.code, output: destroy.code ? destroy.output.slice(-3000) : '' }).toEqual({ code: 0, output: '' });
  const destroyed = readRecords(cliWords);
  const written = fs.readdirSync(stackDir).filter((file) => !before.has(file));
  expect(written.filter((file) => !/^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate(\.backup)?)$/.test(file))).toEqual([]);
  return { created, destroyed, state };
}

/** One recorded CLI run: the words before `exec`, the operation, its flags (with the construct path). */
interface Run {
  readonly cli: string[];
  readonly operation: string;
  readonly flags: Map<string, string>;
  readonly path: string;
}

const seen = new Set<string>();

/** The runs recorded since the last call. `cliWords` is how many words precede `exec`. */
function readRecords(cliWords: number): Run[] {
  const fresh = fs.readdirSync(records).filter((f) => !seen.has(f));
  fresh.forEach((f) => seen.add(f));
  return fresh.map((f) => {
    const argv = fs.readFileSync(path.join(records, f), 'utf8').split('\u0000').slice(0, -1);
    const flags = new Map<string, string>();
    for (let i = cliWords + 2; i + 1 < argv.length; i += 2) flags.set(argv[i], argv[i + 1]);
    return { cli: argv.slice(0, cliWords), operation: argv[cliWords + 1], flags, path: flags.get('--construct-path')! };
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
