#!/usr/bin/env node
/**
 * `ecs-lifecycle`: the command-line entry for the apply-time `exec`, the `preview`, the emulator and the policy gate.
 * Sub-commands load lazily, so a start-up loads only what its sub-command needs (`--version`: nothing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A sub-command module: runs with the arguments after its name and resolves to the exit code. */
interface SubcommandModule {
  main(argv: string[]): Promise<number>;
}

const SUBCOMMANDS: Record<string, { readonly summary: string; readonly load: () => Promise<SubcommandModule> }> = {
  exec: { summary: 'run one lifecycle operation against the ECS API (what the Terraform provisioners call)', load: () => import('./runtime/exec-command') },
  emulator: { summary: 'run the local ECS API emulator (127.0.0.1) until interrupted', load: () => import('./emulator/cli') },
  preview: { summary: 'predict what terraform apply will do to each server and group, read-only, before apply', load: () => import('./preview/cli') },
  policy: { summary: 'review and gate generated IAM policies: diff (fails on broadening), check against an existing policy', load: () => import('./gate/cli') },
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(10)} ${s.summary}`);
  return [
    'Usage: ecs-lifecycle <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --version  print the version',
    '  --help     print this help',
  ].join('\n');
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${usage()}\n`);
    return command === undefined ? 2 : 0;
  }
  const subcommand = SUBCOMMANDS[command];
  if (!subcommand) {
    process.stderr.write(`ecs-lifecycle: unknown command '${command}'\n\n${usage()}\n`);
    return 2;
  }
  return (await subcommand.load()).main(rest);
}

/** The oldest Node.js line the library supports and tests (package.json `engines`; test/packaging checks they agree). */
export const OLDEST_SUPPORTED_NODE = 22;
/** Set to run on an older Node.js anyway: unsupported and untested (the test suite sets it when it runs on one). */
export const UNSUPPORTED_NODE_VARIABLE = 'ECS_LIFECYCLE_UNSUPPORTED_NODE';

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < OLDEST_SUPPORTED_NODE && !process.env[UNSUPPORTED_NODE_VARIABLE]) {
  process.stderr.write(
    `ecs-lifecycle: Node.js ${process.versions.node} is not supported; run it with Node.js ${OLDEST_SUPPORTED_NODE} or later (the lines it is tested on: 22, 24, 26)\n`,
  );
  process.exitCode = 2;
} else {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ecs-lifecycle: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
