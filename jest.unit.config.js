/**
 * `npm run test:unit`: the suite without real Terraform (test/e2e, the README's try-locally block, the contributor's
 * path), the long fault matrix and soak (test/reliability), and the tarball installs (test/packaging).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/e2e/',
    '/test/reliability/',
    '/test/packaging/',
    '/test/docs/try-locally',
    '/test/operations/contributor-path',
  ],
};
