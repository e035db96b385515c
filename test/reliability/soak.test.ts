/**
 * The soak check (`npm run soak`, bench/soak.js) with a handful of operations: the script runs, injects faults,
 * and reports no lost or duplicated mutation and no crash. The full run (2,000 operations) is not part of the suite.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const SOAK = path.resolve(__dirname, '../../bench/soak.js');

test('a short soak passes: 0 lost, 0 duplicated, no crash', async () => {
  // GIVEN 8 operations in 2 lanes, a fault in every one of them
  const env = { ...process.env, SOAK_OPERATIONS: '8', SOAK_LANES: '2', SOAK_FAULT_RATE: '1' };
  // WHEN the soak runs
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [SOAK], { env, timeout: 120_000 }, (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }));
  });
  // THEN it reports every operation, the faults, the emulators' memory, and a pass
  expect(stdout).toMatch(/^soak: 8 operations \(seed \d+, 2 lanes\), a fault injected in 8: /m);
  expect(stdout).toMatch(/^ {2}exit codes: {8}0 × 8$/m);
  expect(stdout).toMatch(/^ {2}mutations: .*; lost 0, duplicated 0$/m);
  expect(stdout).toMatch(/^ {2}crashes: {11}CLI 0, emulator 0$/m);
  expect(stdout).toMatch(/^ {2}emulator peak RSS: \d+\.\d MiB after 4 operations; \d+\.\d MiB after 4 operations$/m);
  expect(stdout).toMatch(/^soak: PASS$/m);
  expect(code).toBe(0);
});
