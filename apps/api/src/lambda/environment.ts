import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { createLogger, loadConfig, type AppConfig } from '@conduit/server/platform';
import { createApp } from '../bootstrap';
import type { CodeCacheState } from '../code-cache/code-cache';
import { lambdaAdapter, type LambdaHandler } from './adapter';
import { invocationLogDestination } from './invocation-log';
import { resolveSecretArns } from './secrets';

/**
 * The version `nx build api` was given (`APP_VERSION` in the build's environment, written in
 * by webpack's DefinePlugin), or '' for a development build. The function's configuration
 * sets no APP_VERSION: the code it runs knows which release it is.
 */
declare const __CONDUIT_BUNDLED_VERSION__: string;
const bundledVersion = typeof __CONDUIT_BUNDLED_VERSION__ === 'string' ? __CONDUIT_BUNDLED_VERSION__ : '';

/**
 * The docs page, loaded only when asked for: it needs swagger-ui-dist and openapi.json beside
 * the bundle, which the release's Lambda zip does not carry (the Lambda target sets API_DOCS=off).
 */
async function serveDocs(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  let serveApiDocs: (typeof import('../openapi/api-docs'))['serveApiDocs'];
  try {
    ({ serveApiDocs } = await import('../openapi/api-docs'));
  } catch (error) {
    throw new Error(`API_DOCS=on needs swagger-ui-dist beside lambda.js, which the release's zip does not carry: set API_DOCS=off (${error instanceof Error ? error.message : String(error)})`);
  }
  await serveApiDocs(app, config);
}

/**
 * One execution environment's API: the secrets its environment names, the config validated
 * as the server validates it, and the Nest application exactly as the server builds it
 * (`createApp`), initialised (database connected, migrations run when `DB_MIGRATIONS=on`) but
 * not listening: invocations reach it through the adapter.
 *
 * Left out on purpose: the thread-pool sizing (the secrets' DNS lookups have started the pool
 * by now, and an environment serves one request at a time) and the SIGTERM drain (Lambda
 * freezes an environment between invocations and ends it without a request in flight).
 *
 * `loaded.codeCache`, what lambda.js found in the function's code cache, goes into the ready
 * line: a cache that the runtime's Node rejects (another V8 version or flags) shows there.
 */
export async function startEnvironment(env: NodeJS.ProcessEnv, loaded: { codeCache?: CodeCacheState } = {}): Promise<LambdaHandler> {
  const started = performance.now();
  const secrets = await resolveSecretArns(env);
  const secretsMs = Math.round(performance.now() - started);
  // The secrets go to the config only, never back into process.env.
  const config = loadConfig({ ...env, ...secrets, ...(bundledVersion ? { APP_VERSION: bundledVersion } : {}) });
  const logger = createLogger(config, invocationLogDestination());
  const app = await createApp(config, logger);
  let handler: LambdaHandler;
  try {
    if (config.auth.secretWasGenerated) {
      logger.warn({ context: 'Config' }, 'JWT_SECRET is not set: using a random secret for this environment; tokens stop working with it');
    }
    if (config.docs.enabled) await serveDocs(app, config);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    handler = lambdaAdapter(fastify);
    await app.init();
    await fastify.ready();
  } catch (error) {
    // Nothing stays open for the next attempt (handler() retries a failed start).
    await app.close().catch(() => undefined);
    throw error;
  }
  logger.info(
    { context: 'Bootstrap', initMs: Math.round(performance.now() - started), secretsMs, codeCache: loaded.codeCache },
    `Conduit API ${config.version} ready on AWS Lambda (${env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'no function name'})`,
  );
  return handler;
}
