import { spawnSync } from 'node:child_process';
import { Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { EcsEnvironment, ServerGroup, ServerLock, ServerResize, ServerStart, ServerStop } from '../../src';
import { newStack, PROJECT_ID, refusalOf, SERVER_1, SERVER_2 } from '../helpers/synth';

/** The local-exec provisioners of a synthesized resource. */
function provisioners(stack: TerraformStack, type: string, name: string): { interpreter: string[]; command: string; when?: string }[] {
  return JSON.parse(Testing.synth(stack)).resource[type][name].provisioner.map((p: Record<string, unknown>) => p['local-exec']);
}

/** The refusal of an EcsEnvironment with these props, or undefined when it is accepted. */
const environment = (props: Record<string, unknown>) => {
  const stack = new TerraformStack(Testing.app(), 'prod');
  return refusalOf(stack, () => new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: PROJECT_ID, ...props } as never));
};

describe('plan safety: no shell, and every literal escaped for Terraform', () => {
  test('a provisioner is an argv: interpreter holds the words, command the construct path; Terraform templates in literals are escaped', () => {
    // GIVEN a construct whose id holds shell and template syntax (reproduction: it used to run `touch x` at apply)
    const stack = newStack();
    const id = '${"\\u0027"}$(touch x)${"\\u0027"}%{if true}y%{endif}';
    const lock = new ServerLock(stack, id, { serverId: SERVER_1 });
    // WHEN synthesized
    const [create] = provisioners(stack, 'null_resource', lock.friendlyUniqueId);
    // THEN no shell is involved, and Terraform would read the path back as written
    expect(create.interpreter.slice(0, 2)).toEqual(['node', '-e']);
    expect(create.interpreter.slice(3, 6)).toEqual(['--', 'exec', 'server-lock']);
    expect(create.interpreter.at(-1)).toBe('--construct-path');
    expect(create.command).toBe('prod/$${"\\u0027"}$(touch x)$${"\\u0027"}%%{if true}y%%{endif}');
  });

  test('a token is one whole argument; text mixed with a token is refused for every patterned field (reproduction)', () => {
    const stack = newStack();
    const sid = new TerraformVariable(stack, 'sid', { type: 'string' });
    new ServerStop(stack, 'stop', { serverId: sid.stringValue });
    expect(provisioners(stack, 'null_resource', 'stop')[0].interpreter).toContain('${var.sid}');
    expect(refusalOf(stack, () => new ServerStart(stack, 'start', { serverId: `x-${sid.stringValue}` }))).toMatch(/'serverId' mixes literal text with a token/);
    expect(refusalOf(stack, () => new ServerResize(stack, 'resize', { serverId: SERVER_2, flavorRef: `${sid.stringValue}.large` }))).toMatch(
      /'flavorRef' mixes literal text with a token/,
    );
    // A value built in Terraform is one token, and passes.
    expect(refusalOf(stack, () => new ServerStart(stack, 'start-2', { serverId: Fn.join('', ['x-', sid.stringValue]) }))).toBeUndefined();
  });

  test('rerunTrigger is stored literally: Terraform never evaluates ${file(...)} from it (reproduction)', () => {
    const stack = newStack();
    new ServerLock(stack, 'lock', { serverId: SERVER_1, rerunTrigger: '${file("/etc/hostname")}' });
    expect(JSON.parse(Testing.synth(stack)).resource.null_resource.lock.triggers.rerun_trigger).toBe('$${file("/etc/hostname")}');
  });

  test('the ServerGroup destroy command reads only its own triggers, each as one argument', () => {
    const stack = newStack(undefined, 'prod', { endpoint: 'https://ecs.example.com:8443' });
    new ServerGroup(stack, 'group', { name: 'web' });
    const [, destroy] = provisioners(stack, 'null_resource', 'group');
    expect(destroy.when).toBe('destroy');
    expect(destroy.interpreter.filter((word) => word.includes('${'))).toEqual([
      '${self.triggers.cloud}',
      '${self.triggers.region}',
      '${self.triggers.project_id}',
      '${self.triggers.endpoint}',
      '${self.triggers.name}',
    ]);
  });
});

