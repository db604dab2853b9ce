import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@conduit/server/platform';
import type * as Sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { sqlite3Driver } from '../database/sqlite-driver';
import { SQL_DIALECTS, toSqliteParameters, type RecordRow, type SqlDialect } from './sql-dialect';

/** node-postgres' connection pool as TypeORM keeps it. */
interface PgPool {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/** One read-only SQLite connection and the statements prepared on it. */
interface SqliteReader {
  database: Sqlite3.Database;
  statements: Map<string, Sqlite3.Statement>;
}

/**
 * The one way features read: raw SQL statements (in PostgreSQL's form, `$1` placeholders),
 * prepared once and reused, their rows mapped by the feature straight to the response shape
 * (`records`: a select list of `Columns`, in each engine's fastest form, see `selectRecord`).
 * Writes keep going through `Database.write` (TypeORM, transactions).
 *
 * - SQLite: read-only connections of their own beside TypeORM's writer (`SQLITE_READERS`, 3 by
 *   default), so reads never queue behind a write transaction and never see one half done (WAL:
 *   readers see the last commit). A connection runs one statement at a time, on one of libuv's
 *   threads: with one, every read waited for the one before it while the event loop sat idle
 *   (a list of 20 went from ~840 to ~990 req/s with three). Reads take them in turn; each
 *   statement is prepared once per connection. An in-memory database has one connection only,
 *   so there the reads use TypeORM's.
 * - PostgreSQL: TypeORM's pool with named (server-side prepared) statements.
 */
@Injectable()
export class Reads implements OnApplicationShutdown {
  readonly dialect: SqlDialect;
  private readonly sqlite?: { readers: SqliteReader[]; own: boolean };
  private nextReader = 0;
  private readonly names = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.dialect = SQL_DIALECTS[dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite'];
    if (this.dialect.name === 'sqlite') {
      const file = String(dataSource.options.database);
      const own = file !== ':memory:';
      const { Database, OPEN_READONLY } = sqlite3Driver();
      const reader = (database: Sqlite3.Database): SqliteReader => ({ database, statements: new Map() });
      const readers = own
        ? Array.from({ length: config.database.sqliteReaders }, () => {
            const database = new Database(file, OPEN_READONLY);
            // A reader waits (instead of failing) while a writer of another process checkpoints the WAL.
            database.configure('busyTimeout', 5_000);
            return reader(database);
          })
        : [reader((dataSource.driver as unknown as { databaseConnection: Sqlite3.Database }).databaseConnection)];
      this.sqlite = { readers, own };
    }
  }

  /** The rows of one statement. */
  all<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.sqlite ? this.allOnSqlite<Row>(text, params) : this.allOnPostgres<Row>(text, params);
  }

  /** The first row of one statement, or undefined. */
  async first<Row>(text: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return (await this.all<Row>(text, params))[0];
  }

  /** The rows of a statement whose select list is `dialect.selectRecord(…)`, as records. */
  async records(text: string, params: readonly unknown[] = []): Promise<RecordRow[]> {
    return (await this.all(text, params)).map(this.dialect.recordOf);
  }

  /** The first record of such a statement, or undefined. */
  async firstRecord(text: string, params: readonly unknown[] = []): Promise<RecordRow | undefined> {
    return (await this.records(text, params))[0];
  }

  private allOnSqlite<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
    const { readers } = this.sqlite as NonNullable<Reads['sqlite']>;
    const { database, statements } = readers[this.nextReader];
    this.nextReader = (this.nextReader + 1) % readers.length;
    let statement = statements.get(text);
    if (!statement) {
      statement = database.prepare(toSqliteParameters(text));
      statements.set(text, statement);
    }
    const prepared = statement;
    return new Promise((resolve, reject) => prepared.all(params as unknown[], (error: Error | null, rows: Row[]) => (error ? reject(error) : resolve(rows))));
  }

  private async allOnPostgres<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const result = await pool.query({ name: this.nameOf(text), text, values: params });
    return result.rows as Row[];
  }

  /** A stable name per statement: node-postgres prepares it once per pooled connection. */
  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `conduit_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.names.set(text, name);
    }
    return name;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.sqlite) return;
    const { readers, own } = this.sqlite;
    await Promise.all(
      readers.map(async ({ database, statements }) => {
        await Promise.all([...statements.values()].map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))));
        statements.clear();
        if (own) await new Promise<void>((resolve) => database.close(() => resolve()));
      }),
    );
  }
}
