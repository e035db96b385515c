/**
 * The suites on CDK Terrain: `cdktf` (in the tests) and the library's core resolve to `cdktn`, and `constructs` to the
 * version cdktn accepts, both from CDKTN_MODULES (a node_modules folder outside the repository). `@cdktf/provider-null`
 * must not load: a cdktn app has no null provider package. .ci/run installs cdktn and names the suites:
 *   CDKTN_MODULES=/path/to/node_modules npx jest -c jest.cdktn.config.js test/constructs test/policy …
 * Snapshots are shared with the cdktf run; cdktn's `Testing.synth` layout differs only in empty objects.
 */
const path = require('node:path');
const base = require('./jest.config');

const modules = process.env.CDKTN_MODULES;
if (!modules) throw new Error('set CDKTN_MODULES to a node_modules folder holding cdktn and constructs');
const dir = (name) => path.join(path.resolve(modules), name);

module.exports = {
  ...base,
  snapshotSerializers: ['<rootDir>/test/helpers/cdktf-json-format.js'],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^(cdktf|cdktn)$': dir('cdktn'),
    '^(cdktf|cdktn)/(.*)$': `${dir('cdktn')}/$2`,
    '^constructs$': dir('constructs'),
    '^@cdktf/provider-null(/.*)?$': '<rootDir>/no-null-provider-package-on-cdktn',
  },
};
