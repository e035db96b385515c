import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CREDENTIALS } from '../../src/emulator';
import { send, signedRequest } from './helpers/emulator-client';

// Runs the real bin: `node lib/cli.js emulator …` (npm test builds lib/ first).
const CLI = path.resolve(__dirname, '../../lib/cli.js');
const PROJECT = '0123456789abcdef0123456789abcdef';

let dir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-cli-'));
  fs.writeFileSync(
    path.join(dir, 'servers.json'),
    JSON.stringify([{ id: 'srv-1', name: 'web-1', flavorRef: 's3.medium.2', imageId: 'img', status: 'ACTIVE' }]),
  );
  fs.writeFileSync(
    path.join(dir, 'policy.json'),
    JSON.stringify({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:cloudServers:showServer'] }] }),
  );
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

/** Starts the CLI and resolves once it prints its URL (or rejects with its output if it exits first). */
function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && out.includes('Press Ctrl+C')) resolve({ child, url: m[1], output: () => out, exit });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    void exit.then((code) => reject(new Error(`the CLI exited with ${code} before listening:\n${out}`)));
  });
}

function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const signedGet = (url: string, apiPath: string) => {
  const { accessKey, secretKey } = DEFAULT_CREDENTIALS[0];
  return send(url, signedRequest('GET', apiPath, undefined, { accessKey, secretKey, host: new URL(url).host }));
};

