import { messageOf, ReleaseError } from './errors.ts';
import { poll, type PollOptions } from './poll.ts';

/** What /api/health answers: `{ status, version, db }`. */
export interface Health {
  status: string;
  version: string;
  db?: string;
}

export interface HealthReading {
  /** Set when the answer is healthy (200) and reports the expected version (any, when none is expected). */
  health?: Health;
  /** What was seen, for the failure message. */
  seen: string;
}

/** Judges one answer of /api/health, however it arrived (HTTP, or a Lambda invocation's payload). */
export function readHealth(status: number, body: string, expected: string | undefined): HealthReading {
  const seen = `HTTP ${status} ${body.slice(0, 200)}`;
  if (status !== 200) return { seen };
  try {
    const health = JSON.parse(body) as Health;
    if (expected !== undefined && health.version !== expected) return { seen };
    return { health, seen };
  } catch {
    return { seen };
  }
}

/**
 * Asks `probe` for /api/health until it is healthy with the expected version (any version when
 * `expected` is undefined). Throws with the last answer seen.
 */
export async function awaitHealth(
  what: string,
  expected: string | undefined,
  options: PollOptions,
  probe: () => Promise<HealthReading>,
): Promise<Health> {
  let last = 'no answer';
  try {
    return await poll(`${what} to report version ${expected ?? '(any)'}`, options, async () => {
      try {
        const reading = await probe();
        last = reading.seen;
        return reading.health;
      } catch (error) {
        last = messageOf(error);
        return undefined;
      }
    });
  } catch (error) {
    throw new ReleaseError(`${messageOf(error)}; last answer: ${last}`);
  }
}

/** GET <base>/api/health over HTTP until it is healthy with the expected version. */
export function verifyHealth(baseUrl: string, expected: string | undefined, options: PollOptions): Promise<Health> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/health`;
  return awaitHealth(url, expected, options, async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { 'cache-control': 'no-cache' } });
    return readHealth(res.status, await res.text(), expected);
  });
}
