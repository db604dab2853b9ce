import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ReleaseError } from '../errors.ts';
import { awaitHealth, readHealth, type Health, type HealthReading } from '../health.ts';
import { poll } from '../poll.ts';
import { functionUrlGet } from './function-url-event.ts';
import { verifyServiceUrl } from './http-health.ts';
import type { DeployTarget, TargetContext } from './target.ts';

interface FunctionConfiguration {
  Version?: string;
  Description?: string;
  CodeSha256?: string;
  State?: string;
  StateReason?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
}

/** What a function URL integration returns (the payload of `aws lambda invoke`). */
interface UrlResponse {
  statusCode?: number;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface LambdaSettings {
  functionName: string;
  /** The alias users reach (its function URL): `live`. */
  alias: string;
  /** The release's bundle: the zip package-lambda.ts makes (lambda.js, the function it runs, its code cache). */
  zipFile: string;
}

/** The description each published version carries: how a re-run recognises its release. */
const versionDescription = (version: string): string => `conduit-api ${version}`;

/**
 * AWS Lambda: upload the bundle, publish it as a version, check /api/health on that version
 * before any user can reach it, then move the alias. The alias moves back on failure; the
 * published version stays (versions are immutable and cost nothing idle).
 */
export function lambda(context: TargetContext, settings: LambdaSettings): DeployTarget {
  const { aws, log, version } = context;
  const { functionName, alias } = settings;
  let previousVersion = '';
  let published: string | undefined;
  let aliasMoved = false;

  const configuration = (qualifier?: string): Promise<FunctionConfiguration> =>
    aws<FunctionConfiguration>([
      'lambda',
      'get-function-configuration',
      '--function-name',
      functionName,
      ...(qualifier ? ['--qualifier', qualifier] : []),
    ]);

  /** GET /api/health through the function itself, as its function URL would deliver it. */
  const invokeHealth = async (qualifier: string, expected: string | undefined): Promise<HealthReading> => {
    const dir = mkdtempSync(join(tmpdir(), 'conduit-deploy-invoke-'));
    try {
      const event = join(dir, 'event.json');
      const response = join(dir, 'response.json');
      writeFileSync(event, JSON.stringify(functionUrlGet('/api/health')));
      const answer = await aws<{ StatusCode?: number; FunctionError?: string; ExecutedVersion?: string }>([
        'lambda',
        'invoke',
        '--function-name',
        functionName,
        '--qualifier',
        qualifier,
        '--payload',
        `fileb://${event}`,
        response,
      ]);
      const payload = readFileSync(response, 'utf8');
      if (answer.FunctionError) return { seen: `function error (${answer.FunctionError}): ${payload.slice(0, 200)}` };
      const result = JSON.parse(payload) as UrlResponse;
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
      return readHealth(result.statusCode ?? 0, body, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const verifyInvoked = (qualifier: string, expected: string | undefined): Promise<Health> =>
    awaitHealth(`${functionName}:${qualifier}`, expected, context.health, () => invokeHealth(qualifier, expected));

  const moveAlias = async (to: string): Promise<void> => {
    await aws(['lambda', 'update-alias', '--function-name', functionName, '--name', alias, '--function-version', to]);
    log(`alias ${alias} → version ${to}`);
  };

  return {
    name: 'AWS Lambda',
    artifact: 'version',
    async current() {
      const answer = await aws<{ FunctionVersion?: string }>(['lambda', 'get-alias', '--function-name', functionName, '--name', alias]);
      if (!answer.FunctionVersion) throw new ReleaseError(`alias ${alias} of ${functionName} names no version`);
      previousVersion = answer.FunctionVersion;
      const running = await configuration(previousVersion);
      return { description: `version ${previousVersion}`, isRelease: running.Description === versionDescription(version) };
    },
    async deploy() {
      const uploaded = await aws<FunctionConfiguration>([
        'lambda',
        'update-function-code',
        '--function-name',
        functionName,
        '--zip-file',
        `fileb://${settings.zipFile}`,
      ]);
      if (!uploaded.CodeSha256) throw new ReleaseError('update-function-code returned no CodeSha256');
      log(`uploaded ${basename(settings.zipFile)} (CodeSha256 ${uploaded.CodeSha256})`);
      await poll(`the code update of ${functionName}`, context.deployment, async () => {
        const latest = await configuration();
        if (latest.LastUpdateStatus === 'Failed') throw new ReleaseError(`code update failed: ${latest.LastUpdateStatusReason ?? ''}`);
        return latest.LastUpdateStatus === 'Successful' ? latest : undefined;
      });
      // --code-sha256 makes the version exactly the uploaded code, even if someone uploads meanwhile.
      const publishedConfiguration = await aws<FunctionConfiguration>([
        'lambda',
        'publish-version',
        '--function-name',
        functionName,
        '--code-sha256',
        uploaded.CodeSha256,
        '--description',
        versionDescription(version),
      ]);
      if (!publishedConfiguration.Version) throw new ReleaseError('publish-version returned no Version');
      published = publishedConfiguration.Version;
      log(`published version ${published}`);
      await poll(`version ${published} to become Active`, context.deployment, async () => {
        const state = await configuration(published);
        if (state.State === 'Failed') throw new ReleaseError(`version ${published} failed: ${state.StateReason ?? ''}`);
        return state.State === 'Active' ? state : undefined;
      });
      // Nobody reaches the new version yet: it must answer before the alias moves.
      const health = await verifyInvoked(published, version);
      log(`version ${published} answers: ${JSON.stringify(health)}`);
      // Counted as moved before the call returns: a half-done update is undone too.
      aliasMoved = true;
      await moveAlias(published);
    },
    deployed: () => (published ? `version ${published}` : `version ${previousVersion}`),
    verify: (expected) => (context.serviceUrl ? verifyServiceUrl(context, expected) : verifyInvoked(alias, expected)),
    async rollback() {
      if (!aliasMoved) return 'already-back';
      await moveAlias(previousVersion);
      return 'rolled-back';
    },
  };
}
