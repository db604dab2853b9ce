import baseConfig, { ENTRY_POINTS_ONLY } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Contracts are shared with clients: nothing server-side may leak in. The pattern is
    // relative to this file, so it applies under `nx lint contracts` (ESLint runs here).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ENTRY_POINTS_ONLY,
            { group: ['@nestjs/core', '@nestjs/typeorm', 'typeorm', '@nestjs/platform-*'], message: 'contracts import nothing server-side' },
          ],
        },
      ],
    },
  },
];
