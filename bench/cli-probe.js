#!/usr/bin/env node
/**
 * The fleet benchmark's CLI: records when each CLI process starts and ends (in BENCH_CLI_LOG), then runs the
 * real CLI in the same process, so the peak number of CLI processes at once can be counted.
 */
const fs = require('node:fs');
const path = require('node:path');

const log = process.env.BENCH_CLI_LOG;
if (log) {
  fs.appendFileSync(log, `start ${Date.now()}\n`);
  process.on('exit', () => fs.appendFileSync(log, `end ${Date.now()}\n`));
}
require(path.resolve(__dirname, '../lib/cli.js'));
