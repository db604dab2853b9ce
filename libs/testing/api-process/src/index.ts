import { existsSync } from 'node:fs';
import { API_MAIN } from './api-main';
import { freePort } from './free-port.cjs';
import { spawnRecorded, testEnvironment, type EnvOverrides, type RecordedProcess } from './node-process';

export { freePort };
export { TEST_JWT_SECRET, type EnvOverrides } from './node-process';
export * from './lambda-process';
export * from './lambda-events';
export * from './fake-secrets-manager.cjs';
export { startEmbeddedPostgres } from './embedded-postgres.cjs';

export { API_MAIN };

export interface ApiProcess extends RecordedProcess {
  /** e.g. `http://127.0.0.1:41234/api` */
  baseUrl: string;
  origin: string;
  port: number;
}

export interface StartedApi extends ApiProcess {
  /** Milliseconds from spawn to the first 200 on `/api/health`. */
  startupMs: number;
}

/**
 * Spawns `node dist/apps/api/main.js` (or another copy of the build's `main`) with `env` on top
 * of the test defaults (`testEnvironment`; an `undefined` removes one), on 127.0.0.1:`port`; no
 * waiting. With `API_PROCESS_LOG_DIR` set, its output also goes to a file there (see `logFileFor`).
 */
export function spawnApi(env: EnvOverrides, port: number, main = API_MAIN): ApiProcess {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npx nx build api\` first`);
  const recorded = spawnRecorded([main], testEnvironment({ HOST: '127.0.0.1', PORT: String(port), ...env }), {
    instance: port,
    header: (pid) => `API pid ${pid} on port ${port}${main === API_MAIN ? '' : ` from ${main}`}; env over the test defaults: ${JSON.stringify(env)}`,
  });
  const origin = `http://127.0.0.1:${port}`;
  return { ...recorded, baseUrl: `${origin}/api`, origin, port };
}

/**
 * Whether a `/api/health` answer is this API's "up": another program that took the port first
 * (see `startApi`) may well answer 200 to anything.
 */
function isApiUp(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    const health = JSON.parse(body) as { status?: unknown; db?: unknown };
    return health.status === 'ok' && health.db === 'up';
  } catch {
    return false;
  }
}

/** Polls `/api/health` until the API answers it's up; resolves with the milliseconds since `since`. */
export async function waitHealthy(api: ApiProcess, since = performance.now(), timeoutMs = 20_000, intervalMs = 5): Promise<number> {
  const deadline = since + timeoutMs;
  let exitCode: number | null | undefined;
  void api.exited.then((code) => (exitCode = code));
  while (performance.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`API exited with ${exitCode} before it was healthy${where(api)}:\n${api.output()}`);
    try {
      const response = await fetch(`${api.baseUrl}/health`);
      if (isApiUp(response.status, await response.text())) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await api.stop('SIGKILL');
  throw new Error(`API not healthy after ${timeoutMs} ms${where(api)}:\n${api.output()}`);
}

const where = (api: ApiProcess) => (api.logFile ? ` (its whole output: ${api.logFile})` : '');

/** Tries of `startApi` when the port it picked was taken before the API could listen. */
const PORT_TRIES = 3;

/**
 * Starts the API on a free port and resolves once `/api/health` says it is up. `freePort` lets
 * the port go before the API listens on it, and another program on the machine (tests run two
 * projects at once) may take it in between: then the API exits with EADDRINUSE, and it is
 * started again on another port.
 */
export async function startApi(env: EnvOverrides, timeoutMs = 20_000): Promise<StartedApi> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const since = performance.now();
    const api = spawnApi(env, port);
    try {
      const startupMs = await waitHealthy(api, since, timeoutMs);
      return { ...api, startupMs };
    } catch (error) {
      if (attempt >= PORT_TRIES || !api.output().includes('EADDRINUSE')) throw error;
    }
  }
}
