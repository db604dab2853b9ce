import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@conduit/server/platform';
import { ALL_ENTITIES } from '../entities';
import { ALL_MIGRATIONS } from '../migrations';
import { sqlite3Driver } from './sqlite-driver';

export const MIGRATIONS_TABLE = 'schema_migrations';

/** How long a SQLite writer waits for another process's lock before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * TypeORM options for `DATABASE_URL`. The drivers are imported and passed in so the
 * bundler lists them in the built package.json (TypeORM would `require` them by name).
 * Schema changes only ever come from migrations: `synchronize` stays off.
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: ['error' as const],
  };
  if (database.kind === 'sqlite') {
    const inMemory = database.path === ':memory:';
    const file = inMemory ? database.path : resolve(database.path);
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'sqlite',
      driver: sqlite3Driver,
      database: file,
      // WAL lets readers go on while one writer commits; foreign keys are switched on by TypeORM.
      enableWAL: true,
      busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
    };
  }
  return {
    ...common,
    type: 'postgres',
    driver: pg,
    url: database.url,
    extra: { max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 },
  };
}
