import type { INestApplication, LoggerService } from '@nestjs/common';

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close
 * the database (Nest's shutdown hooks), then exit 0. If draining takes longer than
 * `timeoutMs`, exit 1 so the orchestrator does not wait forever.
 *
 * Nest's own `enableShutdownHooks()` re-raises the signal after closing, which ends the
 * process with code 143; orchestrators and `docker stop` treat 0 as the clean stop.
 */
export function installGracefulShutdown(app: INestApplication, logger: LoggerService, timeoutMs: number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: draining requests (up to ${timeoutMs} ms)`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`, undefined, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    app.close().then(
      () => {
        logger.log('closed cleanly', 'Shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`error while closing: ${String(error)}`, undefined, 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
