import type { DataSource } from 'typeorm';

/** Any fixed number: every instance of this API takes the same PostgreSQL advisory lock. */
const MIGRATION_LOCK_KEY = 72_616_001;

export interface MigrationReport {
  applied: string[];
}

/**
 * Applies pending migrations exactly once, however many instances start together.
 * PostgreSQL: a session-level advisory lock serialises them; the second instance waits,
 * then finds nothing pending. SQLite lives on one host and one file: a single
 * transaction for the whole batch is enough.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<MigrationReport> {
  if (dataSource.options.type !== 'postgres') {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return { applied: applied.map((migration) => migration.name) };
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockHolder.release();
  }
}
