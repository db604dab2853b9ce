import { installGracefulShutdown, createLogger } from '@conduit/server/platform';
import { createApp, loadConfigOrExit, sizeThreadPool } from './bootstrap';
import { serveApiDocs } from './openapi/api-docs';

async function main(): Promise<void> {
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
}

/** Settles once the server listens (main.js then writes the code cache of the start-up path). */
export const started: Promise<void> = main().catch((error: unknown) => {
  // Start-up failures (database unreachable, port taken) are operator problems: say what, exit 1.
  process.stderr.write(`Conduit API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
