import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TerraformStack } from 'cdktf';
import { EcsEnvironment, ServerChangeOs, ServerResize, ServerStart, ServerStop, SynthError } from '../../src';
import { newApp, newStack, PROJECT_ID, refusalOf, SERVER_1, SERVER_2, stackFiles } from '../helpers/synth';

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

const work = mkdtempSync(join(tmpdir(), 'ecs-synth-problems-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runApp(env: NodeJS.ProcessEnv = {}) {
  writeFileSync(join(work, 'main.js'), THREE_MISTAKES);
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
