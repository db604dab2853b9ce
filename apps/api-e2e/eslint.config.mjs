import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Jest loads global setup and teardown directly, outside its module mapper, so they cannot
    // use the @conduit/testing/api-process alias and import its CommonJS helper by path. The
    // boundary itself holds (api-e2e may use testing libs); the rule only objects to the path
    // (and its fixer crashes on a .cjs target).
    files: ['src/support/global-*.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
