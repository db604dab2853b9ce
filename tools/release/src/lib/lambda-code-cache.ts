import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run, type Env } from './cli.ts';
import { ReleaseError } from './errors.ts';
import { CODE_CACHE_FILE } from './lambda-bundle.ts';
import { startPostgres } from './postgres.ts';

/**
 * The workspace's Lambda runtime stand-in, its node flags and its loopback Secrets Manager
 * (libs/testing/api-process), by path as in postgres.ts.
 */
const TESTING = '../../../../libs/testing/api-process/src';
const load = createRequire(import.meta.url);
const RUNTIME = load.resolve(`${TESTING}/lambda-runtime.cjs`);
const { lambdaNodeFlags } = load(`${TESTING}/lambda-node-flags.cjs`) as { lambdaNodeFlags(memoryMiB: number): string[] };
const { startFakeSecretsManager } = load(`${TESTING}/fake-secrets-manager.cjs`) as {
  startFakeSecretsManager(secrets: Record<string, string>): Promise<{ environment: Record<string, string>; close(): Promise<void> }>;
};

/** Where the function's secrets are, as the Lambda target names them (a loopback Secrets Manager here). */
const SECRET_ARNS = {
  DATABASE_URL_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:conduit/code-cache/database-url-AbCdEf',
  JWT_SECRET_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:conduit/code-cache/jwt-secret-GhIjKl',
};

/** GET /api/health as a Function URL delivers it (payload format 2.0). */
const HEALTH_EVENT = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/api/health',
  rawQueryString: '',
  headers: { host: 'code-cache.lambda-url.us-east-1.on.aws', accept: 'application/json', 'x-forwarded-proto': 'https' },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'code-cache',
    domainName: 'code-cache.lambda-url.us-east-1.on.aws',
    domainPrefix: 'code-cache',
    http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'package-lambda' },
    requestId: '00000000-0000-4000-8000-000000000000',
    routeKey: '$default',
    stage: '$default',
    time: '01/Jan/2026:00:00:00 +0000',
    timeEpoch: 1767225600000,
  },
  isBase64Encoded: false,
};

/**
 * Makes the Lambda function's code cache (`lambda-function.js.cache` beside the bundle in
 * `distDir`) for the release's zip: one execution environment of the built function, started
 * as the Lambda runtime starts one (this Node, the runtime's node flags for `memoryMiB`) and
 * configured as the Lambda target configures it (its secrets read by ARN, here from a loopback
 * Secrets Manager), on a throwaway PostgreSQL, answers GET /api/health, and lambda.js writes
 * the cache after that first answer (its directory is writable here; /var/task never is). The
 * cache then holds the bytecode of the bundle's load, the secrets' reading (the SDK's first
 * calls: 96 → 52 ms of a start), the app's start and a request's path.
 *
 * V8 uses a cache only under the V8 version, architecture and flags it was made with: the
 * release job runs the Node of the function's runtime (.nvmrc: 24, nodejs24.x) on its
 * architecture (an arm64 runner). Where they differ, the function starts as it would without
 * a cache, and its ready log line says `"codeCache":"rejected"`.
 */
export async function makeLambdaCodeCache(distDir: string, env: Env, memoryMiB = 1024): Promise<void> {
  const cacheFile = join(distDir, CODE_CACHE_FILE);
  // Made afresh: one left by a local run holds whatever that run's first request compiled.
  rmSync(cacheFile, { force: true });
  const scratch = mkdtempSync(join(tmpdir(), 'lambda-code-cache-'));
  const eventFile = join(scratch, 'health.json');
  writeFileSync(eventFile, JSON.stringify(HEALTH_EVENT));
  const postgres = await startPostgres();
  let secretsManager: Awaited<ReturnType<typeof startFakeSecretsManager>> | undefined;
  try {
    secretsManager = await startFakeSecretsManager({
      [SECRET_ARNS.DATABASE_URL_SECRET_ARN]: postgres.url,
      [SECRET_ARNS.JWT_SECRET_SECRET_ARN]: randomBytes(32).toString('hex'),
    });
    const stdout = await run(process.execPath, [...lambdaNodeFlags(memoryMiB), RUNTIME, eventFile], {
      env: {
        PATH: env['PATH'],
        LAMBDA_TASK_ROOT: resolve(distDir),
        _HANDLER: 'lambda.handler',
        AWS_LAMBDA_FUNCTION_NAME: 'conduit-code-cache',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMiB),
        AWS_REGION: 'us-east-1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DB_MIGRATIONS: 'on',
        API_DOCS: 'off',
        ...SECRET_ARNS,
        ...secretsManager.environment,
      },
    });
    const { statusCode } = JSON.parse(stdout) as { statusCode?: number };
    if (statusCode !== 200) throw new ReleaseError(`the code cache's environment answered GET /api/health with ${statusCode}`);
  } finally {
    await secretsManager?.close();
    await postgres.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!existsSync(cacheFile)) throw new ReleaseError(`lambda.js wrote no ${CODE_CACHE_FILE} in ${distDir}`);
}
