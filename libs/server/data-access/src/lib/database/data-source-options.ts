import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as Pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig, Logger } from '@conduit/server/platform';
import { ALL_ENTITIES } from '../entities';
import { ALL_MIGRATIONS } from '../migrations';
import { sqlite3Driver } from './sqlite-driver';
import { TypeOrmPinoLogger } from './typeorm-logger';

export const MIGRATIONS_TABLE = 'schema_migrations';

/** How long a SQLite writer waits for another process's lock before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * TypeORM options for `DATABASE_URL`, logging through `logger`. The drivers are required here
 * and passed in so the bundler sees them (TypeORM would `require` them by name), each only for
 * its own kind of URL: pg's module alone took tens of milliseconds of a SQLite start (on
 * Node 20 its runtime check loads Node's fetch).
 * Schema changes only ever come from migrations: `synchronize` stays off.
 */
export function dataSourceOptions(database: DatabaseConfig, logger: Logger): DataSourceOptions {
  const common = {
    // TypeORM's own console logger would print failed queries with their parameters.
    logger: new TypeOrmPinoLogger(logger),
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    // Only failed queries reach the logger (see TypeOrmPinoLogger): never their parameters.
    logging: ['error' as const, 'migration' as const],
  };
  if (database.kind === 'sqlite') {
    const inMemory = database.path === ':memory:';
    const file = inMemory ? database.path : resolve(database.path);
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'sqlite',
      driver: sqlite3Driver(),
      database: file,
      // WAL lets readers go on while one writer commits; foreign keys are switched on by TypeORM.
      enableWAL: true,
      busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
    };
  }
  return {
    ...common,
    type: 'postgres',
    driver: require('pg') as typeof Pg,
    url: database.url,
    extra: { max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 },
  };
}
