/**
 * Every documented way to run the CLI names this package, so that npx can never fetch another one: where the package
 * is not installed, `npx ecs-lifecycle` would look for an unrelated npm package of that name (anyone may publish it),
 * and in CI npx installs without asking. So each npx invocation of the CLI passes `--no-install` or names the package
 * (`-p cdktf-ecs-lifecycle`). Scans the README, CONTRIBUTING.md, docs/, examples/ and the plan's default provisioner command.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { ServerStop } from '../../src';
import { newStack, SERVER_1 } from '../helpers/synth';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };

/**
 * The npx invocations of the CLI in `text` that could fetch a package, as `line: text`. Quotes and commas count as
 * spaces, so a command written as a list of words (`["npx", "--no-install", "cdktf-ecs-lifecycle"]`) is read too.
 */
function unsafeInvocations(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) =>
      [...line.replace(/["',]/g, ' ').matchAll(/\bnpx\b([^\n]*?)(?<![\w-])((?:cdktf-)?ecs-lifecycle)(?![\w-])/g)]
        .filter(([, flags]) => !/(^|\s)--no-install(\s|$)/.test(flags) && !/(^|\s)(-p|--package)[\s=]$/.test(flags))
        .map(() => `${index + 1}: ${line.trim()}`),
    );
}

function documentation(): string[] {
  const walk = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      : [];
  return [path.join(ROOT, 'README.md'), path.join(ROOT, 'CONTRIBUTING.md'), ...walk(path.join(ROOT, 'docs')), ...walk(path.join(ROOT, 'examples'))];
}

describe('the documented CLI commands', () => {
  test('GIVEN the rule WHEN given a bare npx call THEN it is caught, and the safe forms pass', () => {
    expect(unsafeInvocations('run: npx ecs-lifecycle policy diff a b')).toEqual(['1: run: npx ecs-lifecycle policy diff a b']);
    expect(unsafeInvocations('x\n  npx --yes cdktf-ecs-lifecycle exec --help')).toHaveLength(1);
    expect(unsafeInvocations('npx --no-install cdktf-ecs-lifecycle policy diff a b')).toEqual([]);
    expect(unsafeInvocations('npx -p cdktf-ecs-lifecycle ecs-lifecycle --version')).toEqual([]);
    expect(unsafeInvocations('npx --package=cdktf-ecs-lifecycle cdktf-ecs-lifecycle --version')).toEqual([]);
    expect(unsafeInvocations('"interpreter": ["npx", "cdktf-ecs-lifecycle", "exec"]')).toHaveLength(1);
    expect(unsafeInvocations("cliCommand: ['npx', '--no-install', 'cdktf-ecs-lifecycle']")).toEqual([]);
  });

  test.each(documentation().map((file) => [path.relative(ROOT, file), file]))('GIVEN %s WHEN scanned THEN no npx call can fetch another package', (_, file) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/npx\s+ecs-lifecycle/);
    expect(unsafeInvocations(text)).toEqual([]);
  });

  test('GIVEN an environment with the default cliCommand WHEN synthesized THEN the provisioners cannot fetch another package', () => {
    const stack = newStack();
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    type LocalExec = { interpreter: string[]; command: string };
    const plan = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, { provisioner: { 'local-exec': LocalExec }[] }>> };
    // Terraform runs the interpreter's words with the command as the last argument (no shell).
    const commands = Object.values(plan.resource)
      .flatMap((byName) => Object.values(byName))
      .flatMap((resource) => resource.provisioner.map((p) => [...p['local-exec'].interpreter, p['local-exec'].command].join(' ')));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command).toMatch(/\becs-lifecycle\b/);
      expect(unsafeInvocations(command)).toEqual([]);
    }
  });

  test('GIVEN package.json WHEN read THEN the bin named like the package and its ecs-lifecycle alias run the same CLI', () => {
    expect(PACKAGE.bin).toEqual({ [PACKAGE.name]: 'lib/cli.js', 'ecs-lifecycle': 'lib/cli.js' });
  });
});
