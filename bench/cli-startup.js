#!/usr/bin/env node
/**
 * The runtime CLI's start-up against a bare `node`, on the Node that runs this script: `cdktf-ecs-lifecycle --version`
 * and `node -e 0` as interleaved pairs, the median of each kept. A check, not a test: .ci/run runs it on each supported
 * Node and fails at 2.5× or more; `npm run bench` reports the same figure.
 */
require('../scripts/unsupported-node');
const { spawn } = require('node:child_process');
const path = require('node:path');

const CLI = path.resolve(__dirname, '../lib/cli.js');
const LIMIT = 2.5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function elapsedMs(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`node ${args.join(' ')} exited ${code}`)),
    );
  });
}

/** Medians of `rounds` interleaved pairs. */
async function coldStart(rounds) {
  const cli = [];
  const bare = [];
  for (let r = 0; r < rounds; r += 1) {
    bare.push(await elapsedMs(['-e', '0']));
    cli.push(await elapsedMs([CLI, '--version']));
  }
  return { bareNodeMs: median(bare), cliVersionMs: median(cli), ratio: median(cli) / median(bare) };
}

module.exports = { coldStart, LIMIT };

if (require.main === module) {
  coldStart(Number(process.env.BENCH_ROUNDS ?? 15)).then(
    (r) => {
      const ok = r.ratio < LIMIT;
      console.log(
        `CLI start-up on Node ${process.version}: cdktf-ecs-lifecycle --version ${r.cliVersionMs.toFixed(0)} ms vs node -e 0 ${r.bareNodeMs.toFixed(0)} ms = ${r.ratio.toFixed(2)}× (limit ${LIMIT}×): ${ok ? 'ok' : 'TOO SLOW'}`,
      );
      process.exit(ok ? 0 : 1);
    },
    (error) => {
      console.error(`CLI start-up check failed: ${error.message}`);
      process.exit(1);
    },
  );
}
