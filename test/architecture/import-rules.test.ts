import * as fs from 'node:fs';
import * as path from 'node:path';

// The architecture, as import rules: the synth side never imports the apply-time runtime or the
// emulator; only private/cdk-core.ts names the CDK core (cdktf or cdktn), and only the synth side imports constructs; only the
// HTTP client imports axios.
const SRC = path.resolve(__dirname, '../../src');

const files = walk(SRC).filter((f) => f.endsWith('.ts'));
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');
const importsOf = (f: string) => [...fs.readFileSync(f, 'utf8').matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
const resolvesInto = (from: string, spec: string, dir: string) => spec.startsWith('.') && rel(path.resolve(path.dirname(from), spec)).startsWith(`${dir}/`);

describe('import rules', () => {
  test('only private/cdk-core.ts imports cdktf, cdktn or the null provider, so the library runs on the core the app uses', () => {
    const core = /^(cdktf|cdktn|@cdktf\/provider-null)(\/|$)/;
    const offenders = files.filter((f) => rel(f) !== 'private/cdk-core.ts').filter((f) => importsOf(f).some((s) => core.test(s)));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('only private/cdk-core.ts, constructs/ and policy/policy-synthesizer.ts import constructs', () => {
    const offenders = files
      .filter((f) => !/^(private\/cdk-core\.ts$|constructs\/|policy\/policy-synthesizer\.ts$)/.test(rel(f)))
      .filter((f) => importsOf(f).some((s) => s === 'constructs' || s.startsWith('constructs/')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test("no source file imports provider bindings: the role writes its resources itself, on the app's core", () => {
    const offenders = files.filter((f) => importsOf(f).some((s) => s.startsWith('@cdktf/provider-') && !s.startsWith('@cdktf/provider-null')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('only runtime/client/ imports axios', () => {
    const offenders = files.filter((f) => !rel(f).startsWith('runtime/client/')).filter((f) => importsOf(f).includes('axios'));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('the synth side (constructs, policy, permissions, operations, cloud, iam, signing) never imports runtime/ or emulator/', () => {
    const synthSide = files.filter(
      (f) =>
        /^(constructs|policy|permissions|operations|cloud|iam|signing)\//.test(rel(f)) || ['index.ts', 'errors.ts', 'private/cdk-core.ts'].includes(rel(f)),
    );
    const offenders = synthSide.filter((f) => importsOf(f).some((s) => resolvesInto(f, s, 'runtime') || resolvesInto(f, s, 'emulator')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('operations/ is plain data: outside itself it imports types only', () => {
    const valueImports = (f: string) => [...fs.readFileSync(f, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    const offenders = files.filter((f) => rel(f).startsWith('operations/')).filter((f) => valueImports(f).some((s) => !s.startsWith('./')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('validation/ (shared by synth and apply) imports only itself', () => {
    const offenders = files.filter((f) => rel(f).startsWith('validation/')).filter((f) => importsOf(f).some((s) => !s.startsWith('./')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('runtime/ and emulator/ never import each other', () => {
    const offenders = files.filter(
      (f) =>
        (rel(f).startsWith('runtime/') && importsOf(f).some((s) => resolvesInto(f, s, 'emulator'))) ||
        (rel(f).startsWith('emulator/') && importsOf(f).some((s) => resolvesInto(f, s, 'runtime'))),
    );
    expect(offenders.map(rel)).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
