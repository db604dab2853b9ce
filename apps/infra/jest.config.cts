module.exports = {
  displayName: 'infra',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // tsconfig.spec.json sets isolatedModules: ts-jest then transpiles without type-checking
    // aws-cdk-lib's declarations (~20 s on 2 cores); `nx run infra:typecheck` checks the types.
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/apps/infra',
};
