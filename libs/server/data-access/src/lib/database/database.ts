import { Injectable } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The one way features write. On PostgreSQL each call is its own transaction on a pooled
 * connection. SQLite has a single connection in this process, where two interleaved
 * transactions would collide ("cannot start a transaction within a transaction"), so
 * writes queue behind a mutex; WAL keeps reads flowing meanwhile.
 */
@Injectable()
export class Database {
  private readonly sqliteWriter = new Mutex();

  constructor(readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'sqlite';
  }

  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isSqlite) return this.dataSource.transaction(work);
    return this.sqliteWriter.runExclusive(() => this.dataSource.transaction(work));
  }

  /** Reads need no transaction; this is the manager to use for them. */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }
}

/** PostgreSQL unique_violation, SQLite SQLITE_CONSTRAINT (UNIQUE): another writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && typeof message === 'string' && message.includes('UNIQUE'));
}

/** PostgreSQL foreign_key_violation, SQLite SQLITE_CONSTRAINT (FOREIGN KEY): a row refers to one that is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '23503' || (code === 'SQLITE_CONSTRAINT' && typeof message === 'string' && message.includes('FOREIGN KEY'));
}
