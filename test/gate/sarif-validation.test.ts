/**
 * The SARIF the gate writes, validated by Microsoft's own validator, the SARIF Multitool
 * (`Sarif.Multitool validate`, SARIF and GitHub rule kinds): zero errors and zero warnings.
 *
 * The Multitool is a 104 MB self-contained binary, so it is not a dependency: `SARIF_MULTITOOL` names
 * the `Sarif.Multitool` binary (`.ci/run` installs it outside the repository). Without it, under CI=true
 * the test installs it into a cache outside the repository; otherwise it is skipped, and says how to run it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { tempDir, writeJson, writeOutdir } from './fixtures/synth-output';

/** The version .ci/run installs too. */
const MULTITOOL_PACKAGE = '@microsoft/sarif-multitool-linux@5.7.0';
const CLI = resolve(__dirname, '../../lib/cli.js');

function multitool(): string | undefined {
  if (process.env.SARIF_MULTITOOL) return process.env.SARIF_MULTITOOL;
  if (process.env.CI !== 'true' && process.env.CI !== '1') return undefined;
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cdktf-ecs-lifecycle', 'sarif-multitool');
  const binary = join(cache, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  if (!existsSync(binary)) {
    mkdirSync(cache, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', cache, MULTITOOL_PACKAGE], { stdio: 'ignore' });
  }
  // npm 11 does not run the package's postinstall chmod.
  chmodSync(binary, 0o755);
  return binary;
}

const binary = multitool();
const describeWithMultitool = binary ? describe : describe.skip;

/** The validator's findings of level error or warning (a result without a level is a warning). */
function validate(sarifPath: string): string[] {
  const out = `${sarifPath}.validation.sarif`;
  // Run directly, not through the npm wrapper, which hands ';' to a shell unquoted. It exits 0 even when it reports errors.
  const run = spawnSync(binary as string, ['validate', sarifPath, '-o', out, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Ghas'], { encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(out)) throw new Error(`Sarif.Multitool failed (${run.status}): ${run.stdout}${run.stderr}`);
  const log = JSON.parse(readFileSync(out, 'utf8'));
  return (log.runs[0].results ?? [])
    .filter((r: { level?: string }) => (r.level ?? 'warning') === 'error' || (r.level ?? 'warning') === 'warning')
    .map((r: { ruleId: string; message: { text?: string; arguments?: string[] } }) => `${r.ruleId}: ${r.message.text ?? r.message.arguments?.join(' ')}`);
}

if (!binary) {
  test.skip('SARIF validation needs the SARIF Multitool: set SARIF_MULTITOOL to its Sarif.Multitool binary (npm install @microsoft/sarif-multitool-linux outside the repository), or run with CI=true', () => {});
}

describeWithMultitool('--format sarif passes the SARIF Multitool with zero errors and zero warnings', () => {
  const work = tempDir('gate-sarif-');
  writeOutdir(join(work, 'base'), { prod: [{ id: 'stop-web1', operation: 'server-stop' }] });
  writeOutdir(join(work, 'head'), {
    prod: [
      { id: 'stop-web1', operation: 'server-stop' },
      { id: 'resize-web1', operation: 'server-resize' },
    ],
    'groups with space': [{ id: 'web', operation: 'server-group-create' }],
  });
  writeJson(join(work, 'existing.json'), {
    Version: '1.1',
    Statement: [
      { Effect: 'Allow', Action: ['ecs:*:*', 'evs:*:*', 'ims:*:get*'] },
      { Effect: 'Allow', Action: ['vpc:ports:*'], Condition: { StringEquals: { 'g:ProjectName': ['prod'] } } },
      { Effect: 'Deny', Action: ['ecs:servers:resize'] },
    ],
  });
  const acks = writeJson(join(work, 'acks.json'), {
    acknowledgements: [
      { action: 'ecs:servers:resize', stack: 'prod', reason: 'the planned resize of web1', expires: '2999-12-31' },
      { action: 'ecs:servers:reboot', stack: '*', reason: 'a reboot that was planned', expires: '2000-01-01' },
      { action: 'ecs:servers:delete', stack: 'prod', reason: 'never needed', expires: '2999-12-31' },
    ],
  });
  const sarifOf = (name: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [CLI, 'policy', ...args, '--format', 'sarif'], { cwd: work, encoding: 'utf8' });
    expect([0, 1]).toContain(result.status);
    const path = join(work, `${name}.sarif`);
    writeFileSync(path, result.stdout);
    return path;
  };

  test.each([
    ['diff', ['diff', 'base', 'head']],
    ['diff-acknowledged', ['diff', 'base', 'head', '--acknowledgements', acks]],
    ['diff-first-pr', ['diff', 'no-base', 'head']],
    ['check', ['check', 'head', '--against', 'existing.json', '--acknowledgements', acks]],
    ['check-absolute', ['check', join(work, 'head'), '--against', join(work, 'existing.json')]],
  ])('%s', (name, args) => {
    expect(validate(sarifOf(name, ...args))).toEqual([]);
  });

  test('the validator does report a broken log, so the checks above can fail', () => {
    const path = sarifOf('broken', 'diff', 'base', 'head');
    const log = JSON.parse(readFileSync(path, 'utf8'));
    delete log.$schema;
    delete log.runs[0].tool.driver.informationUri;
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = '/absolute/with/base';
    writeFileSync(path, JSON.stringify(log));
    const findings = validate(path).map((f) => f.split(':')[0]);
    expect(findings).toEqual(expect.arrayContaining(['SARIF1004', 'SARIF2005', 'SARIF2008']));
  });
});
