import type { Server } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '../logging/logger';

/** How often the drain looks at what is still open. */
const DRAIN_TICK_MS = 20;
/**
 * How long a request still sending its body may go on once draining starts (a stalled one
 * never ends): long enough for an upload in progress during a rolling replacement (the
 * container test sends bodies over 2.5 s), short of the orchestrator's stop timeout.
 */
const BODY_GRACE_MS = 3_000;

/** Requests in `open` whose bytes have not all arrived (`IncomingMessage.complete`). */
function stillSending(open: ReadonlySet<FastifyRequest>): number {
  let count = 0;
  for (const request of open) if (!request.raw.complete) count += 1;
  return count;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let requests in progress finish, close the
 * database (Nest's shutdown hooks), then exit 0 — within `timeoutMs`, or exit 1 so the
 * orchestrator does not wait for ever.
 *
 * "In progress" means the whole request has arrived and is not answered yet: its handler
 * runs, or it waits for its turn (on a busy instance the body's parsing can be queued behind
 * other work). A client still sending (a body trickling in, headers never finished) gets
 * `BODY_GRACE_MS`, then its socket is closed: a stalled client must not hold the instance up.
 * Keep-alive clients would otherwise hold the server open: while draining, every response
 * says `Connection: close` and idle sockets are closed as soon as they go idle. (Nest's own
 * `enableShutdownHooks()` re-raises the signal after closing, which ends the process with code
 * 143; orchestrators and `docker stop` treat 0 as the clean stop.) Call before `listen()`:
 * Fastify takes hooks only until it starts.
 */
export function installGracefulShutdown(app: NestFastifyApplication, logger: Logger, timeoutMs: number): void {
  let draining = false;
  // Every request from its arrival to its answer (or abort). Sync hooks and one set: this runs
  // on every request, and async hooks cost each one a few promises.
  const open = new Set<FastifyRequest>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    open.add(request);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    open.delete(request);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    open.delete(request);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });

  const shutdown = (signal: NodeJS.Signals): void => {
    if (draining) return;
    draining = true;
    const started = Date.now();
    const log = logger.child({ context: 'Shutdown' });
    log.info(`${signal} received: draining requests (up to ${timeoutMs} ms)`);
    const server = app.getHttpServer() as Server;
    server.close();
    const finish = (code: 0 | 1, message: string) => {
      if (code === 0) log.info(message);
      else log.error(message);
      process.exit(code);
    };
    const deadline = setTimeout(
      () => finish(1, `shutdown took longer than ${timeoutMs} ms (${open.size} requests still open); exiting`),
      timeoutMs,
    );
    deadline.unref();
    const tick = setInterval(() => {
      server.closeIdleConnections();
      const sending = stillSending(open);
      const inProgress = open.size - sending;
      const bodiesDone = sending === 0 || Date.now() - started >= BODY_GRACE_MS;
      if (inProgress > 0 || !bodiesDone) return;
      clearInterval(tick);
      // What is left is idle or stalled mid-request: nothing more will be answered on it.
      server.closeAllConnections();
      app.close().then(
        () => finish(0, 'closed cleanly'),
        (error: unknown) => finish(1, `error while closing: ${String(error)}`),
      );
    }, DRAIN_TICK_MS);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
