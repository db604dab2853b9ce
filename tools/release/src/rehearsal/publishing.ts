import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseError } from '../lib/errors.ts';
import { collect } from './processes.ts';

export interface PublishRun {
  version: string;
  revision: string;
  tags: readonly string[];
  /** Gets every tag (the Docker Hub stand-in). */
  image: string;
  /** Gets the version only (the ECR stand-in). */
  immutableImage: string;
}

/**
 * Runs the release's publish step exactly as release.yml does (the same script and flags,
 * minus the GitHub cache and the attestations, which need GitHub and a BuildKit builder), and
 * returns the digest it reports in its step outputs.
 */
export async function publishRelease(release: PublishRun, workDir: string): Promise<{ digest: string; seconds: number }> {
  const outputs = join(workDir, `publish-${release.version}.out`);
  writeFileSync(outputs, '');
  const started = Date.now();
  const { code, output } = await collect(
    process.execPath,
    [
      '--import',
      './tools/release/typescript-loader.mjs',
      'tools/release/src/publish.ts',
      '--version',
      release.version,
      '--revision',
      release.revision,
      '--tags',
      release.tags.join(','),
      '--image',
      release.image,
      '--immutable-image',
      release.immutableImage,
      '--source-url',
      'https://github.com/conduit/conduit',
    ],
    { ...process.env, GITHUB_OUTPUT: outputs, BUILDKIT_PROGRESS: 'plain' },
  );
  writeFileSync(join(workDir, `publish-${release.version}.log`), output);
  if (code !== 0) throw new ReleaseError(`publishing ${release.version} failed (exit ${code}):\n${output.split('\n').slice(-40).join('\n')}`);
  const digest = /^digest=(.+)$/m.exec(readFileSync(outputs, 'utf8'))?.[1];
  if (!digest) throw new ReleaseError(`publishing ${release.version} reported no digest`);
  return { digest, seconds: Math.round((Date.now() - started) / 1000) };
}
