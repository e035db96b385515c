/**
 * The default words that run the CLI from a provisioner: `node -e <launcher> --`. The launcher finds the installed
 * package the way `require` does (node_modules from Terraform's working folder up, then NODE_PATH) and runs its
 * `lib/cli.js`. It never asks a registry: where the package is missing (a plan applied outside the project that
 * synthesized it), it exits 2 with one line naming the package and the fix. (`npx --no-install` looked the package up
 * in the registry first and failed with the registry's 404.)
 */

/** The package whose CLI the launcher runs. */
export const PACKAGE_NAME = 'cdktf-ecs-lifecycle';

/** The line the launcher prints when the package is not installed (`<cwd>` is Terraform's working folder). */
export function notInstalledMessage(cwd: string): string {
  return (
    `${PACKAGE_NAME}: the CLI is not installed where this plan is applied (no ${PACKAGE_NAME} in node_modules from ${cwd} up, nor in NODE_PATH). ` +
    `Fix: install it in the apply job's project (npm install ${PACKAGE_NAME}, the version or tarball the synth job used), or set cliCommand on the EcsEnvironment to the words that run it.`
  );
}

// Plain JavaScript for `node -e`, kept on one line: it becomes one word of every provisioner. No `${`: the words pass
// through terraformLiteral anyway, but the plan reads better without escapes.
const [BEFORE_CWD, AFTER_CWD] = notInstalledMessage('\u0000').split('\u0000');
const LAUNCHER = [
  'const p=require("path");let m;',
  `try{m=require.resolve(${JSON.stringify(`${PACKAGE_NAME}/package.json`)})}`,
  `catch{process.stderr.write(${JSON.stringify(BEFORE_CWD)}+process.cwd()+${JSON.stringify(`${AFTER_CWD}\n`)});process.exit(2)}`,
  'process.argv.splice(1,0,p.join(p.dirname(m),"lib","cli.js"));require(process.argv[1])',
].join('');

/** `node -e <launcher> --`: the CLI of the package installed where Terraform applies the plan. */
export const DEFAULT_CLI_COMMAND: readonly string[] = ['node', '-e', LAUNCHER, '--'];
