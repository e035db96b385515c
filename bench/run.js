#!/usr/bin/env node
/**
 * `npm run bench`: ratios measured side by side in one run (this machine is noisy, so every pair is
 * interleaved and the median of several rounds is kept). Prints a table and writes bench/results.json.
 * No test asserts on these numbers.
 */
require('../scripts/unsupported-node');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib/cli.js');
const { serverId, synthLifecycle, synthPlain } = require('./stacks');
const { coldStart } = require('./cli-startup');
const { startEmulator } = require(path.join(ROOT, 'lib/emulator'));
const { authorizationHeader, sdkDate } = require(path.join(ROOT, 'lib/signing'));
const { execArgv } = require(path.join(ROOT, 'lib/cloud'));
const { fleetBenchmark, fleetLines } = require('./fleet');
const { gateShapes, gateShapeLines } = require('./gate-shapes');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INSTRUCTION_ROUNDS = Number(process.env.BENCH_INSTRUCTION_ROUNDS ?? 1);
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
const median = (xs) => quantile(xs, 0.5);
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** Whether both stacks synthesize the same cdk.tf.json, byte for byte (checked once, outside the timings). */
function samePlan(n) {
  const plans = [synthLifecycle, synthPlain].map((fn) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-'));
    fn(n, outdir);
    const plan = fs.readFileSync(path.join(outdir, 'stacks/bench/cdk.tf.json'), 'utf8');
    fs.rmSync(outdir, { recursive: true, force: true });
    return plan;
  });
  return plans[0] === plans[1];
}

function timeSynth(fn, n) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-'));
  // Collect the previous round's garbage first (npm run bench passes --expose-gc), so no round pays for another.
  global.gc?.();
  const start = process.hrtime.bigint();
  fn(n, outdir);
  const elapsed = ms(start);
  fs.rmSync(outdir, { recursive: true, force: true });
  return elapsed;
}

function synthOverhead() {
  if (!samePlan(30)) throw new Error('the plain cdktf baseline no longer synthesizes the same cdk.tf.json as the lifecycle stack; fix synthPlain');
  const rows = [];
  for (const n of [100, 1000, 5000]) {
    const lifecycle = [];
    const plain = [];
    const ratios = [];
    // Many rounds where a round is cheap: garbage collection makes single rounds swing by ±10%. One warm-up round is not counted.
    const rounds = n >= 5000 ? ROUNDS : ROUNDS * 10;
    timeSynth(synthPlain, n);
    timeSynth(synthLifecycle, n);
    for (let r = 0; r < rounds; r += 1) {
      // Alternate which goes first, and keep each round's pair together: the ratio of a pair taken a moment
      // apart is steadier than the ratio of two medians on a machine whose speed drifts.
      const [first, second] = r % 2 === 0 ? [synthPlain, synthLifecycle] : [synthLifecycle, synthPlain];
      const times = new Map([
        [first, timeSynth(first, n)],
        [second, timeSynth(second, n)],
      ]);
      plain.push(times.get(synthPlain));
      lifecycle.push(times.get(synthLifecycle));
      ratios.push(times.get(synthLifecycle) / times.get(synthPlain));
    }
    const lifecycleMs = median(lifecycle);
    rows.push({
      n,
      rounds,
      plainMs: median(plain),
      lifecycleMs,
      ratio: median(ratios),
      ratioQuartiles: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
      lifecycleMsPerOperation: lifecycleMs / n,
    });
  }
  return { samePlan: true, rows };
}

/** CPU instructions (valgrind's callgrind) of one `bench/synth-once.js` run; undefined when valgrind is missing. */
function instructions(kind, n) {
  return new Promise((resolve, reject) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-'));
    const child = spawn(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, path.join(__dirname, 'synth-once.js'), kind, String(n), outdir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', (error) => {
      fs.rmSync(outdir, { recursive: true, force: true });
      if (error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
    child.on('close', (code) => {
      fs.rmSync(outdir, { recursive: true, force: true });
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !collected) reject(new Error(`valgrind ${kind} ${n} failed (exit ${code}): ${stderr.slice(-500)}`));
      else resolve(Number(collected[1]));
    });
  });
}

/**
 * The synth overhead as a user meets it, with far less noise than wall-clock time: the CPU instructions
 * of one synth in a fresh process, the way `cdktf synth` runs it (start-up, module loading and JIT warm-up
 * included). Instructions are not time (caches, memory), and V8's background threads still move a count
 * by about 1%. One pair under callgrind takes minutes on a busy 2-core machine, so one pair is the default
 * (BENCH_INSTRUCTION_ROUNDS=3 keeps the median of three), which keeps `npm run bench` within ten minutes.
 */
