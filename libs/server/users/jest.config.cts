module.exports = {
  displayName: 'server-users',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  // Every test here computes real scrypt hashes (16 MiB, ~0.1-0.5 s each): seconds per test on a busy 2-core runner.
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../../coverage/libs/server/users',
};
