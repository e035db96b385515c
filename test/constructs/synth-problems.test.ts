import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type App, TerraformStack } from 'cdktf';
import fc from 'fast-check';
import { EcsEnvironment, ServerChangeOs, ServerFleetMaintenance, ServerGroup, ServerResize, ServerStart, ServerStop, SynthError } from '../../src';
import { LifecyclePolicyRole } from '../../src/role';
import { allFiles, newApp, newStack, PROJECT_ID, refusalOf, SERVER_1, SERVER_2, stackFiles } from '../helpers/synth';

// An app with three mistakes in two stacks: a malformed server id, a flavor with a space (in a construct whose id
// holds an ESC sequence), and an OS change of a running server.
const LIB = resolve(__dirname, '../../lib');
const CDKTF = dirname(require.resolve('cdktf/package.json'));
const THREE_MISTAKES = `
const { App, TerraformStack } = require(${JSON.stringify(CDKTF)});
const { EcsEnvironment, ServerChangeOs, ServerResize, ServerStart, ServerStop } = require(${JSON.stringify(LIB)});
const app = new App();
for (const id of ['prod', 'staging']) {
  const stack = new TerraformStack(app, id);
  new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '${PROJECT_ID}', resourceType: 'terraform_data' });
  if (id === 'prod') {
    new ServerStop(stack, 'stop-web1', { serverId: 'web1' });
    new ServerResize(stack, 'resize\\u001b[31mweb2', { serverId: '${SERVER_2}', flavorRef: 's3 large' });
  } else {
    new ServerStart(stack, 'start-web3', { serverId: '${SERVER_1}' });
    new ServerChangeOs(stack, 'os-web3', { serverId: '${SERVER_1}', imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', keyName: 'k' });
  }
}
app.synth();
`;

// Three mistakes in three construct types: a group name with a space, a fleet with no steps, and an unknown region.
// The stack of the refused EcsEnvironment also holds a ServerStop, and an admin stack deploys its policy as a role:
// both need the environment, and neither adds an error of its own.
const ROLE = resolve(__dirname, '../../lib/role');
const THREE_CONSTRUCT_TYPES = `
const { App, TerraformStack } = require(${JSON.stringify(CDKTF)});
const { EcsEnvironment, ServerFleetMaintenance, ServerGroup, ServerStop } = require(${JSON.stringify(LIB)});
const { LifecyclePolicyRole } = require(${JSON.stringify(ROLE)});
const app = new App();
const prod = new TerraformStack(app, 'prod');
new EcsEnvironment(prod, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '${PROJECT_ID}', resourceType: 'terraform_data' });
new ServerGroup(prod, 'web', { name: 'web servers' });
new ServerFleetMaintenance(prod, 'fleet', { serverIds: ['${SERVER_1}'], steps: [] });
const staging = new TerraformStack(app, 'staging');
new EcsEnvironment(staging, 'ecs', { cloud: 'otc', region: 'eu-west-1', projectId: '${PROJECT_ID}' });
new ServerStop(staging, 'stop', { serverId: '${SERVER_2}' });
new LifecyclePolicyRole(new TerraformStack(app, 'admin'), 'ecs-policy', { stacks: [staging] });
app.synth();
`;

