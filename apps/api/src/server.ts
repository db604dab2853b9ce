import { installGracefulShutdown, createLogger } from '@conduit/server/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, loadConfigOrExit, sizeThreadPool } from './bootstrap';
import { serveApiDocs } from './openapi/api-docs';

async function main(): Promise<NestFastifyApplication> {
  const config = loadConfigOrExit();
  sizeThreadPool(config);
  const logger = createLogger(config);
  const app = await createApp(config, logger);
  if (config.auth.secretWasGenerated) {
    logger.warn({ context: 'Config' }, 'JWT_SECRET is not set: using a random secret for this process; tokens stop working on restart');
  }
  if (config.docs.enabled) await serveApiDocs(app, config);
  installGracefulShutdown(app, logger, config.shutdown.timeoutMs);
  await app.listen(config.http.port, config.http.host);
  logger.info({ context: 'Bootstrap' }, `Conduit API ${config.version} listening on http://${config.http.host}:${config.http.port}/api`);
  return app;
}

const listening: Promise<NestFastifyApplication> = main().catch((error: unknown) => {
  // Start-up failures (database unreachable, port taken) are operator problems: say what, exit 1.
  process.stderr.write(`Conduit API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * Settles once the server's first response is done, sent or aborted (main.js then writes the
 * code cache: a cold start's path up to its first answer, the request's own code included).
 */
export const firstAnswered: Promise<void> = listening.then(
  (app) =>
    new Promise<void>((resolve) => {
      app.getHttpServer().once('request', (_request, response) => response.once('close', () => resolve()));
    }),
);
