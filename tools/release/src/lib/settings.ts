import type { Env } from './cli.ts';
import { ReleaseError } from './errors.ts';

export function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new ReleaseError(`${name} is required`);
  return value;
}

/** A duration given in seconds (fractions allowed), returned in milliseconds. */
export function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ReleaseError(`${name} must be a number of seconds, got "${raw}"`);
  return value * 1000;
}
