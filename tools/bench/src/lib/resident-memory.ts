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
