import type * as Sqlite3 from 'sqlite3';

/**
 * The statement TypeORM opens every SQLite transaction with. Here every transaction is a
 * write (reads run outside transactions; writes go through `Database.write`; migrations).
 */
const TYPEORM_BEGIN = 'BEGIN TRANSACTION';

/**
 * `BEGIN IMMEDIATE` takes the write lock up front, waiting for another process's writer under
 * the busy timeout. TypeORM's plain (deferred) `BEGIN` would take it only at the first write,
 * after the transaction has read: when another process (the other container during a rolling
 * replacement on one volume) committed meanwhile, SQLite must refuse that upgrade with
 * SQLITE_BUSY at once, and no timeout helps.
 */
const BEGIN_IMMEDIATE = 'BEGIN IMMEDIATE TRANSACTION';

let driver: typeof Sqlite3 | undefined;

/**
 * sqlite3 as TypeORM uses it in this API: write transactions that take the lock up front
 * (above), and no per-call stack capture. TypeORM calls `driver.verbose()`, which makes
 * sqlite3 capture a stack trace on every call (a tenth of a read's CPU); errors stay
 * informative without it (TypeORM wraps them with the query), so `verbose()` changes nothing.
 *
 * Loaded on first use, for a `sqlite:` DATABASE_URL only: it is a native addon, and a
 * PostgreSQL deployment (the Lambda bundle) ships without it.
 */
export function sqlite3Driver(): typeof Sqlite3 {
  if (driver) return driver;
  const sqlite3 = require('sqlite3') as typeof Sqlite3;
  class ImmediateTransactionsDatabase extends sqlite3.Database {
    override all(sql: string, ...rest: unknown[]): this {
      return super.all(sql === TYPEORM_BEGIN ? BEGIN_IMMEDIATE : sql, ...(rest as [])) as this;
    }
  }
  const wrapped: typeof Sqlite3 = Object.create(sqlite3, {
    Database: { value: ImmediateTransactionsDatabase },
    verbose: { value: () => wrapped },
  });
  driver = wrapped;
  return wrapped;
}
