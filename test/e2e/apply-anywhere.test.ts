/**
 * A plan applied outside the project that synthesized it (synth job → artifact → apply job, docs/pipeline.md): with the
 * default cliCommand, the provisioners run the CLI of the package installed where Terraform applies, and where it is
 * missing they fail with one line naming the package and the fix, never a registry lookup.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServerStop } from '../../src';
import { notInstalledMessage } from '../../src/constructs/private/cli-launcher';
import { describeWithTerraform, type Workspace, workspace, accessKeyEnvironment } from './terraform-harness';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = '1a2b3c4d-0000-4000-8000-0000000000a1';

describeWithTerraform('a stack folder applied outside the project, with the default cliCommand', () => {
  let ws: Workspace;
  let applyJob: string;
  let stack: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // GIVEN a synthesized stack whose plan uses the default launcher (no cliCommand)
    ws = await workspace(
      [{ id: SERVER, name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' }],
      (s) => new ServerStop(s, 'stop', { serverId: SERVER }),
      true,
      {},
      accessKeyEnvironment,
      { cliCommand: undefined },
    );
    // AND its folder copied, as an artifact, into an apply job's folder outside the project (no node_modules above it)
    applyJob = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-apply-job-'));
    stack = path.join(applyJob, 'stack');
    fs.cpSync(ws.stackDir, stack, { recursive: true });
    fs.writeFileSync(path.join(applyJob, 'empty.tfrc'), '');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OS|HW)_|^NODE_PATH$/.test(name)));
    env = { ...inherited, TF_CLI_CONFIG_FILE: path.join(applyJob, 'empty.tfrc'), CHECKPOINT_DISABLE: '1', ...accessKeyEnvironment(ws.emulator) };
  });

  afterAll(async () => {
    await ws?.close();
    if (applyJob) fs.rmSync(applyJob, { recursive: true, force: true });
  });

  // Asynchronous: the emulator answers from this process.
  const terraform = (...args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('terraform', [`-chdir=${stack}`, ...args, '-input=false', '-no-color'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });

  test('without the package, the apply fails naming the package and the fix; installed beside the plan, it applies', async () => {
    expect((await terraform('init')).code).toBe(0);
    // WHEN applied where the package is not installed
    const missing = await terraform('apply', '-auto-approve');
    // THEN it fails with the launcher's line (Terraform may wrap it), and nothing asked a registry or reached the cloud
    expect(missing.code).not.toBe(0);
    const unwrapped = missing.output.replace(/\s+/g, ' ');
    expect(unwrapped).toContain(notInstalledMessage(fs.realpathSync(stack)).replace(/\s+/g, ' '));
    expect(missing.output).not.toMatch(/registry|E404|npm error/i);
    expect(ws.emulator.mutations(SERVER)).toBe(0);
    // WHEN the apply job installs the package beside the stack folder (a link stands for `npm install <tarball>`)
    fs.mkdirSync(path.join(applyJob, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(applyJob, 'node_modules', 'cdktf-ecs-lifecycle'), 'dir');
    const applied = await terraform('apply', '-auto-approve');
    // THEN the plan applies under exactly the generated policy, and the server is stopped
    expect({ code: applied.code, output: applied.code === 0 ? '' : applied.output }).toEqual({ code: 0, output: '' });
    expect(ws.emulator.server(SERVER)?.status).toBe('SHUTOFF');
    expect(ws.emulator.audit.filter((e) => e.decision === 'denied')).toEqual([]);
  });
});
