/**
 * Preloaded into a timed CLI process (`node --require bench/cpu-probe.js`): at exit, writes the process's
 * own CPU time (user + system, `process.cpuUsage`) in ms to the file named by ECS_BENCH_CPU_FILE.
 */
const fs = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  if (process.env.ECS_BENCH_CPU_FILE) fs.writeFileSync(process.env.ECS_BENCH_CPU_FILE, String((user + system) / 1000));
});
