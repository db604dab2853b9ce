import { readFileSync } from 'node:fs';

/**
 * A memory field of a `/proc/<pid>/status` text in bytes: `VmRSS` (resident now) or `VmHWM`
 * (the resident peak). `source` names the file in the error.
 */
export function statusBytes(status: string, field: 'VmRSS' | 'VmHWM', source: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in ${source}`);
  return Number(match[1]) * 1024;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (`VmRSS`). */
export function residentBytes(pid: number): number {
  const source = `/proc/${pid}/status`;
  return statusBytes(readFileSync(source, 'utf8'), 'VmRSS', source);
}

/** Clock ticks (user + system, 100 a second) a process has run, from `/proc/<pid>/stat`. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: state is
  // field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * When a process counts as idle: a quarter second in which it ran under 20 ms (two ticks);
 * looked for at most 5 s. container-memory.ts waits the same way inside a container.
 */
export const IDLE = { windowMs: 250, ticks: 2, timeoutMs: 5_000 } as const;

/**
 * Waits until the process is idle (`IDLE`) and returns how long that took: the
 * requests a load leaves running when it stops (a login's scrypt hash holds 16 MiB while it
 * runs) have then been answered, so a memory reading shows what the process keeps.
 */
export async function waitUntilIdle(pid: number): Promise<number> {
  const started = performance.now();
  let before = cpuTicks(pid);
  while (performance.now() - started < IDLE.timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, IDLE.windowMs));
    const now = cpuTicks(pid);
    if (now - before < IDLE.ticks) break;
    before = now;
  }
  return performance.now() - started;
}
