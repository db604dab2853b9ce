import { Logger } from 'nestjs-pino';
import { installGracefulShutdown } from '@conduit/server/platform';
import { createApp, loadConfigOrExit } from './bootstrap';
import { serveApiDocs } from './openapi/openapi-document';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config, { logs: true });
  const logger = app.get(Logger);
  if (config.jwt.secretWasGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret for this process; tokens stop working on restart', 'Config');
  }
  if (config.apiDocsEnabled) serveApiDocs(app, config);
  installGracefulShutdown(app, logger, config.shutdownTimeoutMs);
  await app.listen(config.port, config.host);
  logger.log(`Conduit API ${config.version} listening on http://${config.host}:${config.port}/api`, 'Bootstrap');
}

main().catch((error: unknown) => {
  // Start-up failures (database unreachable, port taken) are operator problems: say what, exit 1.
  process.stderr.write(`Conduit API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
