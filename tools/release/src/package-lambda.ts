/**
 * The Lambda artifact of a release (.github/workflows/release.yml attaches it to the GitHub
 * release; DEPLOY_TARGET=lambda deploys it):
 *
 *   node tools/release/src/package-lambda.ts --version 1.2.3 [--dist dist/apps/api] [--out <zip>]
 *
 * Zips dist/apps/api/lambda.js, its source map and certs/aws-rds-ca-bundle.pem (built by
 * `nx build api`; the function's DATABASE_URL verifies RDS Proxy with it) as
 * conduit-api-lambda-<version>.zip. Outputs zip and code-sha256 to $GITHUB_OUTPUT.
 */
import { parseArgs } from 'node:util';
import { messageOf } from './lib/errors.ts';
import { setOutputs } from './lib/github-actions.ts';
import { bundleName, packLambda } from './lib/lambda-bundle.ts';
import { parseVersion } from './lib/release-version.ts';

try {
  const { values } = parseArgs({
    options: { version: { type: 'string' }, dist: { type: 'string', default: 'dist/apps/api' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.version) throw new Error('--version is required');
  const version = parseVersion(values.version).text;
  const bundle = await packLambda(values.dist, values.out ?? bundleName(version), process.env);
  setOutputs(process.env, { zip: bundle.path, 'code-sha256': bundle.codeSha256 });
  process.stdout.write(`[lambda] ${bundle.path}: ${bundle.bytes} bytes, CodeSha256 ${bundle.codeSha256}\n`);
} catch (error) {
  process.stderr.write(`[lambda] ${messageOf(error)}\n`);
  process.exit(1);
}
