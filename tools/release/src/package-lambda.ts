/**
 * The Lambda artifact of a release (.github/workflows/release.yml attaches it to the GitHub
 * release; DEPLOY_TARGET=lambda deploys it):
 *
 *   node tools/release/src/package-lambda.ts --version 1.2.3 [--dist dist/apps/api] [--out <zip>]
 *
 * Makes the function's code cache (an environment of the built function started once on this
 * Node, lib/lambda-code-cache.ts), then zips dist/apps/api/lambda.js, lambda-function.js, their
 * source maps, that cache and certs/aws-rds-ca-bundle.pem (the function's DATABASE_URL verifies
 * RDS Proxy with it) as conduit-api-lambda-<version>.zip. Run it on the Node of the function's
 * runtime (nodejs24.x): V8 uses the cache only there. Outputs zip and code-sha256 to $GITHUB_OUTPUT.
 */
import { parseArgs } from 'node:util';
import { messageOf } from './lib/errors.ts';
import { setOutputs } from './lib/github-actions.ts';
import { bundleName, packLambda } from './lib/lambda-bundle.ts';
import { makeLambdaCodeCache } from './lib/lambda-code-cache.ts';
import { parseVersion } from './lib/release-version.ts';

try {
  const { values } = parseArgs({
    options: { version: { type: 'string' }, dist: { type: 'string', default: 'dist/apps/api' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.version) throw new Error('--version is required');
  const version = parseVersion(values.version).text;
  await makeLambdaCodeCache(values.dist, process.env);
  const bundle = await packLambda(values.dist, values.out ?? bundleName(version), process.env);
  setOutputs(process.env, { zip: bundle.path, 'code-sha256': bundle.codeSha256 });
  process.stdout.write(`[lambda] ${bundle.path}: ${bundle.bytes} bytes, CodeSha256 ${bundle.codeSha256}\n`);
} catch (error) {
  process.stderr.write(`[lambda] ${messageOf(error)}\n`);
  process.exit(1);
}
