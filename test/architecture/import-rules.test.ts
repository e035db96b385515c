import * as fs from 'fs';
import * as path from 'path';

// The architecture, as import rules: the synth side never imports the apply-time runtime or the
// emulator; only constructs and the policy synthesizer import cdktf; only the HTTP client imports axios.
const SRC = path.resolve(__dirname, '../../src');

const files = walk(SRC).filter((f) => f.endsWith('.ts'));
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');
const importsOf = (f: string) =>
  [...fs.readFileSync(f, 'utf8').matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
const resolvesInto = (from: string, spec: string, dir: string) =>
  spec.startsWith('.') && rel(path.resolve(path.dirname(from), spec)).startsWith(`${dir}/`);

describe('import rules', () => {
  test('only constructs/ and policy/policy-synthesizer.ts import cdktf or constructs', () => {
    const offenders = files.filter((f) => !/^(constructs\/|policy\/policy-synthesizer\.ts$)/.test(rel(f)))
      .filter((f) => importsOf(f).some((s) => s === 'cdktf' || s.startsWith('cdktf/') || s === 'constructs' || s.startsWith('@cdktf/')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('only runtime/client/ imports axios', () => {
    const offenders = files.filter((f) => !rel(f).startsWith('runtime/client/')).filter((f) => importsOf(f).includes('axios'));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('the synth side (constructs, policy, permissions, cloud, iam, signing) never imports runtime/ or emulator/', () => {
    const synthSide = files.filter((f) => /^(constructs|policy|permissions|cloud|iam|signing)\//.test(rel(f)) || rel(f) === 'index.ts' || rel(f) === 'errors.ts');
    const offenders = synthSide.filter((f) => importsOf(f).some((s) => resolvesInto(f, s, 'runtime') || resolvesInto(f, s, 'emulator')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('validation/ (shared by synth and apply) imports only itself', () => {
    const offenders = files.filter((f) => rel(f).startsWith('validation/'))
      .filter((f) => importsOf(f).some((s) => !s.startsWith('./')));
    expect(offenders.map(rel)).toEqual([]);
  });

  test('runtime/ and emulator/ never import each other', () => {
    const offenders = files.filter((f) => (rel(f).startsWith('runtime/') && importsOf(f).some((s) => resolvesInto(f, s, 'emulator')))
      || (rel(f).startsWith('emulator/') && importsOf(f).some((s) => resolvesInto(f, s, 'runtime'))));
    expect(offenders.map(rel)).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