describe('ecs-lifecycle emulator: the CLI', () => {
  test('serves the seeded servers with the policy enforced, prints URL and credentials, and exits 0 on SIGINT', async () => {
    // GIVEN the CLI started with a server file and a policy
    const cli = await startCli([
      '--port',
      '0',
      '--servers',
      path.join(dir, 'servers.json'),
      '--policy',
      path.join(dir, 'policy.json'),
      '--timings',
      writeJson('timings.json', { stop: 10 }),
    ]);
    // THEN it prints the credentials to use and that enforcement is ON
    expect(cli.output()).toContain(`project id:  ${PROJECT}`);
    expect(cli.output()).toContain(`access key:  ${DEFAULT_CREDENTIALS[0].accessKey}`);
    expect(cli.output()).toContain('IAM enforcement: ON');
    // WHEN a signed request reads the seeded server THEN it is served; an action outside the policy is refused
    const shown = await signedGet(cli.url, `/v1/${PROJECT}/cloudservers/srv-1`);
    expect(shown.status).toBe(200);
    expect(shown.body.server.status).toBe('ACTIVE');
    const native = await signedGet(cli.url, `/v2.1/${PROJECT}/servers/srv-1`);
    expect(native.status).toBe(403);
    // WHEN interrupted THEN it stops cleanly with exit code 0
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
    expect(cli.output()).toContain('ECS emulator stopped: 2 calls, 1 denied; by route: cloudservers-show 1, server-show 1 (1 denied)\n');
  });

  test("--cloud huaweicloud enforces Huawei Cloud's action names: a policy with OTC's name for a group read is refused", async () => {
    // GIVEN a policy that allows reading an ECS group by OTC's name only, then by Huawei's
    const otcNames = writeJson('otc.json', { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['ecs:cloudServers:get'] }] });
    const groups = writeJson('groups.json', [{ id: 'g-1', name: 'web', policies: ['anti-affinity'] }]);
    const huawei = await startCli(['--cloud', 'huaweicloud', '--policy', otcNames, '--server-groups', groups]);
    expect(huawei.output()).toContain('huaweicloud action names');
    // THEN the read is refused, naming Huawei's action
    const refused = await signedGet(huawei.url, `/v1/${PROJECT}/cloudservers/os-server-groups/g-1`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Policy does not allow ecs:cloudServers:showServerGroup to be performed.');
    huawei.child.kill('SIGTERM');
    expect(await huawei.exit).toBe(0);
    // AND the same policy passes on the default cloud, OTC
    const otc = await startCli(['--policy', otcNames, '--server-groups', groups]);
    expect(otc.output()).toContain('otc action names');
    expect((await signedGet(otc.url, `/v1/${PROJECT}/cloudservers/os-server-groups/g-1`)).status).toBe(200);
    otc.child.kill('SIGTERM');
    expect(await otc.exit).toBe(0);
  });

  test('without --policy it says enforcement is OFF; SIGTERM also exits 0', async () => {
    const cli = await startCli(['--access-key', 'MYKEY', '--secret-key', 'my-secret', '--project-id', 'p1']);
    expect(cli.output()).toContain('IAM enforcement: OFF');
    expect(cli.output()).toContain('access key:  MYKEY');
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  test.each([
    [
      'an Allow under a Condition that is never true',
      { Effect: 'Allow', Action: ['ecs:*:*'], Condition: { StringEquals: { 'g:UserName': ['nobody'] } } },
      'Condition',
    ],
    ['an Allow on a foreign Resource', { Effect: 'Allow', Action: ['ecs:*:*'], Resource: ['ecs:*:*:instance:someone-else'] }, 'Resource'],
  ])(
    'a policy the emulator cannot evaluate stops the start, with the reason: %s (reproduction: ON, and every call allowed)',
    async (_name, statement, what) => {
      const policy = writeJson('conditional-policy.json', { Version: '1.1', Statement: [statement] });
      const result = await runToExit(['--policy', policy]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`refusing to start: ${policy}: Statement[0] has a ${what}`);
      expect(result.stderr).toContain('it decides by Effect and Action only');
      expect(result.stdout).not.toContain('IAM enforcement: ON');
    },
  );

  test('a malformed policy stops the start with a clear error', async () => {
    const bad = writeJson('bad-policy.json', { Version: '1.0', Statement: [{ Effect: 'Allow', Action: ['ecs servers stop'] }] });
    const result = await runToExit(['--policy', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to start');
    expect(result.stderr).toContain('"Version" must be "1.1"');
    expect(result.stderr).toContain('malformed action "ecs servers stop"');
    expect(result.stdout).not.toContain('listening');
  });

  test.each([
    ['an unknown option', ['--verbose', 'yes'], "unknown option '--verbose'"],
    ['a non-numeric port', ['--port', 'eighty'], '--port must be a number'],
    ['a key without its secret', ['--access-key', 'AK'], '--access-key and --secret-key go together'],
    ['a missing servers file', ['--servers', '/nonexistent/servers.json'], 'cannot read the file'],
    ['an unknown cloud', ['--cloud', 'aws'], "--cloud must be otc or huaweicloud, found 'aws'"],
  ])('%s is refused with exit code 2', async (_name, args, message) => {
    const result = await runToExit(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a bad seed server is refused with exit code 1', async () => {
    const servers = writeJson('bad-servers.json', [{ id: 'x', name: 'x', flavorRef: 'f', imageId: 'i', status: 'PAUSED' }]);
    const result = await runToExit(['--servers', servers]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('status must be ACTIVE or SHUTOFF');
  });

  test('--audit writes one JSON line per request, --env-out the credentials, and the start prints export lines', async () => {
    // GIVEN the CLI started with an audit file and an env file
    const auditFile = path.join(dir, 'audit.jsonl');
    const envFile = path.join(dir, 'emulator.env');
    const cli = await startCli([
      '--servers',
      path.join(dir, 'servers.json'),
      '--policy',
      path.join(dir, 'policy.json'),
      '--audit',
      auditFile,
      '--env-out',
      envFile,
    ]);
    const { accessKey, secretKey } = DEFAULT_CREDENTIALS[0];
    // THEN it prints the export lines and wrote them, without `export`, to the env file
    expect(cli.output()).toContain(`  export OS_ACCESS_KEY=${accessKey}\n  export OS_SECRET_KEY=${secretKey}\n`);
    expect(fs.readFileSync(envFile, 'utf8')).toBe(`OS_ACCESS_KEY=${accessKey}\nOS_SECRET_KEY=${secretKey}\n`);
    // WHEN three requests are made, one of them denied and one to no route
    await signedGet(cli.url, `/v1/${PROJECT}/cloudservers/srv-1`);
    await signedGet(cli.url, `/v2.1/${PROJECT}/servers/srv-1`);
    await signedGet(cli.url, `/v1/${PROJECT}/cloudservers/srv-1/os-interface`);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
    // THEN the audit file holds one entry per request, in order, with the audit log's fields
    const lines = fs
      .readFileSync(auditFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.sequence, l.method, l.route, l.decision, l.status])).toEqual([
      [1, 'GET', 'cloudservers-show', 'allowed', 200],
      [2, 'GET', 'server-show', 'denied', 403],
      [3, 'GET', undefined, 'not-evaluated', 404],
    ]);
    expect(lines[1]).toMatchObject({ action: 'ecs:servers:get', missingAction: 'ecs:servers:get', auth: 'aksk', mutationApplied: false });
    // AND the shutdown line counts calls, denials and routes
    expect(cli.output()).toContain('ECS emulator stopped: 3 calls, 1 denied; by route: (no route) 1, cloudservers-show 1, server-show 1 (1 denied)\n');
  });

  test('an env file value that a shell would split is quoted', async () => {
    const envFile = path.join(dir, 'emulator.env');
    const cli = await startCli(['--access-key', 'AK', '--secret-key', "it's $HOME; rm -rf x", '--env-out', envFile]);
    cli.child.kill('SIGINT');
    await cli.exit;
    expect(fs.readFileSync(envFile, 'utf8')).toBe("OS_ACCESS_KEY=AK\nOS_SECRET_KEY='it'\\''s $HOME; rm -rf x'\n");
  });

  test('--servers-from seeds every server the plan names, in a state its first operation runs from', async () => {
    // GIVEN a plan: a stop then a start on one server, an unlock on a second, a change of OS on a third, a reference
    const planDir = path.join(dir, 'stack');
    fs.mkdirSync(planDir);
    const exec = (operation: string, flags: string[], dependsOn: string[] = []) => ({
      ...(dependsOn.length > 0 ? { depends_on: dependsOn } : {}),
      provisioner: [
        {
          'local-exec': {
            interpreter: ['node', '-e', 'launcher', '--', 'exec', operation, '--project-id', 'feedfacefeedfacefeedfacefeedface', ...flags, '--construct-path'],
            command: `p/${operation}`,
          },
        },
      ],
    });
    const [A, B, C] = ['1a2b3c4d-0000-4000-8000-00000000000a', '1a2b3c4d-0000-4000-8000-00000000000b', '1a2b3c4d-0000-4000-8000-00000000000c'];
    fs.writeFileSync(
      path.join(planDir, 'cdk.tf.json'),
      JSON.stringify({
        resource: {
          terraform_data: {
            start: exec('server-start', ['--server-id', A], ['terraform_data.stop']),
            stop: exec('server-stop', ['--server-id', A, '--stop-type', 'SOFT']),
            unlock: exec('server-unlock', ['--server-id', B]),
            os: exec('server-change-os-v2', ['--server-id', C, '--image-id', A]),
            later: exec('server-lock', ['--server-id', '${opentelekomcloud_compute_instance_v2.web.id}']),
          },
        },
      }),
    );
    // WHEN the CLI starts from it
    const cli = await startCli(['--servers-from', planDir]);
    // THEN the plan's project id is used, and each server is in the state its first operation needs
    expect(cli.output()).toContain('project id:  feedfacefeedfacefeedfacefeedface');
    expect(cli.output()).toContain(`servers:     3 seeded from ${planDir}`);
    expect(cli.output()).toContain('not seeded:  1 server id(s) the plan resolves only at apply (${opentelekomcloud_compute_instance_v2.web.id})');
    const show = async (id: string) =>
      (await signedGet(cli.url, `/v1/feedfacefeedfacefeedfacefeedface/cloudservers/${id}`)).body.server as { status: string; locked?: boolean };
    expect((await show(A)).status).toBe('ACTIVE');
    expect(await show(B)).toMatchObject({ status: 'ACTIVE', locked: true });
    expect((await show(C)).status).toBe('SHUTOFF');
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  test('--servers-from without a synthesized stack is refused, naming the file', async () => {
    const result = await runToExit(['--servers-from', path.join(dir, 'nothing')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot read ${path.join(dir, 'nothing', 'cdk.tf.json')} (ENOENT); give the folder of a synthesized stack`);
  });

  test('the top-level help lists the emulator', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(out).toMatch(/emulator\s+run the local ECS API emulator/);
  });
});

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}
