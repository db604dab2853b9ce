module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // One embedded PostgreSQL server for the whole run; each test file gets its own database.
  globalSetup: '<rootDir>/src/support/global-setup.mjs',
  globalTeardown: '<rootDir>/src/support/global-teardown.mjs',
  // After a failed run: where each failed test file's API processes wrote their output.
  reporters: ['default', '<rootDir>/src/support/api-logs-reporter.mjs'],
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // @conduit/api-client is written as ESM with `.js` specifiers; jest resolves the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js', 'mjs'],
  coverageDirectory: '../../coverage/apps/api-e2e',
};
