/**
 * `policy diff` on the hardest shapes the gate meets: statements of many wildcard actions, each on many
 * Resource globs (every action × every Resource is one entry, judged against the other side's), old Denies
 * reaching into them, many statements, Conditions, NotAction, and policies past the gate's entry bound.
 * Each pair is timed through the real CLI in a fresh process (start-up, reading, comparing, rendering JSON),
 * as a pipeline runs it, in wall time and in the process's own CPU time (the machine is shared); the target
 * is any pair of files under 1 MiB in under 2 s.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib/cli.js');
const PROBE = path.join(__dirname, 'cpu-probe.js');
const SERVICES = ['ecs', 'evs', 'vpc', 'ims'];
const VERBS = ['get', 'list', 'st', 'up'];

const wildcards = (n) => Array.from({ length: n }, (_, i) => `${SERVICES[i % 4]}:${i % 3 ? '*' : 'servers'}:${VERBS[i % 4]}${i}*`);
const globs = (n, side) => Array.from({ length: n }, (_, j) => `${j % 2 ? 'EVS' : 'ECS'}:*:${side}*:instance:${j}*`);
const document = (...statements) => ({ Version: '1.1', Statement: statements });

/** The shapes: a name and a function from the side (`a`, `b`) to its policy document. */
const SHAPES = [
  ...[
    [25, 30],
    [50, 30],
    [100, 30],
    [1000, 30],
    [100, 300],
    [4000, 30],
  ].map(([actions, resources]) => ({
    name: `${actions} wildcard actions × ${resources} Resource globs, a Deny of a tenth on a sixth`,
    policy: (side) =>
      document(
        { Effect: 'Allow', Action: wildcards(actions), Resource: globs(resources, side) },
        { Effect: 'Deny', Action: wildcards(actions).slice(0, Math.ceil(actions / 10)), Resource: globs(resources, side).slice(0, Math.ceil(resources / 6)) },
      ),
  })),
  {
    // Every wildcard's text before its first `*` is empty: no prefix tells them apart.
    name: '1450 wildcards `svc:*:*verbN` (no literal head) × 21 globs, a Deny of all of them on one glob',
    policy: (side) => {
      const action = Array.from({ length: 1450 }, (_, i) => `ecs:*:*${VERBS[i % 4]}${i}`);
      return document({ Effect: 'Allow', Action: action, Resource: globs(21, side) }, { Effect: 'Deny', Action: action, Resource: [`ECS:*:${side}*`] });
    },
  },
  {
    name: '1590 Resource globs sharing head and tail (`ECS:*N*`) × 20 wildcards',
    policy: (side) =>
      document(
        { Effect: 'Allow', Action: wildcards(20), Resource: Array.from({ length: 1590 }, (_, j) => `ECS:*${side}${j}*`) },
        { Effect: 'Deny', Action: wildcards(2), Resource: ['ECS:*'] },
      ),
  },
  {
    name: '320 statements of 10 wildcards × 10 globs, each under its own Condition, Denies under Conditions',
    policy: (side) =>
      document(
        ...Array.from({ length: 320 }, (_, s) => ({
          Effect: s % 5 ? 'Allow' : 'Deny',
          Action: wildcards(10).map((a) => `${a}${s}`),
          Resource: globs(10, side),
          Condition: { StringEquals: { 'g:UserName': [`user${s % 7}`] }, ...(s % 3 ? {} : { DateGreaterThan: { 'g:CurrentTime': ['2025-01-01T00:00:00Z'] } }) },
        })),
      ),
  },
  {
    name: '400 NotAction statements on 50 globs, every other one a Deny',
    policy: (side) =>
      document(
        ...Array.from({ length: 400 }, (_, s) => ({
          Effect: s % 2 ? 'Allow' : 'Deny',
          NotAction: [`ecs:*:${VERBS[s % 4]}${s}*`, 'evs:*:*'],
          Resource: Array.from({ length: 50 }, (_, j) => `E:*:${side}${j}*`),
        })),
      ),
  },
  {
    name: 'one statement of 20,000 wildcards × 40 globs (800,000 entries, past the entry bound)',
    policy: (side) => document({ Effect: 'Allow', Action: wildcards(20000), Resource: globs(40, side) }),
  },
];

/** One row per shape: the pair's size, entries, exit code and the median wall and CPU time of `rounds` CLI runs. */
function gateShapes(rounds = 3, shapes = SHAPES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-shapes-'));
  try {
    return shapes.map((shape, s) => {
      const files = ['a', 'b'].map((side) => {
        const file = path.join(dir, `shape${s}-${side}.json`);
        fs.writeFileSync(file, JSON.stringify(shape.policy(side)));
        return file;
      });
      const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
      const entries = entriesOf(shape.policy('b'));
      const cpuFile = path.join(dir, 'cpu');
      const runs = [];
      let status;
      let summary;
      for (let r = 0; r < rounds; r += 1) {
        const start = process.hrtime.bigint();
        const run = spawnSync(process.execPath, ['--require', PROBE, CLI, 'policy', 'diff', ...files, '--format', 'json'], {
          encoding: 'utf8',
          maxBuffer: 1 << 30,
          env: { ...process.env, ECS_BENCH_CPU_FILE: cpuFile },
        });
        runs.push({ wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: Number(fs.readFileSync(cpuFile, 'utf8')) });
        status = run.status;
        if (status !== 1 && status !== 2) throw new Error(`policy diff exited ${status}: ${run.stderr}`);
        summary = run.stderr.trim().split('\n').pop();
      }
      const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      return { name: shape.name, entries, bytes, rounds, status, summary, ms: median(runs.map((r) => r.wall)), cpuMs: median(runs.map((r) => r.cpu)) };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Entries per side, as the gate counts them: action patterns (or one NotAction list) times Resource patterns.
function entriesOf(policy) {
  return policy.Statement.reduce((sum, s) => sum + (s.Action?.length ?? 1) * (s.Resource?.length ?? 1), 0);
}

/** The table rows. */
function gateShapeLines(rows) {
  return rows.map(
    (r) =>
      `| \`policy diff\`, ${r.name}: ${r.entries.toLocaleString('en-US')} entries per side, ${(r.bytes / 1024).toFixed(1)} KB pair | ${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU (median of ${r.rounds}); exit ${r.status}${r.status === 2 ? ' (refused: over the entry bound)' : ''} | ${(r.cpuMs / 2000).toFixed(2)}× the target (CPU) | < 2 s for any pair under 1 MiB |`,
  );
}

module.exports = { gateShapes, gateShapeLines, SHAPES };

if (require.main === module) {
  const rows = gateShapes(Number(process.env.BENCH_ROUNDS ?? 3));
  process.stdout.write(`${gateShapeLines(rows).join('\n')}\n`);
  for (const r of rows) process.stderr.write(`${r.name}: ${r.summary}\n`);
}
