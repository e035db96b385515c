/**
 * The two stacks the synth benchmark compares: N lifecycle constructs, and the same plan written by hand
 * with plain cdktf. Each side loads only what it needs, so a fresh process pays only its own start-up.
 */
const path = require('node:path');
const { App, TerraformStack } = require('cdktf');

const ROOT = path.resolve(__dirname, '..');
const serverId = (i) => `1a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** N lifecycle constructs (stop, resize, start on N/3 servers), policy and review included. */
function synthLifecycle(n, outdir) {
  const lib = require(path.join(ROOT, 'lib'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new lib.EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef' });
  for (let i = 0; i < n; i += 1) {
    const id = serverId(Math.floor(i / 3));
    if (i % 3 === 0) new lib.ServerStop(stack, `op${i}`, { serverId: id });
    else if (i % 3 === 1) new lib.ServerResize(stack, `op${i}`, { serverId: id, flavorRef: 's3.large.2' });
    else new lib.ServerStart(stack, `op${i}`, { serverId: id });
  }
  app.synth();
}

/**
 * The same N resources, triggers, provisioner commands and ordering, written by hand with plain cdktf:
 * `samePlan` checks that both synthesize byte-identical cdk.tf.json, so the ratio measures only what the
 * library adds (validation, ordering checks, the policy and its review).
 */
function synthPlain(n, outdir) {
  const { Resource: NullResource } = require('@cdktf/provider-null/lib/resource');
  const { NullProvider } = require('@cdktf/provider-null/lib/provider');
  // The default words that run the CLI (a one-line launcher; a tiny module, no part of the library's synth).
  const cliWords = require(path.join(ROOT, 'lib/constructs/private/cli-launcher')).DEFAULT_CLI_COMMAND;
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new NullProvider(stack, 'null');
  const project = '0123456789abcdef0123456789abcdef';
  let previous;
  for (let i = 0; i < n; i += 1) {
    const id = serverId(Math.floor(i / 3));
    const [op, extra] = [
      ['server-stop', { stop_type: 'SOFT' }],
      ['server-resize', { flavor_ref: 's3.large.2' }],
      ['server-start', {}],
    ][i % 3];
    const flags = Object.entries(extra).flatMap(([k, v]) => [`--${k.replace('_', '-')}`, v]);
    previous = new NullResource(stack, `op${i}`, {
      triggers: { operation: op, cloud: 'otc', region: 'eu-de', project_id: project, server_id: id, ...extra },
      provisioners: [
        {
          type: 'local-exec',
          interpreter: [
            ...cliWords,
            'exec',
            op,
            '--cloud',
            'otc',
            '--region',
            'eu-de',
            '--project-id',
            project,
            '--server-id',
            id,
            ...flags,
            '--construct-path',
          ],
          command: `bench/op${i}`,
        },
      ],
      dependsOn: i % 3 === 0 ? undefined : [previous],
    });
  }
  app.synth();
}

module.exports = { serverId, synthLifecycle, synthPlain };
