import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming id is honoured only if it looks like an id, so logs cannot be forged. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Structured JSON logs (pino) with one request id per request. Credentials never reach
 * a log line: auth headers and cookies are redacted, and bodies are not logged at all.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Named wildcard: path-to-regexp 8 (Nest 11) no longer understands a bare `*`.
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          // Fastify already gave the request its id (see createHttpAdapter); reuse it.
          genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? requestIdOf(request),
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customLogLevel: (_request, response, error) =>
            error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
          // Health probes every few seconds would drown the log.
          autoLogging: { ignore: (request) => request.url?.startsWith('/api/health') === true },
          base: { service: 'conduit-api', version: config.version },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
