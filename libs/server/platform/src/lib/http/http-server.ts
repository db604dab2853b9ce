import { createServer, STATUS_CODES, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import fastifyCors from '@fastify/cors';
import fastifyEtag from '@fastify/etag';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config';
import { errorBody } from '../errors/http-errors';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { RejectNulCharactersPipe } from '../errors/reject-nul-characters.pipe';
import { createValidationPipe } from '../errors/validation';
import type { Logger } from '../logging/logger';
import { lazyRequestLogger, REQUEST_ID_HEADER, requestIdOf, ResponseLogController } from '../logging/request-log';
import { registerJsonBodyParser } from './json-body';
import { etagDigest, servePreparedJson } from './prepared-json';
import { apiSecurityHeaders } from './security-headers';

export const API_PREFIX = 'api';

/** Node's default `maxHeaderSize`: no request line (hence no path parameter) is longer. */
const MAX_URL_BYTES = 16_384;
/** Headers must arrive within this (or the request timeout, if shorter): slow-headers attacks. */
const HEADERS_TIMEOUT_MS = 10_000;
/** How often Node checks for requests over their timeout (its default, 30 s, would let them overrun by that much). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * The Node server under Fastify, with the timeouts that bound a slow or stalled client: the
 * whole request (headers and body) within `REQUEST_TIMEOUT_MS` — Node then answers 408 and
 * closes the socket — and the headers within 10 s.
 */
function serverWithTimeouts(config: AppConfig) {
  return (handler: RequestListener) =>
    createServer(
      {
        requestTimeout: config.http.requestTimeoutMs,
        headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.http.requestTimeoutMs),
        connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      },
      handler,
    );
}

/** The Fastify instance behind Nest, with the limits that must be set at construction. */
export function createHttpAdapter(config: AppConfig, logger: Logger): FastifyAdapter {
  return new FastifyAdapter({
    serverFactory: serverWithTimeouts(config),
    bodyLimit: config.http.bodyLimitBytes,
    // The client is the socket's peer, unless TRUST_PROXY says how many proxies (App Runner,
    // a load balancer) stand in front: then the address that many hops from the right of
    // X-Forwarded-For. Hops further left are whatever the client sent, so never trusted.
    trustProxy: config.http.trustedProxyHops > 0 ? config.http.trustedProxyHops : false,
    // During a graceful shutdown, requests already on an open connection are still served
    // rather than answered 503; new connections are refused by then anyway.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // One pino logger for the process; one line per response (request-log.ts), not Fastify's two.
    loggerInstance: logger,
    logController: new ResponseLogController(logger),
    childLoggerFactory: lazyRequestLogger,
    // One id per request, logged and echoed as `x-request-id` (an incoming one is kept if sane).
    genReqId: requestIdOf,
    // Path parameters of any length reach the routes, whose pipes answer a value that names
    // nothing with the right 404 (`article`, `profile`, `comment`); Node's 16 KiB header limit
    // bounds a URL first (431). Fastify's default (100) would answer its own 414 before any route.
    routerOptions: { maxParamLength: MAX_URL_BYTES },
    // Errors Node's HTTP parser raises before any route (oversized headers or URL, garbage).
    clientErrorHandler: answerClientError,
    // Router errors happen before Nest sees the request (bad %-encoding): a 400 in the contract's format.
    frameworkErrors: (_error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      void reply.status(400).header('content-type', 'application/json; charset=utf-8').send(errorBody('url', 'is malformed'));
    },
  });
}

/** Node's reasons to give up on a request before any route, with the contract's answer. */
const CLIENT_ERRORS: Partial<Record<string, [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'headers or URL are too large'],
  // REQUEST_TIMEOUT_MS (or the headers timeout) passed before the request was complete.
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'took too long to arrive'],
};

/**
 * Node's parser rejected the request itself (a URL or headers over 16 KiB, a request that
 * took too long, garbage): answer in the contract's format on the raw socket, then close it
 * (Fastify's default sends its own shape).
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'is malformed'];
  const body = JSON.stringify(errorBody('request', message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Everything HTTP-wide: prefix, CORS, security headers and request id, ETags and prepared
 * answers, validation and the error format.
 */
export async function configureHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  // @fastify/cors on Fastify itself, not through Nest's `app.enableCors()`: Nest's wrapper
  // copies every header of each reply onto the raw response (for Nest middleware, which this
  // API has none of), and Node then sets all ~20 headers one by one on every answer.
  // Registered before the headers hook, so a preflight is answered first, as before.
  await fastify.register(fastifyCors, {
    origin: config.http.corsOrigins === true ? '*' : [...config.http.corsOrigins],
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id'],
    maxAge: 600,
  });
  // A weak ETag on every response, and 304 for a GET whose If-None-Match still matches: a
  // client polling the tags or an article pays no body when nothing changed.
  // Cached answers come with their JSON and ETag made once (prepared-json.ts).
  await fastify.register(fastifyEtag, { weak: true, hashFn: etagDigest });
  servePreparedJson(fastify);
  const headers = apiSecurityHeaders(config.docs.enabled);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers).header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
}
