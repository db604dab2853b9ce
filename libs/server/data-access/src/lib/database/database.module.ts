import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig, DatabaseHealth } from '@conduit/server/platform';
import { Database } from './database';
import { dataSourceOptions } from './data-source-options';
import { runPendingMigrations } from './migration-runner';
import { TypeOrmDatabaseHealth } from './typeorm-database-health';

/**
 * Connects to `DATABASE_URL` and, unless `DB_MIGRATIONS=off`, migrates before the app
 * serves a request. The data source is closed by Nest's shutdown hooks.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      // `migrationsRun` carries DB_MIGRATIONS to the factory below, which runs them
      // itself under the cross-instance lock instead of letting TypeORM do it unlocked.
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        migrationsRun: config.runMigrationsOnStart,
      }),
      dataSourceFactory: async (options) => {
        const { migrationsRun, ...rest } = options as DataSourceOptions;
        const dataSource = await new DataSource({ ...rest, migrationsRun: false } as DataSourceOptions).initialize();
        if (migrationsRun) {
          const { applied } = await runPendingMigrations(dataSource);
          if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
        }
        return dataSource;
      },
    }),
  ],
  providers: [Database, { provide: DatabaseHealth, useClass: TypeOrmDatabaseHealth }],
  exports: [Database, DatabaseHealth],
})
export class DatabaseModule {}
