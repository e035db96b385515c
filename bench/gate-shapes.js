/**
 * `policy diff` on the hardest shapes the gate meets: statements of many wildcard actions, each on many
 * Resource globs (every action × every Resource is one entry, judged against the other side's), with old
 * Denies reaching into them. Each pair is timed through the real CLI in a fresh process (start-up, reading,
 * comparing, rendering JSON), as a pipeline runs it; the target is any pair of files under 1 MiB in under 2 s.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib/cli.js');
const SERVICES = ['ecs', 'evs', 'vpc', 'ims'];
const VERBS = ['get', 'list', 'st', 'up'];

// `actions` wildcards on `resources` globs, and a Deny of the first tenth on the first sixth of them; the two sides differ in every glob.
function policy(actions, resources, side) {
  const action = Array.from({ length: actions }, (_, i) => `${SERVICES[i % 4]}:${i % 3 ? '*' : 'servers'}:${VERBS[i % 4]}${i}*`);
  const resource = Array.from({ length: resources }, (_, j) => `${j % 2 ? 'EVS' : 'ECS'}:*:${side}*:instance:${j}*`);
  return {
    Version: '1.1',
    Statement: [
      { Effect: 'Allow', Action: action, Resource: resource },
      { Effect: 'Deny', Action: action.slice(0, Math.ceil(actions / 10)), Resource: resource.slice(0, Math.ceil(resources / 6)) },
    ],
  };
}

/** One row per shape: the pair's size and the median wall time of `rounds` CLI runs. */
function gateShapes(
  rounds = 3,
  shapes = [
    [25, 30],
    [50, 30],
    [100, 30],
    [1000, 30],
    [100, 300],
    [4000, 30],
  ],
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-shapes-'));
  try {
    return shapes.map(([actions, resources]) => {
      const files = ['a', 'b'].map((side) => {
        const file = path.join(dir, `${actions}x${resources}-${side}.json`);
        fs.writeFileSync(file, JSON.stringify(policy(actions, resources, side)));
        return file;
      });
      const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
      const times = [];
      for (let r = 0; r < rounds; r += 1) {
        const start = process.hrtime.bigint();
        const run = spawnSync(process.execPath, [CLI, 'policy', 'diff', ...files, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (run.status !== 1) throw new Error(`policy diff exited ${run.status}: ${run.stderr}`);
      }
      times.sort((x, y) => x - y);
      return { actions, resources, entries: actions * resources, bytes, rounds, ms: times[Math.floor(times.length / 2)] };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The table rows. */
function gateShapeLines(rows) {
  return rows.map(
    (r) =>
      `| \`policy diff\`, ${r.actions} wildcard actions × ${r.resources} Resource globs per side (${(r.entries).toLocaleString('en-US')} entries), ${(r.bytes / 1024).toFixed(1)} KB pair, CLI in a fresh process | ${r.ms.toFixed(0)} ms (median of ${r.rounds}) | ${(r.ms / 2000).toFixed(2)}× the target | < 2 s for any pair under 1 MiB |`,
  );
}

module.exports = { gateShapes, gateShapeLines };

if (require.main === module) {
  process.stdout.write(`${gateShapeLines(gateShapes(Number(process.env.BENCH_ROUNDS ?? 3))).join('\n')}\n`);
}
