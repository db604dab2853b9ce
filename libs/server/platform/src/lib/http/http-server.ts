import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config';
import { REQUEST_ID_HEADER, requestIdOf } from '../logging/logging.module';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { createValidationPipe } from '../errors/validation';

export const API_PREFIX = 'api';

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
  });
}

/** Everything HTTP-wide: prefix, security headers, CORS, validation and the error format. */
export async function configureHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
    });
  await app.register(helmet, {
    // The docs page (Swagger UI) needs its inline script and styles.
    contentSecurityPolicy: config.apiDocsEnabled
      ? { directives: { scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'https:'] } }
      : undefined,
  });
  app.enableCors({
    origin: config.corsOrigins === true ? '*' : config.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id'],
    maxAge: 600,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
}
