import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run, type Env } from './cli.ts';
import { ReleaseError } from './errors.ts';

/** What `nx build api` makes for Lambda: the one-file bundle (exports `handler`) and its source map. */
export const BUNDLE_FILES = ['lambda.js', 'lambda.js.map'] as const;

export const bundleName = (version: string): string => `conduit-api-lambda-${version}.zip`;

export interface Bundle {
  path: string;
  bytes: number;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256 once it is uploaded. */
  codeSha256: string;
}

/** Zips the bundle with both files at the root (handler `lambda.handler`). */
export async function packLambda(distDir: string, zipFile: string, env: Env): Promise<Bundle> {
  const missing = BUNDLE_FILES.filter((file) => !existsSync(join(distDir, file)));
  if (missing.length > 0) throw new ReleaseError(`${missing.join(', ')} missing in ${distDir}: run \`npx nx build api\` first`);
  const path = resolve(zipFile);
  rmSync(path, { force: true });
  // -j: no directories in the archive; -X: no owner or extra attributes.
  await run('zip', ['-q', '-j', '-X', path, ...BUNDLE_FILES.map((file) => join(distDir, file))], { env });
  return { path, bytes: statSync(path).size, codeSha256: createHash('sha256').update(readFileSync(path)).digest('base64') };
}
