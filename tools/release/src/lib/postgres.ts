import { createRequire } from 'node:module';

export interface Postgres {
  /** postgres://…@127.0.0.1:<port>/postgres (the rehearsal's containers reach it on the host network) */
  url: string;
  port: number;
  password: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The workspace's one embedded-PostgreSQL starter (libs/testing/api-process, which also runs
 * it as root for CI), required by path: the release scripts run as plain Node TypeScript,
 * without the workspace's path aliases.
 */
const { startEmbeddedPostgres } = createRequire(import.meta.url)('../../../../libs/testing/api-process/src/embedded-postgres.cjs') as {
  startEmbeddedPostgres(options: { password: string }): Promise<EmbeddedPostgresServer>;
};

/** A throwaway PostgreSQL (the embedded-postgres package's real binaries) on 127.0.0.1. */
export async function startPostgres(): Promise<Postgres> {
  const password = 'throwaway-password';
  const server = await startEmbeddedPostgres({ password });
  return { url: `${server.url}/postgres`, port: server.port, password, stop: () => server.stop() };
}
