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

/** Runs autocannon against one scenario: a short warm-up (discarded), then `seconds` of load. */
export async function measure(scenario: Scenario, seconds: number, warmupSeconds = 2): Promise<Measurement> {
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
