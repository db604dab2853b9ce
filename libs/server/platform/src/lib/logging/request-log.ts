import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import type { Logger } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming id is honoured only if it looks like an id, so logs cannot be forged. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Fastify's own request logging, shaped for this API: one line per response (none when the
 * request arrives), with `reqId`, method, URL, status and milliseconds, at `error` for 5xx,
 * `warn` for 4xx, `info` otherwise. Bodies and headers are never logged; health probes every
 * few seconds would drown the log, so they are left out. It runs inside Fastify: a request
 * costs no Nest middleware and no AsyncLocalStorage.
 */
export class ResponseLogController extends LogController {
  /** `logger`: the process's logger, whose level the request loggers share. */
  constructor(private readonly logger: Logger) {
    super();
  }

  override isLogDisabled(request: FastifyRequest): boolean {
    return request.url.startsWith('/api/health');
  }

  override incomingRequest(): void {
    // One line per request is enough: the response line says everything.
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = status >= 500 || error ? 'error' : status >= 400 ? 'warn' : 'info';
    // At LOG_LEVEL=warn (the bench, a busy production) a 2xx builds no line at all.
    if (!this.logger.isLevelEnabled(level) || this.isLogDisabled(request)) return;
    // The process's logger with the id as the line's first field, under the label Fastify binds
    // a request's child logger with: the same line that child would write, without making it.
    const line = {
      [this.requestIdLogLabel]: request.id,
      req: { method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      ...(error ? { err: error } : {}),
    };
    this.logger[level](line, 'request completed');
  }
}

/**
 * A request's `request.log`, made only when something logs through it (an unexpected error,
 * Fastify's own warnings): pino's `child()` stringifies the bindings and sets up levels, ~2 µs
 * that most requests, whose one line `ResponseLogController` writes, never use.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  private made?: FastifyBaseLogger;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.logger.level;
  }
  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(...args: unknown[]): void {
    this.write('silent', args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent', args: unknown[]): void {
    const logger = this.logger;
    (logger[level] as (...args: unknown[]) => void).apply(logger, args);
  }
}

/** Fastify's `childLoggerFactory`: each request's logger, with its id, made on first use. */
export function lazyRequestLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings, options);
}
