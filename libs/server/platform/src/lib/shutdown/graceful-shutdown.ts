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

/** Where a request is in the drain's count: it arrives, then all of it has, then it is done. */
type Stage = 'arriving' | 'arrived' | 'done';

/** The stage lives on the request (a Fastify decoration, so every request keeps one shape). */
const STAGE = 'conduitDrainStage';
type StagedRequest = FastifyRequest & { [STAGE]: Stage | null };

/**
 * The requests between arrival and answer (or abort), as counts: how many, and how many of
 * them are still sending. Not a set of the requests themselves: with each request held in a
 * `Set` (or its raw request, or a `Map` by id), V8's scavenges under a DB-backed load promoted
 * 0.4–0.8 MB each and a full collection ran every ~250 ms; with counts, nothing is promoted.
 */
class OpenRequests {
  total = 0;
  sending = 0;

  arriving(request: StagedRequest): void {
    request[STAGE] = 'arriving';
    this.total += 1;
    this.sending += 1;
  }

  /** All of it is here: Fastify runs `preValidation` once the body (if any) is parsed. */
  arrived(request: StagedRequest): void {
    if (request[STAGE] !== 'arriving') return;
    request[STAGE] = 'arrived';
    this.sending -= 1;
  }

  /** Answered or aborted; either may come first, and both may come. */
  done(request: StagedRequest): void {
    const stage = request[STAGE];
    if (stage !== 'arriving' && stage !== 'arrived') return;
    request[STAGE] = 'done';
    this.total -= 1;
    if (stage === 'arriving') this.sending -= 1;
  }
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let requests in progress finish, close the
 * database (Nest's shutdown hooks), then exit 0 — within `timeoutMs`, or exit 1 so the
 * orchestrator does not wait for ever.
 *
 * "In progress" means the whole request has arrived (its body, if any, is parsed) and is not
 * answered yet. A client still sending (a body trickling in) gets `BODY_GRACE_MS`, then its
 * socket is closed: a stalled client must not hold the instance up. Headers never finished
 * are no request yet: such a socket is closed with the rest.
 * Keep-alive clients would otherwise hold the server open: while draining, every response
 * says `Connection: close` and idle sockets are closed as soon as they go idle. (Nest's own
 * `enableShutdownHooks()` re-raises the signal after closing, which ends the process with code
 * 143; orchestrators and `docker stop` treat 0 as the clean stop.) Call before `listen()`:
 * Fastify takes hooks only until it starts.
 */
export function installGracefulShutdown(app: NestFastifyApplication, logger: Logger, timeoutMs: number): void {
  let draining = false;
  // Sync hooks: they run on every request, and async hooks cost each one a few promises.
  const open = new OpenRequests();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest(STAGE, null);
  fastify.addHook('onRequest', (request, _reply, done) => {
    open.arriving(request as StagedRequest);
    done();
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    open.arrived(request as StagedRequest);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    open.done(request as StagedRequest);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    open.done(request as StagedRequest);
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
      () => finish(1, `shutdown took longer than ${timeoutMs} ms (${open.total} requests still open); exiting`),
      timeoutMs,
    );
    deadline.unref();
    const tick = setInterval(() => {
      server.closeIdleConnections();
      const inProgress = open.total - open.sending;
      const bodiesDone = open.sending === 0 || Date.now() - started >= BODY_GRACE_MS;
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
