import type { Logger as TypeOrmLoggerInterface } from 'typeorm';
import type { Logger } from '@conduit/server/platform';

/** Long enough to recognise a statement, short enough to keep a log line a line. */
const MAX_QUERY_CHARS = 500;

/**
 * TypeORM's messages into the process's pino logger. A failed query is logged with its
 * statement and the driver's error code and message, never its parameters (they hold password
 * hashes and emails) nor the driver's `detail` (PostgreSQL puts the conflicting values there).
 * Failed queries are warnings: the expected ones (a unique index settling a race) are turned
 * into 4xx answers by the features; an unexpected one also reaches the error filter's log line.
 */
export class TypeOrmPinoLogger implements TypeOrmLoggerInterface {
  private readonly pino: Logger;

  constructor(logger: Logger) {
    this.pino = logger.child({ context: 'Database' });
  }

  logQuery(): void {
    // Every statement would drown the log; the request line says how long a request took.
  }

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'string' ? undefined : (error as { code?: unknown }).code;
    const message = typeof error === 'string' ? error : error.message;
    this.pino.warn({ code, query: query.slice(0, MAX_QUERY_CHARS) }, `query failed: ${message}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ ms: time, query: query.slice(0, MAX_QUERY_CHARS) }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.pino.debug(message);
  }

  logMigration(message: string): void {
    this.pino.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn(String(message));
    else this.pino.debug(String(message));
  }
}
