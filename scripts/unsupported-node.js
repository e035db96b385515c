// The repository's own scripts (demo, bench, soak) on a Node.js older than the supported lines: the CLI they start
// refuses such a Node unless ECS_LIFECYCLE_UNSUPPORTED_NODE is set. They set it, with one warning, so that they still
// run on a machine that has only an older Node; users' provisioners get the refusal.
if (Number(process.versions.node.split('.')[0]) < 22 && !process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE) {
  process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE = '1';
  process.stderr.write(`warning: Node.js ${process.versions.node} is older than the supported lines (22, 24, 26); running anyway, untested\n`);
}
