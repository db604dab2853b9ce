import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The build `npm run bench` / `npm run load` make first (`nx build api`). */
export const API_MAIN = join(__dirname, '../../../../dist/apps/api/main.js');

export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-the-validation';

export interface ApiProcess {
  /** e.g. `http://127.0.0.1:41234/api` */
  baseUrl: string;
  origin: string;
  port: number;
  child: ChildProcess;
  /** The last few kB the process printed (for error messages). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
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
 * Spawns `node dist/apps/api/main.js` as deployed (NODE_ENV=production), logging at `warn`
 * so the figures measure the API, not a log pipe. `env` goes on top.
 */
export function spawnApi(env: Record<string, string>, port: number): ApiProcess {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npx nx build api\` first`);
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      AUTH_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/api`,
    origin,
    port,
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `/api/health` every `intervalMs` until it answers 200; resolves with the ms since `since`. */
export async function waitHealthy(api: ApiProcess, since: number, timeoutMs = 20_000, intervalMs = 5): Promise<number> {
  const deadline = since + timeoutMs;
  let exitCode: number | null | undefined;
  void api.exited.then((code) => (exitCode = code));
  while (performance.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`API exited with ${exitCode} before it was healthy:\n${api.output()}`);
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
  throw new Error(`API not healthy after ${timeoutMs} ms:\n${api.output()}`);
}

/** Spawns the API and waits for health; `startupMs` is spawn → first 200 on /api/health. */
export async function startApi(env: Record<string, string>): Promise<{ api: ApiProcess; startupMs: number }> {
  const port = await freePort();
  const since = performance.now();
  const api = spawnApi(env, port);
  const startupMs = await waitHealthy(api, since);
  return { api, startupMs };
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (`VmRSS`). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}
