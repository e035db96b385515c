/**
 * The rollout flags of `exec fleet-wave` and the events file, through the real CLI against the emulator: a health
 * check gets the wave's ids and addresses, its output reaches the message bounded and redacted; every command appends
 * JSON-lines events when ECS_LIFECYCLE_EVENTS names a file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SeedServer } from '../../../src/emulator';
import { ACCESS_KEY_ENV, CANARY, emulatorOptions, execCli, SERVER, withEmulator } from '../helpers/exec-cli';

const serverId = (i: number) => `7a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const fleet = (n: number): SeedServer[] =>
  Array.from({ length: n }, (_, i) => ({ id: serverId(i), name: `web-${i}`, flavorRef: 's3.medium.2', imageId: 'img-old', status: 'ACTIVE' }));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-rollout-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const events = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('exec fleet-wave: rollout flags', () => {
  test('GIVEN a health check WHEN the wave ends THEN it gets the ids and IPv4 addresses the cloud reports', async () => {
    const servers = fleet(3);
    const seen = path.join(dir, 'seen.json');
    const check = [
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify([process.env.ECS_LIFECYCLE_SERVER_IDS, JSON.parse(process.env.ECS_LIFECYCLE_SERVER_ADDRESSES)]))`,
    ];
    await withEmulator(
      emulatorOptions({ servers: servers.map((s, i) => (i === 2 ? { ...s, addresses: ['192.0.2.7', '198.51.100.7'] } : s)) }),
      async (emulator) => {
        const run = await execCli(emulator, 'fleet-wave', {
          serverIds: JSON.stringify(servers.map((s) => s.id)),
          steps: 'reboot:SOFT',
          healthCheck: JSON.stringify(check),
        });
        expect({ code: run.code, tail: run.stderr.slice(-300) }).toEqual({ code: 0, tail: expect.stringContaining('health check passed (attempt 1)') });
        expect(JSON.parse(fs.readFileSync(seen, 'utf8'))).toEqual([
          servers.map((s) => s.id).join(','),
          { [servers[0].id]: ['10.0.0.1'], [servers[1].id]: ['10.0.0.2'], [servers[2].id]: ['192.0.2.7', '198.51.100.7'] },
        ]);
      },
    );
  });

  test('GIVEN a health check that prints a secret and 5,000 characters, then fails WHEN the wave ends THEN the message holds its last output, redacted and bounded', async () => {
    const check = [
      process.execPath,
      '-e',
      "console.log('x'.repeat(5000)); console.log('key', process.env.OS_SECRET_KEY, process.env.CHECK_SECRET); process.exit(1)",
    ];
    await withEmulator(emulatorOptions(), async (emulator) => {
      // It prints the secret key under another name (the redactor knows its value), and OS_SECRET_KEY, which it is not given.
      const run = await execCli(
        emulator,
        'fleet-wave',
        { serverIds: SERVER, steps: 'reboot:SOFT', healthCheck: JSON.stringify(check), healthTimeout: '0.5', healthInterval: '0.1' },
        { env: { ...ACCESS_KEY_ENV, CHECK_SECRET: CANARY.secretKey } },
      );
      expect(run.code).toBe(1);
      const output = /Its last output: "([^"]*)"/.exec(run.stderr)?.[1] ?? '';
      expect(output).toContain('key undefined [REDACTED]');
      expect(output).not.toContain(CANARY.secretKey);
      expect(output.length).toBeLessThanOrEqual(2000);
      expect(run.stderr).toContain('no later wave starts');
    });
  });

  test.each([
    [{ healthCheck: '["sh", 1]' }, '--health-check must be a JSON array'],
    [{ maxFailures: '-1' }, '--max-failures must be a whole number from 0'],
    [{ onFailure: 'reboot' }, '--on-failure must be leave or restore-power'],
    [{ joined: '["2026-01-01T00:00:00Z"]', serverIds: JSON.stringify([serverId(0), serverId(1)]) }, '--joined must be a JSON array of 2 times'],
    [{ bake: '1e3' }, '--bake is "1e3"'],
  ])('GIVEN %j WHEN the wave starts THEN it is a usage error and nothing is called', async (flags, message) => {
    await withEmulator(emulatorOptions({ servers: fleet(2) }), async (emulator) => {
      const run = await execCli(emulator, 'fleet-wave', { serverIds: serverId(0), steps: 'reboot:SOFT', ...flags });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(emulator.audit).toEqual([]);
    });
  });
});

describe('ECS_LIFECYCLE_EVENTS', () => {
  test('GIVEN a single operation WHEN it runs THEN each progress line and the summary are appended as versioned JSON lines', async () => {
    const file = path.join(dir, 'events.jsonl');
    await withEmulator(emulatorOptions(), async (emulator) => {
      const run = await execCli(emulator, 'server-stop', { serverId: SERVER, stopType: 'SOFT' }, { env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_EVENTS: file } });
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
      const lines = events(file);
      expect(lines.every((e) => e.formatVersion === 1 && e.operation === 'server-stop' && e.constructPath === 'prod/server-stop')).toBe(true);
      expect(lines.filter((e) => e.type === 'progress').map((e) => e.message)).toEqual(
        run.stderr
          .trim()
          .split('\n')
          .map((l) => /^\[[^\]]*\] (.*) \(\d+\.\ds\)$/.exec(l)?.[1]),
      );
      expect(lines[lines.length - 1]).toMatchObject({ type: 'summary', ok: true, changed: true });
    });
  });

  test('GIVEN a fleet wave with a failing server WHEN it runs THEN the file has the wave start, steps, the failure, the end and a failed summary', async () => {
    const file = path.join(dir, 'events.jsonl');
    const servers = fleet(3);
    const faults = [
      { route: 'cloudservers-resize' as const, kind: 'job-fail' as const, serverId: servers[1].id, errorCode: 'Ecs.0207', failReason: 'sold out' },
    ];
    await withEmulator(emulatorOptions({ servers, faults }), async (emulator) => {
      const run = await execCli(
        emulator,
        'fleet-wave',
        { serverIds: JSON.stringify(servers.map((s) => s.id)), steps: 'stop:SOFT,resize:s3.large.2,start', wave: '2/3' },
        { env: { ...ACCESS_KEY_ENV, ECS_LIFECYCLE_EVENTS: file } },
      );
      expect(run.code).toBe(1);
      const lines = events(file).filter((e) => e.type !== 'progress');
      expect(lines.map((e) => e.type)).toEqual(['wave-start', 'step', 'step', 'step', 'server-failed', 'wave-end', 'summary']);
      expect(lines[4]).toMatchObject({ wave: 2, serverId: servers[1].id, step: 'resize s3.large.2', errorCode: 'Ecs.0207' });
      expect(lines[5]).toMatchObject({ wave: 2, waves: 3, failed: [servers[1].id] });
      expect(lines[6]).toMatchObject({ ok: false, exitCode: 1 });
    });
  });
});
