import { ReleaseError } from './errors.ts';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
}

/** Calls `check` until it returns a value (not undefined), or throws once the deadline has passed. */
export async function poll<T>(what: string, { timeoutMs, intervalMs }: PollOptions, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new ReleaseError(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}
