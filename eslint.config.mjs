import nx from '@nx/eslint-plugin';

/**
 * A library is used through its entry point (`src/index.ts`) only: what it exports is what
 * other projects may use, and its inside can move without breaking them.
 */
export const ENTRY_POINTS_ONLY = {
  group: ['@conduit/*/src/**', '@conduit/*/*/src/**'],
  message: 'import a library from its entry point (@conduit/<lib>) only',
};

/**
 * Module boundaries are the architecture made checkable: every project carries a
 * `type:` tag (what layer it is) and a `scope:` tag (who runs it); `nx lint` fails
 * when an import crosses a line drawn here. The rules in words: docs/architecture.md
 * ("What may import what").
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/cdk.out', '**/tmp'],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // Layers: an app composes; features hold the rules; data-access owns the
            // schema; platform holds cross-cutting concerns; contracts are plain shapes.
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:platform', 'type:contracts'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:client', 'type:contracts', 'type:testing'],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:platform', 'type:contracts'],
            },
            // Features, one way only: articles shows users (their profile SQL); users knows no article.
            { sourceTag: 'feature:articles', onlyDependOnLibsWithTags: ['feature:users', 'type:data-access', 'type:platform', 'type:contracts'] },
            { sourceTag: 'feature:users', notDependOnLibsWithTags: ['feature:articles'] },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'],
            },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:client', 'type:contracts', 'type:testing'] },
            // Test helpers run the built API from outside; they import nothing of ours.
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [] },
            // Scopes: client code ships to other teams and browsers, so it never
            // pulls in server code; server code never depends on the published client.
            { sourceTag: 'scope:client', notDependOnLibsWithTags: ['scope:server'] },
            { sourceTag: 'scope:shared', notDependOnLibsWithTags: ['scope:server', 'scope:client'] },
            { sourceTag: 'scope:server', notDependOnLibsWithTags: ['scope:client', 'scope:infra'] },
            { sourceTag: 'scope:infra', notDependOnLibsWithTags: ['scope:server', 'scope:client'] },
            // End-to-end tests talk to the API only as a client would: over HTTP, through the client.
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:client', 'scope:shared', 'scope:testing'] },
          ],
        },
      ],
    },
  },
  {
    // A project's own config that sets no-restricted-imports replaces this list: include
    // ENTRY_POINTS_ONLY in it (libs/contracts, libs/api-client).
    files: ['**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ENTRY_POINTS_ONLY] }] },
  },
];
