import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run, type Env } from './cli.ts';
import { ReleaseError } from './errors.ts';

/** V8's code cache of lambda-function.js, which lambda.js reads (made by lambda-code-cache.ts). */
export const CODE_CACHE_FILE = 'lambda-function.js.cache';

/**
 * What the function needs: from `nx build api`, its entry (`lambda.js`, exports `handler`), the
 * function's one-file bundle it runs (`lambda-function.js`), their source maps, and the CA
 * bundle its DATABASE_URL verifies RDS Proxy with (`sslrootcert=/var/task/certs/aws-rds-ca-bundle.pem`,
 * docs/infrastructure.md); from `makeLambdaCodeCache`, V8's code cache of that bundle.
 */
const BUNDLE_FILES = ['lambda.js', 'lambda.js.map', 'lambda-function.js', 'lambda-function.js.map', CODE_CACHE_FILE, 'certs/aws-rds-ca-bundle.pem'] as const;

export const bundleName = (version: string): string => `conduit-api-lambda-${version}.zip`;

export interface Bundle {
  path: string;
  bytes: number;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256 once it is uploaded. */
  codeSha256: string;
}

/** Zips the files with their paths under `distDir` (lambda.js at the root: handler `lambda.handler`). */
export async function packLambda(distDir: string, zipFile: string, env: Env): Promise<Bundle> {
  const missing = BUNDLE_FILES.filter((file) => !existsSync(join(distDir, file)));
  if (missing.length > 0) throw new ReleaseError(`${missing.join(', ')} missing in ${distDir}: run \`npx nx build api\` first (package-lambda makes the code cache)`);
  const path = resolve(zipFile);
  rmSync(path, { force: true });
  // Run inside distDir so the archive paths are the ones Lambda serves from /var/task; -X: no owner or extra attributes.
  await run('sh', ['-c', 'cd "$1" && shift && exec zip -q -X "$@"', 'zip', distDir, path, ...BUNDLE_FILES], { env });
  return { path, bytes: statSync(path).size, codeSha256: createHash('sha256').update(readFileSync(path)).digest('base64') };
}
