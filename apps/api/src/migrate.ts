import { migrateDatabase } from '@conduit/server/data-access';
import { createLogger } from '@conduit/server/platform';
import { loadConfigOrExit } from './bootstrap';

/** `node migrate.js`: the one-off release step. Applies pending migrations, then exits. */
const config = loadConfigOrExit();
migrateDatabase(config, createLogger(config)).then(
  ({ applied }) => {
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  },
  (error: unknown) => {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
