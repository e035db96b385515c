/** The command-line entry (src/cli.ts) on a Node.js older than the supported lines, through the built CLI. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib/cli.js');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

let preloads: string;
beforeAll(() => {
  preloads = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-node-version-'));
});
afterAll(() => fs.rmSync(preloads, { recursive: true, force: true }));

/** Runs the CLI with `process.versions.node` reading `version`, and without the suite's run-anyway variable. */
function cliOn(version: string, args: string[], extraEnv: Record<string, string> = {}) {
  const preload = path.join(preloads, `node-${version}.js`);
  fs.writeFileSync(preload, `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });\n`);
  const { ECS_LIFECYCLE_UNSUPPORTED_NODE: _suite, ...env } = process.env;
  return spawnSync(process.execPath, ['--require', preload, CLI, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
}

describe('the CLI on an unsupported Node.js', () => {
  test.each(['20.19.1', '18.20.4', '21.7.3'])('GIVEN Node %s WHEN the CLI starts THEN it exits 2 with one line naming the supported lines', (version) => {
    const result = cliOn(version, ['--version']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`ecs-lifecycle: Node.js ${version} is not supported; run it with Node.js 22 or later (the lines it is tested on: 22, 24, 26)\n`);
  });

  test.each(['22.0.0', '24.1.0', '26.0.0'])('GIVEN Node %s WHEN the CLI starts THEN it runs', (version) => {
    const result = cliOn(version, ['--version']);
    expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({ status: 0, stdout: PACKAGE.version });
  });

  test('GIVEN an old Node and ECS_LIFECYCLE_UNSUPPORTED_NODE WHEN the CLI starts THEN it runs anyway', () => {
    expect(cliOn('20.19.1', ['--version'], { ECS_LIFECYCLE_UNSUPPORTED_NODE: '1' }).status).toBe(0);
  });

  test("the oldest line it accepts is package.json's engines", () => {
    expect(PACKAGE.engines.node).toBe('>=22');
  });
});
