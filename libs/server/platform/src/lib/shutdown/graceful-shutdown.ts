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

type Stage = 'receiving' | 'handling';
const stageOf = new WeakMap<FastifyRequest, Stage>();

/** Requests not yet at their handler whose bytes have not all arrived (`IncomingMessage.complete`). */
function stillSending(receiving: ReadonlySet<FastifyRequest>): number {
  let count = 0;
  for (const request of receiving) if (!request.raw.complete) count += 1;
  return count;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let requests in progress finish, close the
 * database (Nest's shutdown hooks), then exit 0 — within `timeoutMs`, or exit 1 so the
 * orchestrator does not wait for ever.
 *
 * "In progress" means a handler is running, or the whole request has arrived and waits for
 * its turn (on a busy instance the body's parsing can be queued behind other work). A client
 * still sending (a body trickling in, headers never finished) gets `BODY_GRACE_MS`, then its
 * socket is closed: a stalled client must not hold the instance up. Keep-alive clients would otherwise hold the server open:
 * while draining, every response says `Connection: close` and idle sockets are closed as soon
 * as they go idle. (Nest's own `enableShutdownHooks()` re-raises the signal after closing,
 * which ends the process with code 143; orchestrators and `docker stop` treat 0 as the clean
 * stop.) Call before `listen()`: Fastify takes hooks only until it starts.
 */
export function installGracefulShutdown(app: NestFastifyApplication, logger: Logger, timeoutMs: number): void {
  let draining = false;
  const open = { receiving: new Set<FastifyRequest>(), handling: new Set<FastifyRequest>() };
  const enter = (request: FastifyRequest, stage: Stage) => {
    const before = stageOf.get(request);
    if (before) open[before].delete(request);
    stageOf.set(request, stage);
    open[stage].add(request);
  };
  const leave = (request: FastifyRequest) => {
    const stage = stageOf.get(request);
    if (stage) open[stage].delete(request);
    stageOf.delete(request);
  };

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request) => enter(request, 'receiving'));
  fastify.addHook('preHandler', async (request) => enter(request, 'handling'));
  fastify.addHook('onResponse', async (request) => leave(request));
  fastify.addHook('onRequestAbort', async (request) => leave(request));
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (draining) void reply.header('connection', 'close');
    return payload;
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
      () => finish(1, `shutdown took longer than ${timeoutMs} ms (${open.handling.size} requests still running); exiting`),
      timeoutMs,
    );
    deadline.unref();
    const tick = setInterval(() => {
      server.closeIdleConnections();
      const sending = stillSending(open.receiving);
      const arrivedAndWaiting = open.receiving.size - sending;
      const bodiesDone = sending === 0 || Date.now() - started >= BODY_GRACE_MS;
      if (open.handling.size > 0 || arrivedAndWaiting > 0 || !bodiesDone) return;
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
