import pino, { type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';

/** The DI token of the process's one pino logger (Fastify, Nest and TypeORM all write to it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export type { Logger };

/**
 * An error as it may appear in a log line: its type, message, code and stack, nothing else.
 * pino's default serializer copies every enumerable property, and TypeORM's QueryFailedError
 * carries the query's `parameters` (password hashes, emails) and a driver `detail`.
 */
function safeError(error: unknown): { type: string; message: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), stack: error.stack };
}

/**
 * The process's JSON logger: one line per event on stdout, `service` and `version` on
 * every line, credentials redacted. Request lines are written by the HTTP layer
 * (`request-log.ts`), one per response.
 */
export function createLogger(config: Pick<AppConfig, 'version' | 'logging'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logging.level,
      base: { service: 'conduit-api', version: config.version },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      serializers: { err: safeError, error: safeError },
    },
    destination,
  );
}

const LEVEL_OF = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' } as const;

/**
 * Nest's own messages (start-up, errors it catches) into the same pino logger. Nest passes the
 * context (`'Bootstrap'`, `'InstanceLoader'`, …) as the last argument.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(kind: keyof typeof LEVEL_OF, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const fields = context === undefined ? {} : { context };
    if (message instanceof Error) this.logger[LEVEL_OF[kind]]({ ...fields, err: message }, message.message);
    else this.logger[LEVEL_OF[kind]](fields, typeof message === 'string' ? message : JSON.stringify(message));
  }
}
