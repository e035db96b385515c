/**
 * The synth, policy and end-to-end suites on CDK Terrain: `cdktf` (in the tests) and the library's core resolve to
 * `cdktn`, and `constructs` to the version cdktn accepts, both from CDKTN_MODULES (a node_modules folder outside the
 * repository; .ci/run installs it). `@cdktf/provider-null` must not load: a cdktn app has no null provider package.
 */
const path = require('path');
const base = require('./jest.config');

const modules = process.env.CDKTN_MODULES;
if (!modules) throw new Error('set CDKTN_MODULES to a node_modules folder holding cdktn and constructs');
const dir = (name) => path.join(path.resolve(modules), name);

module.exports = {
  ...base,
  snapshotSerializers: ['<rootDir>/test/helpers/cdktf-json-format.js'],
  testMatch: ['<rootDir>/test/{constructs,policy,examples,e2e}/**/*.test.ts', '<rootDir>/test/gate/synth-end-to-end.test.ts', '<rootDir>/test/cdk-core.test.ts'],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^(cdktf|cdktn)$': dir('cdktn'),
    '^(cdktf|cdktn)/(.*)$': `${dir('cdktn')}/$2`,
    '^constructs$': dir('constructs'),
    '^@cdktf/provider-null(/.*)?$': '<rootDir>/no-null-provider-package-on-cdktn',
  },
};
