import type { Server } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** How often idle keep-alive connections are swept while draining. */
const IDLE_SWEEP_MS = 50;

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close
 * the database (Nest's shutdown hooks), then exit 0. If draining takes longer than
 * `timeoutMs`, exit 1 so the orchestrator does not wait forever.
 *
 * Keep-alive clients would otherwise hold the server open: while draining, every
 * response says `Connection: close` and idle sockets are closed as soon as they go idle.
 * (Nest's own `enableShutdownHooks()` re-raises the signal after closing, which ends the
 * process with code 143; orchestrators and `docker stop` treat 0 as the clean stop.)
 * Call before `listen()`: Fastify takes hooks only until it starts.
 */
export function installGracefulShutdown(app: NestFastifyApplication, logger: LoggerService, timeoutMs: number): void {
  let draining = false;
  app.getHttpAdapter().getInstance().addHook('onSend', async (_request, reply, payload) => {
    if (draining) void reply.header('connection', 'close');
    return payload;
  });

  const shutdown = (signal: NodeJS.Signals): void => {
    if (draining) return;
    draining = true;
    logger.log(`${signal} received: draining requests (up to ${timeoutMs} ms)`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`, undefined, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    const server = app.getHttpServer() as Server;
    const sweeper = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    sweeper.unref();
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