const work = mkdtempSync(join(tmpdir(), 'ecs-synth-problems-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runApp(env: NodeJS.ProcessEnv = {}, app = THREE_MISTAKES) {
  writeFileSync(join(work, 'main.js'), app);
  rmSync(join(work, 'cdktf.out'), { recursive: true, force: true });
  const { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: _drop, ...inherited } = process.env;
  // On CDK Terrain (jest.cdktn.config.js), the library must find the app's core (cdktn) outside the repository too.
  const core = process.env.CDKTN_MODULES ? { NODE_PATH: resolve(process.env.CDKTN_MODULES) } : {};
  return spawnSync(process.execPath, ['main.js'], { cwd: work, encoding: 'utf8', env: { ...inherited, ...core, ...env } });
}

describe('every synth problem at once', () => {
  test('node main.js: three mistakes in two stacks, three errors in one run, exit 1, no stack trace', () => {
    const { status, stdout, stderr } = runApp();
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe("Synth found 3 errors; nothing was written for the stack 'prod':");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}\[prod\/stop-web1\] ServerStop at 'prod\/stop-web1': property 'serverId' is "web1", .* Fix: /),
      expect.stringMatching(/^ {2}\[prod\/resize\\u001b\[31mweb2\] ServerResize at 'prod\/resize\\u001b\[31mweb2': property 'flavorRef' is "s3 large".* Fix: /),
      expect.stringMatching(/^ {2}\[staging\/os-web3\] ServerChangeOs at 'staging\/os-web3' needs a stopped server.* Fix: add a ServerStop/),
    ]);
    // No trace, no source excerpt, no raw control character.
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('main.js');
    expect(stderr).not.toContain('\u001b');
    expect(existsSync(join(work, 'cdktf.out', 'stacks', 'prod', 'cdk.tf.json'))).toBe(false);
  });

  test('under the CDK CLI (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS): the errors are the core annotations in the manifest, without traces', () => {
    const { status } = runApp({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' });
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(work, 'cdktf.out', 'manifest.json'), 'utf8'));
    const errors = Object.values(manifest.stacks as Record<string, { annotations: { constructPath: string; level: string; stacktrace?: unknown }[] }>).flatMap(
      (s) => s.annotations.filter((a) => a.level === '@cdktf/error'),
    );
    expect(errors.map((a) => a.constructPath)).toEqual(['prod/stop-web1', 'prod/resize\u001b[31mweb2', 'staging/os-web3']);
    expect(errors.every((a) => a.stacktrace === undefined)).toBe(true);
    // No policy is written for a stack with errors: it would lack the refused constructs' actions.
    expect(existsSync(join(work, 'cdktf.out', 'stacks', 'prod', 'ecs-iam-policy.json'))).toBe(false);
  });

  test('node main.js: three mistakes in a ServerGroup, a ServerFleetMaintenance and an EcsEnvironment, three errors, no trace; its dependents add none', () => {
    const { status, stdout, stderr } = runApp({}, THREE_CONSTRUCT_TYPES);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      "Synth found 3 errors; nothing was written for the stack 'prod':",
      expect.stringMatching(/^ {2}\[prod\/web\] ServerGroup at 'prod\/web': property 'name' is "web servers".* Fix: /),
      expect.stringMatching(/^ {2}\[prod\/fleet\] ServerFleetMaintenance at 'prod\/fleet': property 'steps' must list 1 to 16 steps\. Fix: /),
      expect.stringMatching(/^ {2}\[staging\/ecs\] EcsEnvironment at 'staging\/ecs': region 'eu-west-1' is not a known otc region\. Fix: use one of /),
    ]);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('main.js');
    expect(allFiles(join(work, 'cdktf.out'))).toEqual([]);
    // Under the CDK CLI: the same three, as the core's annotations, and no policy for any stack
    const cli = runApp({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' }, THREE_CONSTRUCT_TYPES);
    expect(cli.stderr).toBe('');
    const manifest = JSON.parse(readFileSync(join(work, 'cdktf.out', 'manifest.json'), 'utf8'));
    const errors = Object.values(manifest.stacks as Record<string, { annotations: { constructPath: string; level: string }[] }>).flatMap((stack) =>
      stack.annotations.filter((a) => a.level === '@cdktf/error').map((a) => a.constructPath),
    );
    expect(errors).toEqual(['prod/web', 'prod/fleet', 'staging/ecs']);
    expect(allFiles(join(work, 'cdktf.out')).filter((f) => f.includes('ecs-iam-'))).toEqual([]);
  });

  test('in process: dependents of a refused construct add no second error, and are not written', () => {
    const app = newApp();
    // A refused EcsEnvironment: its stack's operations, groups and fleets, and a role deploying its policy, need it.
    const staging = new TerraformStack(app, 'staging');
    new EcsEnvironment(staging, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: 'not-a-project' });
    for (const declare of [
      () => new ServerStop(staging, 'stop', { serverId: SERVER_1 }),
      () => new ServerGroup(staging, 'group', { name: 'web' }),
      () => new ServerFleetMaintenance(staging, 'fleet', { serverIds: [SERVER_1], steps: [{ action: 'stop' }] }),
      () => new LifecyclePolicyRole(new TerraformStack(app, 'admin'), 'role', { stacks: [staging] }),
    ]) {
      expect(refusalOf(app, declare)).toBeUndefined();
    }
    // A refused ServerGroup in a fleet's groups: the fleet adds none either.
    const prod = newStack(app);
    const web = new ServerGroup(prod, 'web', { name: 'web', members: [SERVER_2] });
    expect(refusalOf(prod, () => new ServerFleetMaintenance(prod, 'fleet', { groups: [web], steps: [{ action: 'stop' }] }))).toBeUndefined();
    // The fleet's own mistakes, checked before its groups, are still its own.
    expect(refusalOf(prod, () => new ServerFleetMaintenance(prod, 'fleet-2', { groups: [web], steps: [] }))).toMatch(/'prod\/fleet-2': property 'steps'/);
    const message = (() => {
      try {
        app.synth();
        return undefined;
      } catch (error) {
        return (error as SynthError).message;
      }
    })();
    expect(message?.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}\[staging\/ecs\] EcsEnvironment at 'staging\/ecs': property 'projectId'/),
      expect.stringMatching(/^ {2}\[prod\/web\] ServerGroup at 'prod\/web': property 'members' is set with api 'native'/),
      expect.stringMatching(/^ {2}\[prod\/fleet-2\] /),
    ]);
    expect(allFiles(app.outdir)).toEqual([]);
  });

  test('a refusal after the fleet joined the tree (a wave whose command Linux could not pass) removes what it had built', () => {
    const stack = newStack(undefined, 'prod', { cliCommand: ['node', `/opt/${'d'.repeat(128 * 1024)}/cli.js`] });
    const declare = () => new ServerFleetMaintenance(stack, 'fleet', { serverIds: [SERVER_1], steps: [{ action: 'stop' }] });
    expect(refusalOf(stack, declare)).toMatch(/'prod\/fleet' \(fleet-wave\): command word 2 is 131,084 bytes/);
    expect(stack.node.findChild('fleet').node.children).toEqual([]);
  });

  test.each([
    ['EcsEnvironment', (stack: TerraformStack, props: never) => new EcsEnvironment(new TerraformStack(stack.node.root, 'bare'), 'ecs', props)],
    ['ServerGroup', (stack: TerraformStack, props: never) => new ServerGroup(stack, 'group', props)],
    ['ServerFleetMaintenance', (stack: TerraformStack, props: never) => new ServerFleetMaintenance(stack, 'fleet', props)],
    ['LifecyclePolicyRole', (stack: TerraformStack, props: never) => new LifecyclePolicyRole(stack, 'role', props)],
  ])('%s: a programming error is not collected, it propagates with its trace', (_name, declare) => {
    const stack = newStack(newApp(), 'fresh');
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new TypeError('a getter that fails');
        },
      },
    );
    expect(() => declare(stack, hostile as never)).toThrow(TypeError);
  });

  test('property: N independent mistakes in any mix of constructs give N errors in one synth, each naming its construct', () => {
    // Each mistake is declared in its own construct (and, for an EcsEnvironment, its own stack).
    const mistakes: Record<string, (app: App, prod: TerraformStack, id: string) => void> = {
      'ServerStop serverId': (_, prod, id) => new ServerStop(prod, id, { serverId: 'web1' }),
      'ServerResize flavorRef': (_, prod, id) => new ServerResize(prod, id, { serverId: SERVER_1, flavorRef: 's3 large' }),
      'ServerGroup name': (_, prod, id) => new ServerGroup(prod, id, { name: 'web servers' }),
      'ServerGroup members on native': (_, prod, id) => new ServerGroup(prod, id, { name: 'web', members: [SERVER_1] }),
      'ServerFleetMaintenance steps': (_, prod, id) => new ServerFleetMaintenance(prod, id, { serverIds: [SERVER_1], steps: [] }),
      'ServerFleetMaintenance waves': (_, prod, id) =>
        new ServerFleetMaintenance(prod, id, { serverIds: [SERVER_1], maxUnavailable: 0, steps: [{ action: 'stop' }] }),
      'EcsEnvironment region': (app, _, id) =>
        new EcsEnvironment(new TerraformStack(app, `stack-${id}`), 'ecs', { cloud: 'otc', region: 'mars', projectId: PROJECT_ID }),
      'LifecyclePolicyRole prefix': (app, prod, id) =>
        new LifecyclePolicyRole(new TerraformStack(app, `admin-${id}`), 'role', { stacks: [prod], displayNamePrefix: '$x' }),
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Object.keys(mistakes)), { minLength: 1, maxLength: 8 }), (kinds) => {
        const app = newApp();
        const prod = newStack(app);
        new ServerStop(prod, 'fine', { serverId: SERVER_2 });
        const ids = kinds.map((kind, i) => {
          const id = `m${i}`;
          mistakes[kind](app, prod, id);
          return id;
        });
        let failure: unknown;
        try {
          app.synth();
        } catch (error) {
          failure = error;
        }
        expect(failure).toBeInstanceOf(SynthError);
        const [head, ...lines] = (failure as SynthError).message.split('\n');
        expect(head).toMatch(new RegExp(`^Synth found ${kinds.length} errors?;`));
        expect(lines).toHaveLength(kinds.length);
        // Each line names its construct path, then the construct's message with its fix.
        const paths = lines.map((line) => /^ {2}\[([^\]]+)\] .* Fix: /.exec(line)?.[1]);
        expect(paths.sort()).toEqual(
          kinds
            .map((kind, i) =>
              kind.startsWith('EcsEnvironment') ? `stack-${ids[i]}/ecs` : kind.startsWith('LifecyclePolicyRole') ? `admin-${ids[i]}/role` : `prod/${ids[i]}`,
            )
            .sort(),
        );
        expect(allFiles(app.outdir)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  test('in process: app.synth() throws one SynthError listing every error; nothing is written for the stack', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerStop(stack, 'stop', { serverId: 'web1' });
    new ServerResize(stack, 'resize', { serverId: SERVER_1, flavorRef: 's3 large' });
    new ServerStart(stack, 'start', { serverId: SERVER_1, api: 'batch' as 'native' });
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SynthError);
    expect((failure as SynthError).message.split('\n').slice(1)).toHaveLength(3);
    expect(stackFiles(app, 'prod')).toEqual({});
  });

  test("the policy's own problems join the constructs' ones", () => {
    const app = newApp();
    const stack = newStack(app, 'prod', { authorization: 'enterprise-project' });
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    new ServerStop(stack, 'stop-bad', { serverId: 'web1' });
    expect(() => app.synth()).toThrow(/Synth found 2 errors(.|\n)*\[prod\] Stack 'prod' uses authorization 'enterprise-project'(.|\n)*\[prod\/stop-bad\]/);
  });

  test('a correct app synthesizes as before', () => {
    const app = newApp();
    const stack = newStack(app);
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    app.synth();
    expect(Object.keys(stackFiles(app, 'prod'))).toContain('ecs-iam-policy.json');
  });

  test('a programming error is not collected: it propagates with its trace', () => {
    const stack = new TerraformStack(newApp(), 'prod');
    new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: PROJECT_ID });
    const props = {
      get serverId(): string {
        throw new TypeError('a getter that fails');
      },
    };
    expect(() => refusalOf(stack, () => new ServerStop(stack, 'stop', props))).toThrow(TypeError);
    expect(() => new ServerChangeOs(stack, 'os', { serverId: SERVER_1, imageId: 'x', keyName: 'k' })).not.toThrow();
  });
});
