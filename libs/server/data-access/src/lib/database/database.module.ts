import { Global, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, DatabaseHealth, ROOT_LOGGER, type Logger } from '@conduit/server/platform';
import { Reads } from '../reads/reads';
import { Database } from './database';
import { dataSourceOptions } from './data-source-options';
import { runPendingMigrations } from './migration-runner';
import { TypeOrmDatabaseHealth } from './typeorm-database-health';

/**
 * A start-up step: unless `DB_MIGRATIONS=off`, apply pending migrations (under the
 * cross-instance lock) once the app is composed and before it listens.
 */
@Injectable()
class MigrateOnStart implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.database.migrateOnStart) return;
    const { applied } = await runPendingMigrations(this.dataSource);
    if (applied.length > 0) this.logger.info({ context: 'Migrations' }, `applied ${applied.join(', ')}`);
  }
}

/** Closes the connection (pool) when Nest shuts down, after the HTTP server has drained. */
@Injectable()
class CloseOnShutdown implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Connects to `DATABASE_URL`; provides the `DataSource`, `Reads` and `Database` (how features read and write), and health. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig, ROOT_LOGGER],
      useFactory: (config: AppConfig, logger: Logger) =>
        new DataSource(dataSourceOptions(config.database.connection, logger)).initialize(),
    },
    Database,
    Reads,
    MigrateOnStart,
    CloseOnShutdown,
    { provide: DatabaseHealth, useClass: TypeOrmDatabaseHealth },
  ],
  exports: [DataSource, Database, Reads, DatabaseHealth],
})
export class DatabaseModule {}
