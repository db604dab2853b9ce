import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runShown, type Env } from './cli.ts';
import { ReleaseError } from './errors.ts';

export interface PublishSettings {
  version: string;
  revision: string;
  /** Every tag of the release (prepare-release's image-tags). */
  tags: readonly string[];
  /** Repositories that get every tag (Docker Hub). */
  images: readonly string[];
  /** Repositories that get only the version tag: their tags are immutable (Amazon ECR). */
  immutableImages: readonly string[];
  context: string;
  dockerfile: string;
  platform: string | undefined;
  sourceUrl: string;
  buildDate: string;
  cacheFrom: readonly string[];
  cacheTo: readonly string[];
  /** SLSA provenance (mode=max) and an SBOM; needs a BuildKit builder (not the engine's own `docker` driver). */
  attestations: boolean;
}

export interface Published {
  /** The digest the build produced, which every reference now names. */
  digest: string;
  references: string[];
}

/** Every image reference the release pushes: all tags to `images`, the version alone to `immutableImages`. */
function references(settings: Pick<PublishSettings, 'version' | 'tags' | 'images' | 'immutableImages'>): string[] {
  if (!settings.tags.includes(settings.version)) throw new ReleaseError(`the tags (${settings.tags.join(', ')}) must include the version ${settings.version}`);
  if (settings.images.length + settings.immutableImages.length === 0) throw new ReleaseError('no repository to push to');
  return [
    ...settings.images.flatMap((image) => settings.tags.map((tag) => `${image}:${tag}`)),
    ...settings.immutableImages.map((image) => `${image}:${settings.version}`),
  ];
}

/** The digest a registry serves for `reference` (the manifest, or the index when attested). */
async function registryDigest(reference: string, env: Env): Promise<string> {
  const manifest = await run('docker', ['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Manifest}}'], { env });
  const digest = (JSON.parse(manifest) as { digest?: string }).digest;
  if (!digest) throw new ReleaseError(`no digest for ${reference}`);
  return digest;
}

/**
 * One build of the Dockerfile, pushed in the same step to every repository, then every
 * reference read back from its registry: all must name the digest that was built.
 */
export async function publish(settings: PublishSettings, env: Env, log: (line: string) => void): Promise<Published> {
  const refs = references(settings);
  const work = mkdtempSync(join(tmpdir(), 'conduit-publish-'));
  try {
    const metadataFile = join(work, 'metadata.json');
    const attest = settings.attestations ? ['--provenance', 'mode=max', '--sbom', 'true'] : ['--provenance', 'false', '--sbom', 'false'];
    log(`building ${settings.version} (${settings.revision}) once for ${refs.length} references`);
    await runShown(
      'docker',
      [
        'buildx',
        'build',
        '--file',
        settings.dockerfile,
        ...(settings.platform ? ['--platform', settings.platform] : []),
        // The Dockerfile's release arguments: /api/health's version and the OCI labels.
        ...['--build-arg', `APP_VERSION=${settings.version}`, '--build-arg', `GIT_SHA=${settings.revision}`],
        ...['--build-arg', `BUILD_DATE=${settings.buildDate}`, '--build-arg', `SOURCE_URL=${settings.sourceUrl}`],
        ...refs.flatMap((ref) => ['--tag', ref]),
        ...settings.cacheFrom.flatMap((cache) => ['--cache-from', cache]),
        ...settings.cacheTo.flatMap((cache) => ['--cache-to', cache]),
        ...attest,
        '--push',
        '--metadata-file',
        metadataFile,
        settings.context,
      ],
      { env },
    );
    const digest = (JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, unknown>)['containerimage.digest'];
    if (typeof digest !== 'string' || !digest.startsWith('sha256:')) throw new ReleaseError('the build reported no image digest');
    log(`built ${digest}`);
    for (const ref of refs) {
      const served = await registryDigest(ref, env);
      if (served !== digest) throw new ReleaseError(`${ref} serves ${served}, but the build made ${digest}`);
      log(`${ref} → ${served}`);
    }
    return { digest, references: refs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