async function synthInstructions(n = 1000) {
  const lifecycle = [];
  const plain = [];
  for (let r = 0; r < INSTRUCTION_ROUNDS; r += 1) {
    const [l, p] = await Promise.all([instructions('lifecycle', n), instructions('plain', n)]);
    if (l === undefined || p === undefined) return { skipped: 'valgrind is not on PATH' };
    lifecycle.push(l);
    plain.push(p);
    process.stderr.write(`bench: callgrind pair ${r + 1}/${INSTRUCTION_ROUNDS} (${(ms(BENCH_START) / 1000).toFixed(0)} s in all)\n`);
  }
  return {
    n,
    rounds: INSTRUCTION_ROUNDS,
    lifecycle: median(lifecycle),
    plain: median(plain),
    ratio: median(lifecycle) / median(plain),
    samples: { lifecycle, plain },
  };
}

function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, elapsedMs: ms(start), stderr }));
  });
}

/** Signed GETs of a server's details over loopback, 4 at a time, for a fixed number of requests. */
async function emulatorThroughput() {
  const id = serverId(1);
  const emulator = await startEmulator({
    servers: [{ id, name: 'b', flavorRef: 's3.medium.2', imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', status: 'ACTIVE' }],
  });
  const { accessKey, secretKey } = emulator.credentials[0];
  const url = new URL(emulator.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const requestPath = `/v1/${emulator.projectId}/cloudservers/${id}`;
  const one = () =>
    new Promise((resolve, reject) => {
      const headers = { 'Content-Type': 'application/json', 'X-Sdk-Date': sdkDate(new Date()), 'X-Project-Id': emulator.projectId };
      headers.Authorization = authorizationHeader({ method: 'GET', host: url.host, path: requestPath, query: [], headers }, accessKey, secretKey);
      http
        .get({ host: url.hostname, port: url.port, path: requestPath, headers, agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        })
        .on('error', reject);
    });
  const total = 2000;
  const start = process.hrtime.bigint();
  let issued = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (issued < total) {
        issued += 1;
        await one();
      }
    }),
  );
  const elapsed = ms(start);
  agent.destroy();
  await emulator.close();
  return { requests: total, elapsedMs: elapsed, requestsPerSecond: (total / elapsed) * 1000 };
}

/**
 * How long after the emulator finishes a stop the CLI reports success, relative to the poll interval. The
 * emulator runs in this process, so one clock serves both: the stop ends `stopMs` after the emulator
 * received it (its audit log's `receivedAt`), and the CLI has reported when its process has exited.
 */
async function completionDetection() {
  const pollSeconds = 0.25;
  const samples = [];
  const stops = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    // Spread the end over the poll interval: a stop that lasted a whole number of intervals would be seen at once.
    const stopMs = 1500 + Math.round((pollSeconds * 1000 * (r + 0.5)) / ROUNDS);
    stops.push(stopMs);
    const id = serverId(2);
    const emulator = await startEmulator({
      timings: { stop: stopMs },
      servers: [{ id, name: 'c', flavorRef: 's3.medium.2', imageId: 'e215580f-73ad-429d-b6f2-5433947433b0', status: 'ACTIVE' }],
    });
    const env = { ...process.env, OS_ACCESS_KEY: emulator.credentials[0].accessKey, OS_SECRET_KEY: emulator.credentials[0].secretKey };
    const args = [
      CLI,
      'exec',
      ...execArgv('server-stop', {
        constructPath: 'bench/stop',
        cloud: 'otc',
        region: 'eu-de',
        projectId: emulator.projectId,
        endpoint: emulator.url,
        pollInterval: String(pollSeconds),
        serverId: id,
        stopType: 'SOFT',
      }),
    ];
    const result = await run(process.execPath, args, env);
    const reportedAt = Date.now();
    const stop = emulator.audit.find((entry) => entry.route === 'server-action:os-stop');
    await emulator.close();
    if (result.code !== 0 || !stop) throw new Error(`exec server-stop failed: ${result.stderr}`);
    samples.push(reportedAt - (stop.receivedAt + stopMs));
  }
  const lagMs = median(samples);
  return { operationsMs: stops, pollIntervalMs: pollSeconds * 1000, detectedAfterMs: lagMs, pollIntervals: lagMs / (pollSeconds * 1000), samplesMs: samples };
}

