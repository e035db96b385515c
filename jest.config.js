/** Jest runs the TypeScript tests directly; CLI tests spawn the compiled `lib/` (npm test builds first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
  globalSetup: '<rootDir>/test/setup-env.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup-jest.ts'],
  // Examples import the package by name, as users do; in tests that name is the source.
  moduleNameMapper: { '^cdktf-ecs-lifecycle$': '<rootDir>/src/index.ts', '^cdktf-ecs-lifecycle/role$': '<rootDir>/src/role/index.ts' },
  clearMocks: true,
  // A line per finished file and, during long files, every 30 s: no silent minutes (test/helpers/progress-reporter.js).
  reporters: ['default', '<rootDir>/test/helpers/progress-reporter.js'],
  testTimeout: 60000,
};
