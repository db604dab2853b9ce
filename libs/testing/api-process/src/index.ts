import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { currentTestPath, logFileFor, recordOutput } from './output';

/**
 * The build the e2e and bench targets depend on (`nx build api`). `CONDUIT_API_MAIN` points
 * them at another build instead, e.g. an older one to compare against.
 */
export const API_MAIN = process.env['CONDUIT_API_MAIN'] || join(__dirname, '../../../../dist/apps/api/main.js');

export const TEST_JWT_SECRET = 'e2e-secret-that-is-long-enough-for-the-validation';

export interface ApiProcess {
  /** e.g. `http://127.0.0.1:41234/api` */
  baseUrl: string;
  origin: string;
  port: number;
  child: ChildProcess;
  /** What the process printed (JSON log lines), the last MiB at most. */
  output(): string;
  /** The file that holds all of it, when `API_PROCESS_LOG_DIR` is set (api-e2e sets it). */
  logFile?: string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface StartedApi extends ApiProcess {
  /** Milliseconds from spawn to the first 200 on `/api/health`. */
  startupMs: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Spawns `node dist/apps/api/main.js` with `env` on top of the test defaults; no waiting.
 * With `API_PROCESS_LOG_DIR` set, its output also goes to a file there (see `logFileFor`).
 */
export function spawnApi(env: Record<string, string>, port: number): ApiProcess {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npx nx build api\` first`);
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
      // The limits are off unless a test turns one on: tests write and log in far faster than people.
      AUTH_RATE_LIMIT: '0',
      LOGIN_FAILURE_LIMIT: '0',
      WRITE_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = logFileFor(port, process.env, currentTestPath());
  const header = `# API pid ${child.pid} on port ${port}, started ${new Date().toISOString()}; env over the test defaults: ${JSON.stringify(env)}`;
  const output = recordOutput(child, logFile, header);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/api`,
    origin,
    port,
    child,
    output,
    logFile,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `/api/health` until it answers 200; resolves with the milliseconds since `since`. */
export async function waitHealthy(api: ApiProcess, since = performance.now(), timeoutMs = 20_000, intervalMs = 5): Promise<number> {
  const deadline = since + timeoutMs;
  let exitCode: number | null | undefined;
  void api.exited.then((code) => (exitCode = code));
  while (performance.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`API exited with ${exitCode} before it was healthy${where(api)}:\n${api.output()}`);
    try {
      const response = await fetch(`${api.baseUrl}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await api.stop('SIGKILL');
  throw new Error(`API not healthy after ${timeoutMs} ms${where(api)}:\n${api.output()}`);
}

const where = (api: ApiProcess) => (api.logFile ? ` (its whole output: ${api.logFile})` : '');

/** Starts the API on a free port and resolves once `/api/health` answers 200. */
export async function startApi(env: Record<string, string>, timeoutMs = 20_000): Promise<StartedApi> {
  const port = await freePort();
  const since = performance.now();
  const api = spawnApi(env, port);
  const startupMs = await waitHealthy(api, since, timeoutMs);
  return { ...api, startupMs };
}
