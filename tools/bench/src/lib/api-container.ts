import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { docker } from './docker';

/** What every container of one bench run shares: the image, the data volume and the settings. */
export interface ContainerSettings {
  image: string;
  /** Named volume mounted at /data (the image's SQLite file lives there). */
  volume: string;
  /** Variables on top of the image's own ENV (which stays as shipped unless overridden here). */
  env: Record<string, string>;
  /** `docker run --memory` (e.g. `512m`, an instance's size); undefined: no limit. */
  memory?: string;
}

/**
 * `docker create` for the API on 127.0.0.1:`port` → 3000, plus `extraPorts` (host → container)
 * for a second server started inside it. Without the image's HEALTHCHECK: its probe spawns a
 * node process every few seconds inside the container (CPU during a start, pages in the
 * cgroup's figure), and ECS and App Runner run their own checks instead of it.
 */
export async function createApiContainer(name: string, port: number, settings: ContainerSettings, extraPorts: Record<number, number> = {}): Promise<void> {
  const ports = [[port, 3000], ...Object.entries(extraPorts).map(([host, inside]) => [Number(host), inside])];
  await docker([
    'create',
    '--name',
    name,
    '--no-healthcheck',
    '--volume',
    `${settings.volume}:/data`,
    ...ports.flatMap(([host, inside]) => ['--publish', `127.0.0.1:${host}:${inside}`]),
    ...(settings.memory ? ['--memory', settings.memory] : []),
    ...Object.entries(settings.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    settings.image,
  ]);
}

export async function isRunning(name: string): Promise<boolean> {
  const { stdout } = await docker(['inspect', '--format', '{{.State.Running}}', name]);
  return stdout === 'true';
}

/**
 * One GET on a fresh connection; resolves with the status, or 0 when the connection fails.
 * Not `fetch`: while the container starts, the published port accepts and then resets the
 * connection, and Node 20's fetch then neither resolves nor rejects (the process just exits).
 */
function statusOf(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', () => resolve(0));
    });
    request.once('error', () => resolve(0));
    request.setTimeout(timeoutMs, () => request.destroy());
  });
}

/**
 * Polls `url` every `intervalMs` until it answers 200; resolves with the ms since `since`.
 * Fails when the container stops or after `timeoutMs`, with its last log lines.
 */
export async function waitFor200(url: string, container: string, since: number, timeoutMs = 30_000, intervalMs = 2): Promise<number> {
  let polls = 0;
  while ((await statusOf(url)) !== 200) {
    // Asking the engine costs more than a poll: only every 100th one.
    if (++polls % 100 === 0 && !(await isRunning(container))) throw new Error(`${container} stopped while starting:\n${await lastLogs(container)}`);
    if (performance.now() - since > timeoutMs) throw new Error(`${url} not 200 after ${timeoutMs} ms:\n${await lastLogs(container)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return performance.now() - since;
}

async function lastLogs(container: string, lines = 30): Promise<string> {
  const logs = await docker(['logs', '--tail', String(lines), container]).catch((error: unknown) => ({ stdout: String(error), stderr: '' }));
  return `${logs.stdout}\n${logs.stderr}`.trim();
}

/** The image's default environment (its ENV lines), as `docker image inspect` reports it. */
export async function imageEnv(image: string): Promise<Record<string, string>> {
  const { stdout } = await docker(['image', 'inspect', '--format', '{{json .Config.Env}}', image]);
  const entries = (JSON.parse(stdout) as string[] | null) ?? [];
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/**
 * Starts the image's server again, as a second process inside the running `container`
 * (`./cold-start-inside.cjs` on `docker exec`'s stdin), `runs` times on `insidePort`: spawn →
 * first 200, measured inside the container. Resolves with the times in ms.
 */
export async function processColdStartsInside(container: string, insidePort: number, runs: number): Promise<number[]> {
  const script = readFileSync(require.resolve('./cold-start-inside.cjs'), 'utf8');
  const { stdout } = await docker(['exec', '--interactive', '--env', `COLD_PORT=${insidePort}`, '--env', `COLD_RUNS=${runs}`, container, 'node', '-'], {
    input: script,
    timeoutMs: runs * 30_000,
  });
  return JSON.parse(stdout) as number[];
}