/**
 * `policy diff` and `policy check` on 5,000-action policies against the same on 50-action ones, in this
 * process (reading the files, comparing, rendering the text report): the ratio shows how the gate scales
 * (100× the actions; linear is 100×), the 5,000-action time is the one a pipeline waits for.
 */
function gateScale() {
  const gate = require(path.join(ROOT, 'lib/gate'));
  const { KNOWN_ACTIONS } = require(path.join(ROOT, 'lib/permissions'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-gate-'));
  const write = (name, statements) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${JSON.stringify({ Version: '1.1', Statement: statements }, null, 2)}\n`);
    return file;
  };
  const actions = (n, shift) => Array.from({ length: n }, (_, i) => `ecs:type${(i + shift) % 50}:act${i + shift}`);
  const chunks = (list) => Array.from({ length: Math.ceil(list.length / 100) }, (_, i) => ({ Effect: 'Allow', Action: list.slice(i * 100, (i + 1) * 100) }));
  const policies = (n) => {
    const deny = { Effect: 'Deny', Action: ['ecs:type7:*'], Condition: { StringEquals: { 'g:UserName': ['intern'] } } };
    return {
      before: write(`before-${n}.json`, [...chunks(actions(n, 0)), { Effect: 'Allow', Action: ['ecs:*:get*', ...KNOWN_ACTIONS] }, deny]),
      // 2% of the actions replaced: as many added as removed.
      after: write(`after-${n}.json`, [...chunks(actions(n, Math.ceil(n / 50))), { Effect: 'Allow', Action: ['ecs:*:get*', ...KNOWN_ACTIONS] }, deny]),
    };
  };
  const generated = write('generated.json', [{ Effect: 'Allow', Action: [...KNOWN_ACTIONS] }]);
  const files = { 50: policies(50), 5000: policies(5000) };
  const diffOnce = (n) => {
    const start = process.hrtime.bigint();
    const [before, after] = [files[n].before, files[n].after].map((f) => gate.loadPolicyInput(f, { generated: false }));
    gate.renderDiff(gate.diffInputs(before, after), 'broadening', 'text');
    return ms(start);
  };
  const checkOnce = (n) => {
    const start = process.hrtime.bigint();
    const existing = gate.loadPolicyInput(files[n].after, { generated: false });
    gate.renderCheck(gate.checkPolicy(gate.loadPolicyInput(generated, { generated: true }), [existing.policy], { reportExcess: true }), 'text');
    return ms(start);
  };
  const rows = [
    ['diff', diffOnce],
    ['check', checkOnce],
  ].map(([command, once]) => {
    once(50);
    once(5000);
    const small = [];
    const large = [];
    const ratios = [];
    for (let r = 0; r < ROUNDS * 3; r += 1) {
      let s;
      let l;
      if (r % 2 === 0) {
        s = once(50);
        l = once(5000);
      } else {
        l = once(5000);
        s = once(50);
      }
      small.push(s);
      large.push(l);
      ratios.push(l / s);
    }
    return { command, rounds: ROUNDS * 3, ms50: median(small), ms5000: median(large), ratio: median(ratios) };
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

function machine() {
  let terraform = 'not on PATH';
  try {
    terraform = execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    /* reported as such */
  }
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, terraform };
}

/**
 * `npm run bench -- fleet`: only the fleet section, merged into the results of the last full run
 * (`BENCH_FLEET_VARIANTS=d:100` runs only those rows, replacing them in the last results).
 */
async function fleetOnly() {
  const file = path.join(__dirname, 'results.json');
  const previous = JSON.parse(fs.readFileSync(file, 'utf8'));
  const results = { ...previous, fleet: await fleetBenchmark(previous.fleet) };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${fleetLines(results.fleet).join('\n')}\n\nwritten: bench/results.json (fleet)\n`);
}

/**
 * `npm run bench -- gate`: only the gate's wildcard × Resource-glob shapes, merged into the results of the last full run.
 */
function gateShapesOnly() {
  const file = path.join(__dirname, 'results.json');
  const results = { ...JSON.parse(fs.readFileSync(file, 'utf8')), gateShapes: gateShapes(ROUNDS) };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${gateShapeLines(results.gateShapes).join('\n')}\n\nwritten: bench/results.json (gateShapes)\n`);
}

const BENCH_START = process.hrtime.bigint();
const SECTIONS = 8;
let section = 0;

/** Runs one section, with a progress line on stderr before and after it (the table goes to stdout at the end). */
async function timed(name, fn) {
  section += 1;
  process.stderr.write(`bench: [${section}/${SECTIONS}] ${name}…\n`);
  const start = process.hrtime.bigint();
  const result = await fn();
  process.stderr.write(
    `bench: [${section}/${SECTIONS}] ${name} done in ${(ms(start) / 1000).toFixed(1)} s (${(ms(BENCH_START) / 1000).toFixed(0)} s in all)\n`,
  );
  return result;
}

async function main() {
  if (process.argv.slice(2).includes('fleet')) return fleetOnly();
  if (process.argv.slice(2).includes('gate')) return gateShapesOnly();
  const results = { date: new Date().toISOString().slice(0, 10), machine: machine(), rounds: ROUNDS };
  results.synthOverhead = await timed('synth against plain cdktf (100, 1,000 and 5,000 operations)', synthOverhead);
  results.synthInstructions = await timed('synth CPU instructions (callgrind, when installed)', synthInstructions);
  results.coldStart = await timed('CLI cold start', () => coldStart(ROUNDS * 3));
  results.emulatorThroughput = await timed('emulator throughput', emulatorThroughput);
  results.completionDetection = await timed('completion detection', completionDetection);
  results.gateScale = await timed('policy gate at 5,000 actions', gateScale);
  results.gateShapes = await timed('policy gate on wildcard × Resource-glob shapes', () => gateShapes(ROUNDS));
  results.fleet = await timed('fleet maintenance against one construct per server (real Terraform)', fleetBenchmark);
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  const f = (x, d = 2) => x.toFixed(d);
  const lines = [
    `Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; synth: median of each round's ratio (${ROUNDS * 10} alternating rounds for 100 and 1,000 operations, ${ROUNDS} for 5,000); others: median of ${ROUNDS} rounds`,
    '',
    '| Benchmark | Measured | Ratio | Target |',
    '|---|---|---|---|',
    ...results.synthOverhead.rows.map(
      (r) =>
        `| Synth, ${r.n} operations (policy and review included) vs the same plan in plain cdktf | ${f(r.lifecycleMs, 0)} ms vs ${f(r.plainMs, 0)} ms (${f(r.lifecycleMsPerOperation * 1000, 0)} µs per operation) | ${f(r.ratio)}× (quartiles ${f(r.ratioQuartiles[0])}–${f(r.ratioQuartiles[1])}) | ≤ 1.05× at 1,000; < 5 s |`,
    ),
    ...(results.synthInstructions.skipped
      ? []
      : [
          `| Synth, ${results.synthInstructions.n} operations, one fresh process: CPU instructions (callgrind) vs the same plan in plain cdktf | ` +
            `${f(results.synthInstructions.lifecycle / 1e9)} G vs ${f(results.synthInstructions.plain / 1e9)} G (median of ${results.synthInstructions.rounds} pairs) | ` +
            `${f(results.synthInstructions.ratio)}× | ≤ 1.05× at 1,000 |`,
        ]),
    `| CLI cold start: \`cdktf-ecs-lifecycle --version\` vs \`node -e 0\` | ${f(results.coldStart.cliVersionMs, 0)} ms vs ${f(results.coldStart.bareNodeMs, 0)} ms | ${f(results.coldStart.ratio)}× | ≤ 2.5× |`,
    `| Completion detection after the emulator finished a stop | ${f(results.completionDetection.detectedAfterMs, 0)} ms after it finished (poll ${results.completionDetection.pollIntervalMs} ms; peers wait a fixed 3–10 s) | ${f(results.completionDetection.pollIntervals)} poll intervals | ≤ 1 interval |`,
    ...results.gateScale.map(
      (r) =>
        `| \`policy ${r.command}\`, 5,000-action vs 50-action policies (read, compared, rendered; in process) | ${f(r.ms5000, 1)} ms vs ${f(r.ms50, 1)} ms | ${f(r.ratio, 1)}× for 100× the actions | < 1 s at 5,000 |`,
    ),
    ...gateShapeLines(results.gateShapes),
    `| Emulator throughput, signed GETs on loopback, 4 concurrent | ${results.emulatorThroughput.requests} requests in ${f(results.emulatorThroughput.elapsedMs, 0)} ms | ${f(results.emulatorThroughput.requestsPerSecond, 0)} req/s | fast enough for the suites |`,
  ];
  process.stdout.write(`${[...lines, '', ...fleetLines(results.fleet)].join('\n')}\n\nwritten: bench/results.json\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
