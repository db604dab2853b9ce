import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ConfigError, configureHttp, createHttpAdapter, createLogger, loadConfig, NestPinoLogger, type Logger } from '@conduit/server/platform';
import { AppModule } from './app/app.module';

/** Reads the environment; a bad value ends the process with one clear message, no stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** libuv's pool threads that stay free for SQLite and the file system while passwords are hashed. */
const THREADS_BESIDE_HASHING = 4;

/**
 * scrypt and sqlite3 share libuv's thread pool (4 threads by default): a few concurrent
 * logins would queue every read behind the hashes. The pool gets one thread per hash the
 * API computes at once (`HASH_CONCURRENCY`) plus four, or plus one per SQLite connection
 * (`SQLITE_READERS` and the writer) when there are more. libuv reads the variable when the
 * pool first starts, which is after this (no async I/O has run yet); a value set outside wins.
 */
export function sizeThreadPool(config: AppConfig): void {
  const sqliteConnections = config.database.connection.kind === 'sqlite' ? config.database.sqliteReaders + 1 : 0;
  process.env['UV_THREADPOOL_SIZE'] ??= String(config.limits.concurrentHashes + Math.max(THREADS_BESIDE_HASHING, sqliteConnections));
}

/** The Nest application, configured but not listening (main.ts listens, tools inspect). */
export async function createApp(config: AppConfig, logger: Logger = createLogger(config)): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), createHttpAdapter(config, logger), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    // configureHttp registers the JSON parser itself (empty body allowed, depth capped).
    bodyParser: false,
  });
  await configureHttp(app, config);
  return app;
}
