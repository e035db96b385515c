/** Jest runs the TypeScript tests directly; CLI tests spawn the compiled `lib/` (npm test builds first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup-jest.ts'],
  clearMocks: true,
  testTimeout: 60000,
};
