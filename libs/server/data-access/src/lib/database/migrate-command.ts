import { DataSource } from 'typeorm';
import type { AppConfig, Logger } from '@conduit/server/platform';
import { dataSourceOptions } from './data-source-options';
import { runPendingMigrations, type MigrationReport } from './migration-runner';

/**
 * The one-off release step (`npm run db:migrate`, or `node migrate.js` in the image):
 * connect, apply what is pending under the lock, disconnect.
 */
export async function migrateDatabase(config: AppConfig, logger: Logger): Promise<MigrationReport> {
  const dataSource = await new DataSource(dataSourceOptions(config.database.connection, logger)).initialize();
  try {
    return await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
