/**
 * The image step of .github/workflows/release.yml: builds the API image once and pushes it to
 * every registry, then checks that each one serves the digest that was built.
 *
 *   node tools/release/src/publish.ts --version 1.2.3 --revision <sha> \
 *     --tags 1.2.3,1.2,1,sha-0123456,latest \
 *     --image docker.io/conduit/conduit-api --immutable-image <account>.dkr.ecr.<region>.amazonaws.com/conduit-api
 *
 *   --image <repo>            gets every tag (repeatable)
 *   --immutable-image <repo>  gets the version tag only: ECR tags are immutable (repeatable)
 *   --tags <list>             prepare-release's image-tags (must include --version)
 *   --context (.) --file (Dockerfile) --platform (the engine's) --source-url --build-date (now)
 *   --cache-from/--cache-to   BuildKit cache (type=gha in the workflow; repeatable)
 *   --attestations            SLSA provenance (mode=max) and SBOM; needs a BuildKit builder
 * Registry logins are the caller's (docker login). Outputs digest and image (the first
 * immutable reference, else the first) to $GITHUB_OUTPUT; exit 1 on any failure, 64 on usage.
 */
import { parseArgs } from 'node:util';
import { messageOf } from './lib/errors.ts';
import { appendSummary, setOutputs } from './lib/github-actions.ts';
import { publish, type PublishSettings } from './lib/publish.ts';

const log = (line: string): void => {
  process.stdout.write(`[publish] ${line}\n`);
};

let settings: PublishSettings;
try {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      revision: { type: 'string' },
      tags: { type: 'string' },
      image: { type: 'string', multiple: true, default: [] },
      'immutable-image': { type: 'string', multiple: true, default: [] },
      context: { type: 'string', default: '.' },
      file: { type: 'string', default: 'Dockerfile' },
      platform: { type: 'string' },
      'source-url': { type: 'string', default: 'unknown' },
      'build-date': { type: 'string' },
      'cache-from': { type: 'string', multiple: true, default: [] },
      'cache-to': { type: 'string', multiple: true, default: [] },
      attestations: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const need = (name: 'version' | 'revision' | 'tags'): string => {
    const value = values[name];
    if (!value) throw new Error(`--${name} is required`);
    return value;
  };
  settings = {
    version: need('version'),
    revision: need('revision'),
    tags: need('tags')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    images: values.image,
    immutableImages: values['immutable-image'],
    context: values.context,
    dockerfile: values.file,
    platform: values.platform,
    sourceUrl: values['source-url'],
    buildDate: values['build-date'] ?? new Date().toISOString(),
    cacheFrom: values['cache-from'],
    cacheTo: values['cache-to'],
    attestations: values.attestations,
  };
} catch (error) {
  process.stderr.write(`[publish] ${messageOf(error)}\n`);
  process.exit(64);
}

try {
  const { digest, references } = await publish(settings, process.env, log);
  const image = settings.immutableImages.length > 0 ? `${settings.immutableImages[0]}:${settings.version}` : (references[0] ?? '');
  setOutputs(process.env, { digest, image });
  appendSummary(process.env, [`### Image ${settings.version}`, `- digest: \`${digest}\``, ...references.map((ref) => `- \`${ref}\``)].join('\n'));
  log(`published ${digest} as ${references.join(', ')}`);
} catch (error) {
  process.stderr.write(`[publish] FAILED: ${messageOf(error)}\n`);
  process.exit(1);
}
