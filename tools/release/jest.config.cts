module.exports = {
  displayName: 'tools-release',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // typescript-transpile.cjs is plain CommonJS, loaded as it is.
  transformIgnorePatterns: ['/node_modules/', '\\.cjs$'],
  moduleFileExtensions: ['ts', 'js', 'cjs'],
  coverageDirectory: '../../coverage/tools/release',
};
