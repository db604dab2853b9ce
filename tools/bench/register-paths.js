// Resolves the workspace's `@conduit/*` import paths (tsconfig.base.json) for the bench
// scripts run by ts-node. Those paths are relative to the workspace root, which
// tsconfig-paths cannot infer from the bench's own tsconfig (TS_NODE_PROJECT), so they are
// read from the base config and registered explicitly.
const { join } = require('node:path');
const tsconfigPaths = require('tsconfig-paths');

const workspaceRoot = join(__dirname, '..', '..');
const { paths } = require(join(workspaceRoot, 'tsconfig.base.json')).compilerOptions;
tsconfigPaths.register({ cwd: workspaceRoot, baseUrl: '.', paths });
