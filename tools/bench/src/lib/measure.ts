import { fork } from 'node:child_process';
import autocannon from 'autocannon';

export interface Scenario {
  name: string;
  /** Full URL of the first request (origin + path). */
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  /** Paths to rotate through (e.g. many slugs); default: the URL's own path. */
  paths?: string[];
  connections: number;
}

export interface Measurement {
  name: string;
  connections: number;
  seconds: number;
  requests: number;
  /** Mean requests per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
}

interface MeasureRequest {
  scenario: Scenario;
  seconds: number;
  warmupSeconds: number;
}

/**
 * Runs autocannon against one scenario (a short warm-up, discarded, then `seconds` of load) in
 * a process of its own: every run gets a fresh load generator, so no figure depends on what the
 * bench's process did before it. Driven from the process that had just seeded the API through
 * `fetch`, autocannon made `GET /api/tags` ~5 % slower than a fresh one did (5.9k against
 * 6.2k req/s), while the ceiling, measured first, had the fresh one.
 */
export function measure(scenario: Scenario, seconds: number, warmupSeconds = 2): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    // `fork` reuses this process's execArgv (the ts-node hooks), so the child runs this file.
    const child = fork(__filename, ['--measure'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let measurement: Measurement | undefined;
    child.once('message', (message: Measurement) => (measurement = message));
    child.once('error', reject);
    child.once('exit', (code) => (measurement ? resolve(measurement) : reject(new Error(`the load generator for ${scenario.name} exited with ${code}`))));
    const request: MeasureRequest = { scenario, seconds, warmupSeconds };
    child.send(request);
  });
}

async function measureHere({ scenario, seconds, warmupSeconds }: MeasureRequest): Promise<Measurement> {
  const run = (duration: number) => {
    let next = 0;
    const headers = { ...(scenario.body === undefined ? {} : { 'content-type': 'application/json' }), ...scenario.headers };
    return autocannon({
      url: scenario.url,
      connections: scenario.connections,
      duration,
      pipelining: 1,
      timeout: 10,
      method: scenario.method ?? 'GET',
      headers,
      body: scenario.body === undefined ? undefined : JSON.stringify(scenario.body),
      requests: scenario.paths
        ? [
            {
              setupRequest: (request) => {
                const paths = scenario.paths as string[];
                return { ...request, path: paths[next++ % paths.length] };
              },
            },
          ]
        : undefined,
    });
  };
  if (warmupSeconds > 0) await run(warmupSeconds);
  const result = await run(seconds);
  return {
    name: scenario.name,
    connections: scenario.connections,
    seconds,
    requests: result.requests.total,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (require.main === module && process.argv.includes('--measure')) {
  process.once('message', (request: MeasureRequest) => {
    measureHere(request).then(
      (measurement) => process.send?.(measurement, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
