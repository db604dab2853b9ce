export * from './lib/entities';
export * from './lib/migrations';
export * from './lib/database/data-source-options';
export * from './lib/database/migration-runner';
export * from './lib/database/migrate-command';
export * from './lib/database/database';
export * from './lib/database/database.module';
