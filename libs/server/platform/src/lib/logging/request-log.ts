import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

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
  override isLogDisabled(request: FastifyRequest): boolean {
    return request.url.startsWith('/api/health');
  }

  override incomingRequest(): void {
    // One line per request is enough: the response line says everything.
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const status = reply.statusCode;
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      ...(error ? { err: error } : {}),
    };
    if (status >= 500 || error) request.log.error(line, 'request completed');
    else if (status >= 400) request.log.warn(line, 'request completed');
    else request.log.info(line, 'request completed');
  }
}
