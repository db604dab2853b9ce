import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import helmet from 'helmet';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config';
import { REQUEST_ID_HEADER, requestIdOf } from '../logging/logging.module';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { errorBody } from '../errors/http-errors';
import { RejectNulCharactersPipe } from '../errors/reject-nul-characters.pipe';
import { createValidationPipe } from '../errors/validation';

export const API_PREFIX = 'api';

/** Node's default `maxHeaderSize`: no request line (hence no path parameter) is longer. */
const MAX_URL_BYTES = 16_384;

/** The Fastify instance behind Nest, with the limits that must be set at construction. */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // App Runner, ECS and compose put a proxy in front: client IPs come from X-Forwarded-For.
    trustProxy: true,
    // During a graceful shutdown, requests already on an open connection are still served
    // rather than answered 503; new connections are refused by then anyway.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
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

/**
 * Node's parser rejected the request itself (e.g. a URL or headers over 16 KiB): answer in
 * the contract's format on the raw socket, then close it (Fastify's default sends its own shape).
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(errorBody('request', status === 431 ? 'headers or URL are too large' : 'is malformed'));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * JSON bodies through Fastify's own safe parser (prototype-poisoning checks), except that an
 * empty body is "no body": clients send `Content-Type: application/json` on body-less POSTs
 * such as follow and favorite. Register with Nest's `bodyParser: false`.
 */
export function registerJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    return parseJson(request, body as string, done);
  });
}

/** Everything HTTP-wide: prefix, security headers, CORS, validation and the error format. */
export function configureHttp(app: NestFastifyApplication, config: AppConfig): void {
  app.setGlobalPrefix(API_PREFIX);
  registerJsonBodyParser(app);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  // helmet's middleware, built once: @fastify/helmet rebuilds it (re-parsing the CSP) on
  // every request, which cost a few per cent of a request's CPU.
  const securityHeaders = helmet({
    // The docs page (Swagger UI) needs its inline script and styles. No upgrade-insecure-requests:
    // on a plain-http origin that is not localhost (compose on a LAN host) it makes the browser
    // fetch the page's own assets over https, and the page stays blank.
    contentSecurityPolicy: config.apiDocsEnabled
      ? {
          directives: {
            scriptSrc: ["'self'", "'unsafe-inline'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:', 'https:'],
            upgradeInsecureRequests: null,
          },
        }
      : undefined,
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined)),
  );
  app.enableCors({
    origin: config.corsOrigins === true ? '*' : config.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id'],
    maxAge: 600,
  });
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
}
