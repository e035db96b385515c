#!/usr/bin/env node
/**
 * `npm run demo`: the headline claim, run end to end and offline. Starts the emulator with seeded
 * servers, synthesizes the maintenance-window example against it (terraform_data, so no provider is
 * downloaded), loads that stack's own generated policy into the emulator's enforcement, and runs
 * terraform init, apply and destroy. Any call outside the policy would be refused with a 403.
 */
require('./unsupported-node');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const { App } = require('cdktf');
const { startEmulator } = require(path.join(ROOT, 'lib/emulator'));
const { parsePolicyDocument } = require(path.join(ROOT, 'lib/iam'));
const { MaintenanceWindowStack, WEB1, WEB2 } = require(path.join(ROOT, 'build/examples/maintenance-window/stack'));

function terraformVersion() {
  try {
    return execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    return undefined;
  }
}

function step(title) {
  process.stdout.write(`\n=== ${title}\n`);
}

function showServers(emulator) {
  for (const id of [WEB1, WEB2]) {
    const s = emulator.server(id);
    process.stdout.write(`  ${s.name.padEnd(5)} ${id}  status=${s.status.padEnd(8)} flavor=${s.flavorRef.padEnd(12)} locked=${s.locked}\n`);
  }
  const groups = emulator.serverGroups().map((g) => g.name);
  process.stdout.write(`  server groups: ${groups.length ? groups.join(', ') : '(none)'}\n`);
}

async function main() {
  const version = terraformVersion();
  if (!version) {
    process.stderr.write(
      'demo: terraform is not on PATH. Install Terraform 1.4 or later (https://developer.hashicorp.com/terraform/install) and run `npm run demo` again.\n',
    );
    return 1;
  }
  step(`Terraform: ${version}`);

  const emulator = await startEmulator({
    servers: [
      { id: WEB1, name: 'web1', flavorRef: 's3.medium.2', imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', status: 'ACTIVE' },
      { id: WEB2, name: 'web2', flavorRef: 's3.medium.2', imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', status: 'ACTIVE', locked: true },
    ],
    timings: { start: 400, stop: 400, reboot: 400, resize: 600, jobQueued: 200, jobRunning: 600 },
  });
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-demo-'));
  try {
    step(`Emulator listening on ${emulator.url}; before:`);
    showServers(emulator);

    step('Synthesize examples/maintenance-window against the emulator (resourceType: terraform_data)');
    const app = new App({ outdir: path.join(workdir, 'cdktf.out') });
    new MaintenanceWindowStack(app, 'maintenance-window', {
      resourceType: 'terraform_data',
      endpoint: emulator.url,
      cliCommand: ['node', path.join(ROOT, 'lib/cli.js')],
      pollIntervalSeconds: 0.2,
    });
    app.synth();
    const stackDir = path.join(app.outdir, 'stacks', 'maintenance-window');
    const policyFile = path.join(stackDir, 'ecs-iam-policy.json');
    const policy = parsePolicyDocument(fs.readFileSync(policyFile, 'utf8'), policyFile);
    emulator.setPolicy(policy);
    process.stdout.write(
      `  ${stackDir}\n  the emulator now enforces ${policyFile}: ${policy.Statement.flatMap((s) => s.Action).length} actions, nothing else\n`,
    );

    const cliConfig = path.join(workdir, 'empty.tfrc');
    fs.writeFileSync(cliConfig, '');
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      OS_ACCESS_KEY: emulator.credentials[0].accessKey,
      OS_SECRET_KEY: emulator.credentials[0].secretKey,
    };
    // Asynchronous: the emulator answers from this process's event loop while terraform runs.
    const terraform = (...args) =>
      new Promise((resolve, reject) => {
        step(`terraform ${args.join(' ')}`);
        const child = spawn('terraform', [`-chdir=${stackDir}`, ...args, '-input=false', '-no-color'], { env, stdio: 'inherit' });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`terraform ${args[0]} failed (exit ${code})`))));
      });
    await terraform('init');
    await terraform('apply', '-auto-approve');
    step('After apply:');
    showServers(emulator);
    await terraform('destroy', '-auto-approve');
    step('After destroy:');
    showServers(emulator);

    const denied = emulator.audit.filter((e) => e.decision === 'denied');
    step(`${emulator.audit.length} API calls, ${denied.length} denied by the generated policy`);
    return denied.length === 0 ? 0 : 1;
  } finally {
    await emulator.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`demo: ${error.message}\n`);
    process.exitCode = 1;
  },
);