describe('cliCommand: a list of words', () => {
  test.each([
    ['a string, split on spaces', 'node  /opt/ecs/lib/cli.js', ['node', '/opt/ecs/lib/cli.js']],
    ['a list, any characters in a word', ['node', '/opt/my tools/${HOME}/cli.js'], ['node', '/opt/my tools/$${HOME}/cli.js']],
  ])('%s', (_name, cliCommand, words) => {
    const stack = newStack(undefined, 'prod', { cliCommand: cliCommand as never });
    new ServerLock(stack, 'lock', { serverId: SERVER_1 });
    expect(provisioners(stack, 'null_resource', 'lock')[0].interpreter.slice(0, words.length + 1)).toEqual([...words, 'exec']);
  });

  test.each([
    ['an environment variable (reproduction)', 'node ${HOME}/cli.js'],
    ['a quote', "node '/opt/x/cli.js'"],
    ['a command substitution', 'node $(which cli)'],
    ['a pipe', 'node cli.js | tee log'],
    ['a line break', 'node\ncli.js'],
  ])('a string that would need a shell is refused: %s', (_name, cliCommand) => {
    expect(environment({ cliCommand })).toMatch(
      /property 'cliCommand' is .*which would need a shell to interpret \(.*\); no shell runs it\. Fix: give the words of the command/,
    );
  });

  test.each([[[]], [['node', '']], [['node', 'a\u001bb']], [['node', 'e\u0301']]])('a list that cannot be run as written is refused: %j', (cliCommand) => {
    expect(environment({ cliCommand })).toMatch(/property 'cliCommand'/);
  });
});

describe('Terraform addresses', () => {
  test('ids that map to one address are refused, naming both paths (reproduction: they merged into one resource)', () => {
    const stack = newStack();
    new ServerLock(stack, 'a b', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerLock(stack, 'ab', { serverId: SERVER_2 }))).toMatch(
      "ServerLock at 'prod/ab' would be the Terraform resource null_resource.ab, which 'prod/a b' already is",
    );
    expect(refusalOf(stack, () => new ServerGroup(stack, '$(ab)', { name: 'web' }))).toMatch(
      /would be the Terraform resource null_resource\.ab, which 'prod\/a b' already is/,
    );
    // The refused constructs write nothing: the address stays the first one's.
    expect(Object.keys(JSON.parse(Testing.synth(stack)).resource.null_resource)).toEqual(['ab']);
  });

  test.each([
    ['a leading digit', '1stop', /gives the Terraform name '1stop', which must start with a letter or _/],
    ['nothing left after normalisation', '日本', /leaves no letters or digits for the Terraform address/],
    ['a control character', 'stop\u001b[2K', /or its path holds control characters/],
  ])('an id giving an invalid Terraform name is refused: %s', (_name, id, message) => {
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerLock(stack, id, { serverId: SERVER_1 }))).toMatch(message);
  });
});

describe('server ids compare without regard to case', () => {
  test('an upper-case id of a locked server is still refused, and the chain orders it (reproduction)', () => {
    const stack = newStack();
    new ServerLock(stack, 'lock', { serverId: SERVER_1 });
    expect(refusalOf(stack, () => new ServerStop(stack, 'stop', { serverId: SERVER_1.toUpperCase() }))).toMatch(/runs after ServerLock 'prod\/lock'/);
  });

  test('operations on one server in different cases depend on each other', () => {
    const stack = newStack();
    new ServerStop(stack, 'stop', { serverId: SERVER_1 });
    new ServerStart(stack, 'start', { serverId: SERVER_1.toUpperCase() });
    expect(JSON.parse(Testing.synth(stack)).resource.null_resource.start.depends_on).toEqual(['null_resource.stop']);
  });
});

