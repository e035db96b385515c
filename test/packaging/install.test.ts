/**
 * The package as users get it: `npm pack` of a fresh checkout (no lib/: the prepack script builds it), installed from
 * the tarball into new projects that follow the README's quick start word for word, once on cdktf and once on cdktn.
 * Only the package name in `npm install` is replaced by the tarball (the package is not on the registry here).
 * npm runs with --prefer-offline: the cache holds every package the quick start installs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const STACK_FILES = ['cdk.tf.json', 'ecs-iam-policy.json', 'ecs-iam-policy.md', 'ecs-iam-policy.review.json', 'ecs-iam-preview-policy.json'];

jest.setTimeout(600_000);

let work: string;
let tarball: string;
let packed: string[];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-pack-'));
  const checkout = path.join(work, 'checkout');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    // Files only: a worktree's node_modules may be an untracked symlink, which the checkout links anyway.
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(checkout, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
  const [pack] = JSON.parse(npm(checkout, ['pack', '--json', '--pack-destination', work])) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, pack.filename);
  packed = pack.files.map((f) => f.path).sort();
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// The tarball the README's install steps write and install (`npm pack` in the clone, next to the app).
const README_TARBALL = `../${PACKAGE.name}/${PACKAGE.name}-${PACKAGE.version}.tgz`;

describe('npm pack of a fresh checkout', () => {
  test('GIVEN the README WHEN it installs the package THEN it names the tarball npm pack writes, and the package has no install scripts', () => {
    expect(path.basename(tarball)).toBe(`${PACKAGE.name}-${PACKAGE.version}.tgz`);
    for (const core of ['cdktf', 'cdktn']) expect(readmeBlock(`quick-start:${core}:install`)).toContain(`npm install ${README_TARBALL} `);
    expect(readmeBlock('install:tarball')).toContain('npm pack');
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(Object.keys(scripts).filter((name) => /^(pre|post)?(install|prepare)$/.test(name))).toEqual([]);
    expect(scripts.prepack).toBe('npm run build');
  });

  test('GIVEN no lib/ WHEN packed THEN the prepack script built it into the tarball, with the license and nothing else', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'lib/index.js',
        'lib/index.d.ts',
        'lib/cli.js',
        'lib/emulator/index.js',
        'lib/emulator/index.d.ts',
        'lib/runtime/index.js',
        'lib/runtime/index.d.ts',
      ]),
    );
    expect(packed.filter((f) => !/^(lib\/.*\.(js|d\.ts)|LICENSE|README\.md|package\.json)$/.test(f))).toEqual([]);
  });
});

describe.each(['cdktf', 'cdktn'] as const)('the README quick start on %s, installed from the tarball', (core) => {
  let project: string;

  beforeAll(() => {
    const dir = path.join(work, core);
    fs.mkdirSync(dir);
    // Besides the quick start: a file that type-checks the subpaths under the tsconfig's moduleResolution (node10).
    const subpaths = [
      "import type { Emulator } from 'cdktf-ecs-lifecycle/emulator';",
      "import { ExitCode } from 'cdktf-ecs-lifecycle/runtime';",
      'export const emulatorUrl = (e: Emulator): string => e.url;',
      'export const usage: number = ExitCode.USAGE;',
    ].join('\n');
    const script = [
      'set -euo pipefail',
      readmeBlock(`quick-start:${core}:install`).replace(`npm install ${README_TARBALL} `, `npm install ${shellQuote(tarball)} `),
      ...['main.ts', 'tsconfig.json', 'cdktf.json'].map((file) => `cat > ${file} <<'END_OF_FILE'\n${readmeBlock(`quick-start:file:${file}`)}END_OF_FILE`),
      `cat > subpaths.ts <<'END_OF_FILE'\n${subpaths}\nEND_OF_FILE`,
      readmeBlock(`quick-start:${core}:synth`),
    ].join('\n');
    try {
      execFileSync('bash', ['-c', `exec 2>&1\n${script}`], { cwd: dir, env: npmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      throw new Error(`the quick start on ${core} failed:\n${(error as { stdout?: string }).stdout ?? error}`);
    }
    project = path.join(dir, 'ecs-stack');
  });

  test('GIVEN the synth WHEN it ran THEN the stack has the plan and the policy shown in the README', () => {
    expect(fs.readdirSync(stackDir(project)).sort()).toEqual(STACK_FILES);
    expect(fs.readFileSync(path.join(stackDir(project), 'ecs-iam-policy.json'), 'utf8')).toBe(readmeBlock('policy:prod'));
  });

  test(`GIVEN the installed project WHEN the library loads THEN it shares the app's ${core} and constructs, one construct tree`, () => {
    const nested = path.join(project, 'node_modules', PACKAGE.name, 'node_modules');
    expect(['cdktf', 'cdktn', 'constructs', '@cdktf'].filter((name) => fs.existsSync(path.join(nested, name)))).toEqual([]);
    const other = core === 'cdktf' ? 'cdktn' : 'cdktf';
    expect(fs.existsSync(path.join(project, 'node_modules', core))).toBe(true);
    expect(fs.existsSync(path.join(project, 'node_modules', other))).toBe(false);
    if (core === 'cdktn') expect(fs.existsSync(path.join(project, 'node_modules', '@cdktf', 'provider-null'))).toBe(false);
  });

  test('GIVEN the installed bins WHEN run through npx --no-install THEN both names start the CLI', () => {
    for (const bin of ['cdktf-ecs-lifecycle', 'ecs-lifecycle']) {
      expect(execFileSync('npx', ['--no-install', bin, '--version'], { cwd: project, env: npmEnv(), encoding: 'utf8' }).trim()).toBe(PACKAGE.version);
    }
  });
});

test('GIVEN the same stack on cdktf and on cdktn WHEN synthesized THEN the plans are the same and the policy files identical', () => {
  const [onCdktf, onCdktn] = ['cdktf', 'cdktn'].map((core) => stackDir(path.join(work, core, 'ecs-stack')));
  for (const file of STACK_FILES.filter((f) => f !== 'cdk.tf.json')) {
    expect(fs.readFileSync(path.join(onCdktn, file), 'utf8')).toBe(fs.readFileSync(path.join(onCdktf, file), 'utf8'));
  }
  // cdk.tf.json differs only in its "//" metadata block (the core's name and version) and the local backend's path.
  const plan = (dir: string) => {
    const project = path.resolve(dir, '../../..');
    const { '//': metadata, ...rest } = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8').split(project).join('<project>'));
    expect(metadata).toBeDefined();
    return rest;
  };
  expect(plan(onCdktn)).toEqual(plan(onCdktf));
  expect(JSON.stringify(plan(onCdktf))).toContain('null_resource');
});

function stackDir(project: string): string {
  return path.join(project, 'cdktf.out', 'stacks', 'prod');
}

function readmeBlock(name: string): string {
  const block = new RegExp(`<!-- ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n`).exec(README)?.[1];
  if (block === undefined) throw new Error(`README has no block <!-- ${name} -->`);
  return block;
}

function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The environment without the settings of the `npm test` that runs jest, offline-first and quiet. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
