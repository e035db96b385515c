/**
 * The fleet benchmark (`npm run bench -- fleet` runs only this section): a maintenance of N servers
 * (stop → cloudservers resize → start) with real Terraform (`terraform_data`) against the emulator's default
 * timings, as (a) one construct per server and operation at Terraform's default parallelism, (b) one
 * ServerFleetMaintenance wave of N servers, (c) waves of N/10, (d) waves of N/10 with a health check after each wave
 * and a bake time between waves. For each: wall time of `terraform apply` ÷ the
 * emulator's own time for one server × the number of waves, API requests per server (the emulator's audit log),
 * and the peak number of CLI processes at once.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROBE = path.join(__dirname, 'cli-probe.js');
const PROJECT = '0123456789abcdef0123456789abcdef';
const FLAVOR = 's3.large.2';
/** The poll interval of every variant: short next to the emulator's sub-second transitions, as 2 s is next to the cloud's minutes. */
const POLL_SECONDS = 0.25;
/** (d): seconds between waves, and a health check that parses the addresses it is given (argv, no shell). */
const BAKE_SECONDS = 1;
const HEALTH_CHECK = [process.execPath, '-e', 'JSON.parse(process.env.ECS_LIFECYCLE_SERVER_ADDRESSES)'];
const serverId = (i) => `3a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function terraform(dir, args, env) {
  return new Promise((resolve) => {
    const child = spawn('terraform', [`-chdir=${dir}`, ...args, '-input=false', '-no-color'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Synthesizes the variant's stack into `outdir`; returns the stack directory and its number of waves. */
function synth(variant, n, endpoint, outdir) {
  const lib = require(path.join(ROOT, 'lib'));
  const { App, LocalBackend, TerraformStack } = require(path.join(ROOT, 'node_modules/cdktf'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'fleet');
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new lib.EcsEnvironment(stack, 'ecs', {
    cloud: 'otc',
    region: 'eu-de',
    projectId: PROJECT,
    resourceType: 'terraform_data',
    endpoint,
    cliCommand: `node ${PROBE}`,
    pollIntervalSeconds: POLL_SECONDS,
    timeoutSeconds: 900,
  });
  const ids = Array.from({ length: n }, (_, i) => serverId(i));
  let waves = 1;
  if (variant === 'a') {
    for (const id of ids) {
      const suffix = id.slice(-6);
      new lib.ServerStop(stack, `stop-${suffix}`, { serverId: id });
      new lib.ServerResize(stack, `resize-${suffix}`, { serverId: id, flavorRef: FLAVOR, api: 'cloudservers' });
      new lib.ServerStart(stack, `start-${suffix}`, { serverId: id });
    }
  } else {
    const fleet = new lib.ServerFleetMaintenance(stack, 'maintenance', {
      serverIds: ids,
      maxUnavailable: variant === 'b' ? n : n / 10,
      steps: [{ action: 'stop' }, { action: 'resize', flavorRef: FLAVOR }, { action: 'start' }],
      // (d): a health check that reads the addresses it is given, and a bake time between waves.
      ...(variant === 'd' ? { healthCheck: { command: HEALTH_CHECK }, bakeSeconds: BAKE_SECONDS } : {}),
    });
    waves = fleet.waves.length;
  }
  app.synth();
  return { stackDir: path.join(outdir, 'stacks', 'fleet'), waves };
}

/** The most CLI processes alive at once, from the probe's log. */
function peakProcesses(log) {
  const events = fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [kind, at] = line.split(' ');
      return { at: Number(at), delta: kind === 'start' ? 1 : -1 };
    })
    .sort((x, y) => x.at - y.at || x.delta - y.delta);
  let alive = 0;
  let peak = 0;
  for (const e of events) {
    alive += e.delta;
    peak = Math.max(peak, alive);
  }
  return { peak, processes: events.filter((e) => e.delta === 1).length };
}

async function runVariant(variant, n) {
  const { startEmulator, DEFAULT_TIMINGS } = require(path.join(ROOT, 'lib/emulator'));
  const servers = Array.from({ length: n }, (_, i) => ({
    id: serverId(i),
    name: `s${i}`,
    flavorRef: 's3.medium.2',
    imageId: 'e215580f-73ad-429d-b6f2-5433947433b0',
    status: 'ACTIVE',
  }));
  const emulator = await startEmulator({ servers });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-fleet-'));
  try {
    const { stackDir, waves } = synth(variant, n, emulator.url, path.join(root, 'cdktf.out'));
    const cliConfig = path.join(root, 'empty.tfrc');
    fs.writeFileSync(cliConfig, '');
    const log = path.join(root, 'cli.log');
    fs.writeFileSync(log, '');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OS|HW)_/.test(name)));
    const env = {
      ...inherited,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      BENCH_CLI_LOG: log,
      OS_ACCESS_KEY: emulator.credentials[0].accessKey,
      OS_SECRET_KEY: emulator.credentials[0].secretKey,
    };
    const init = await terraform(stackDir, ['init'], env);
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.output.slice(-1000)}`);
    emulator.clearAudit();
    const start = process.hrtime.bigint();
    const apply = await terraform(stackDir, ['apply', '-auto-approve'], env);
    const wallMs = ms(start);
    if (apply.code !== 0) throw new Error(`terraform apply (${variant}, ${n}) failed: ${apply.output.slice(-2000)}`);
    const wrong = servers.filter((s) => {
      const e = emulator.server(s.id);
      return e.status !== 'ACTIVE' || e.flavorRef !== FLAVOR;
    });
    if (wrong.length) throw new Error(`${wrong.length} servers did not end ACTIVE with ${FLAVOR}`);
    // The emulator's own time for one server: stop, the resize job (queued, then running), start.
    const oneServerMs = DEFAULT_TIMINGS.stop + DEFAULT_TIMINGS.jobQueued + DEFAULT_TIMINGS.jobRunning + DEFAULT_TIMINGS.start;
    // The configured waits count as the cloud's time: (d) bakes between waves.
    const waitsMs = variant === 'd' ? BAKE_SECONDS * 1000 * (waves - 1) : 0;
    const cloudMs = oneServerMs * waves + waitsMs;
    const { peak, processes } = peakProcesses(log);
    return {
      variant,
      n,
      waves,
      wallMs,
      oneServerMs,
      waitsMs,
      cloudMs,
      ratio: wallMs / cloudMs,
      targetMs: 1.5 * cloudMs + 5000,
      requestsPerServer: emulator.audit.length / n,
      cliProcesses: processes,
      peakCliProcesses: peak,
    };
  } finally {
    await emulator.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const VARIANTS = [
  ['a', 100],
  ['b', 100],
  ['c', 100],
  ['b', 1000],
  ['c', 1000],
  ['d', 100],
];

/**
 * Runs every variant once (each is seconds to a minute of real Terraform; the ratios are far from noise), or only those
 * `BENCH_FLEET_VARIANTS` lists (`d:100,c:1000`), replacing them among the `previous` rows.
 */
async function fleetBenchmark(previous) {
  const only = process.env.BENCH_FLEET_VARIANTS?.split(',').map((v) => v.split(':'));
  const chosen = only ? VARIANTS.filter(([v, n]) => only.some(([ov, on]) => ov === v && Number(on) === n)) : VARIANTS;
  const fresh = [];
  for (const [i, [variant, n]] of chosen.entries()) {
    const start = Date.now();
    fresh.push(await runVariant(variant, n));
    process.stderr.write(`bench: fleet ${i + 1}/${chosen.length}: ${LABELS[variant]}, ${n} servers, ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  }
  const kept = only && previous ? previous.rows.filter((r) => !fresh.some((f) => f.variant === r.variant && f.n === r.n)) : [];
  const order = (r) => VARIANTS.findIndex(([v, n]) => v === r.variant && n === r.n);
  return { pollIntervalSeconds: POLL_SECONDS, rows: [...kept, ...fresh].sort((x, y) => order(x) - order(y)) };
}

const LABELS = {
  a: 'per-server constructs, Terraform default parallelism',
  b: 'ServerFleetMaintenance, maxUnavailable = N',
  c: 'ServerFleetMaintenance, maxUnavailable = N/10',
  d: 'ServerFleetMaintenance, maxUnavailable = N/10, health check, bake 1 s',
};

/** The README rows of the fleet section. */
function fleetLines(fleet) {
  const f = (x, d = 2) => x.toFixed(d);
  return [
    `Fleet maintenance (stop → cloudservers resize → start), real Terraform against the emulator's default timings, poll interval ${fleet.pollIntervalSeconds} s:`,
    '',
    '| Variant | N | Waves | Wall time | Emulator time (one server × waves, + waits) | Ratio | Target wall (1.5× + 5 s) | Requests per server | CLI processes (peak) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...fleet.rows.map(
      (r) =>
        `| (${r.variant}) ${LABELS[r.variant]} | ${r.n} | ${r.waves} | ${f(r.wallMs / 1000, 1)} s | ${f(r.cloudMs / 1000, 1)} s | ` +
        `${f(r.ratio)}× | ${r.variant === 'a' ? 'baseline' : `${f(r.targetMs / 1000, 1)} s ${r.wallMs <= r.targetMs ? 'met' : 'MISSED'}`} | ` +
        `${f(r.requestsPerServer, 1)}${r.variant === 'a' ? '' : r.requestsPerServer <= 6 ? ' (≤ 6 met)' : ' (≤ 6 MISSED)'} | ${r.cliProcesses} (${r.peakCliProcesses}) |`,
    ),
  ];
}

module.exports = { fleetBenchmark, fleetLines };