describe('EcsEnvironment: what apply would refuse, synth refuses in the same words', () => {
  test.each([
    [
      'shell in the endpoint (reproduction: it ran at destroy)',
      { endpoint: "https://x'$(id)'" },
      /'endpoint' is .*, which is (not a URL|more than a scheme, host and port)/,
    ],
    [
      'plain HTTP to a remote host',
      { endpoint: 'http://ecs.example.com' },
      /'endpoint' is "http:\/\/ecs\.example\.com", which must use https \(http only for localhost, 127\.0\.0\.1 or \[::1\]\)/,
    ],
    [
      'a poll interval that would overflow a timer',
      { pollIntervalSeconds: 2_147_484 },
      /'pollIntervalSeconds' is 2147484, which is not a number of seconds from 0\.001 to 2147483\.647/,
    ],
    ['a timeout below a millisecond', { timeoutSeconds: 0.0001 }, /'timeoutSeconds' is 0\.0001/],
    ['an infinite timeout', { timeoutSeconds: Infinity }, /'timeoutSeconds' is null/],
  ])('%s', (_name, props, message) => {
    expect(environment(props)).toMatch(message);
  });

  test('seconds are written without exponent notation, in whole milliseconds', () => {
    const stack = newStack(undefined, 'prod', { pollIntervalSeconds: 0.001, timeoutSeconds: 2_147_483.647 });
    new ServerLock(stack, 'lock', { serverId: SERVER_1 });
    const words = provisioners(stack, 'null_resource', 'lock')[0].interpreter;
    expect(words[words.indexOf('--poll-interval') + 1]).toBe('0.001');
    expect(words[words.indexOf('--timeout') + 1]).toBe('2147483.647');
  });

  test('a loopback HTTP endpoint is accepted', () => {
    expect(environment({ endpoint: 'http://127.0.0.1:8080' })).toBeUndefined();
  });
});

describe('argv words Linux can pass', () => {
  // MAX_ARG_STRLEN is 128 KiB with the terminating NUL: the longest word a program can be started with.
  const LONGEST = 128 * 1024 - 1;

  test('the limit is the kernel’s: execve takes a word of 131,071 bytes and refuses one of 131,072', () => {
    const run = (bytes: number) => spawnSync(process.execPath, ['-e', '0', 'x'.repeat(bytes)]);
    expect(run(LONGEST).error).toBeUndefined();
    expect((run(LONGEST + 1).error as NodeJS.ErrnoException | undefined)?.code).toBe('E2BIG');
  });

  test('a construct path longer than one argv word is refused at synth, naming the limit (reproduction: apply failed with "argument list too long")', () => {
    // GIVEN an id that makes the path 140,000 characters
    const stack = newStack();
    const id = 'a'.repeat(140_000);
    // WHEN the construct is declared THEN synth refuses it, naming the limit and the fix
    expect(refusalOf(stack, () => new ServerStop(stack, id, { serverId: SERVER_1 }))).toMatch(
      /the construct path is 140,005 bytes, and Linux passes at most 131,071 bytes in one argument .*Fix: use shorter construct ids/s,
    );
  });

  test('the limit is counted in bytes, and a path of exactly the limit is accepted', () => {
    const stack = newStack();
    // 'prod/a' and then two-byte characters: one byte over, although half the limit in characters
    expect(refusalOf(stack, () => new ServerStop(stack, `a${'é'.repeat((LONGEST + 1 - 'prod/a'.length) / 2)}`, { serverId: SERVER_1 }))).toMatch(
      /is 131,072 bytes/,
    );
    expect(refusalOf(stack, () => new ServerStop(stack, 'b'.repeat(LONGEST - 'prod/'.length), { serverId: SERVER_1 }))).toBeUndefined();
  });

  test('any other word of the command line is held to the same limit', () => {
    const stack = newStack(undefined, 'prod', { cliCommand: ['node', `/opt/${'d'.repeat(LONGEST)}/cli.js`] });
    expect(refusalOf(stack, () => new ServerStop(stack, 'stop', { serverId: SERVER_1 }))).toMatch(/command word 2 is 131,083 bytes/);
  });
});
