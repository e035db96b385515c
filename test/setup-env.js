// Jest's global setup: the environment of the test processes, inherited by every CLI they spawn. On a Node.js older
// than the supported lines (this machine's Node 20) the CLI refuses to start unless told to run anyway: the suite tells
// it, so the library can be tested here; .ci/run runs the suite on Node 22, 24 and 26, where the variable changes nothing.
module.exports = () => {
  if (Number(process.versions.node.split('.')[0]) < 22) process.env.ECS_LIFECYCLE_UNSUPPORTED_NODE = '1';
};
