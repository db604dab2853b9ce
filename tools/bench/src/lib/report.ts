import type { Measurement } from './measure';

export interface Target {
  name: string;
  /** What was measured, formatted. */
  actual: string;
  /** The goal, formatted. */
  goal: string;
  pass: boolean;
}

export const MiB = 1024 * 1024;

/** A byte count as the bench prints memory: `123.4 MiB`. */
export const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatMeasurements(measurements: readonly Measurement[], ceiling: Measurement): string {
  const rows = measurements.map((m) => [
    m.name,
    String(m.connections),
    m.rps.toFixed(0),
    m.p50Ms.toFixed(1),
    m.p99Ms.toFixed(1),
    String(m.errors),
    String(m.non2xx),
    m === ceiling ? '(ceiling)' : `${((m.rps / ceiling.rps) * 100).toFixed(1)}%`,
  ]);
  return table(['endpoint', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'of ceiling'], rows);
}

export interface TargetInputs {
  ceiling: Measurement;
  list: Measurement;
  tags: Measurement;
  article: Measurement;
  user: Measurement;
  all: readonly Measurement[];
  coldStartMs: number;
  rssBytes: number;
  coldStarts: number;
}

/** The targets for this 2-core machine. */
export function evaluateTargets({ ceiling, list, tags, article, user, all, coldStartMs, rssBytes, coldStarts }: TargetInputs): Target[] {
  const failures = all.reduce((sum, m) => sum + m.errors + m.non2xx, 0);
  const share = (m: Measurement, goal: number): Target => {
    const ratio = m.rps / ceiling.rps;
    return { name: `${m.name} vs ceiling`, actual: `${(ratio * 100).toFixed(1)}%`, goal: `>= ${goal * 100}%`, pass: ratio >= goal };
  };
  return [
    share(list, 0.1),
    share(tags, 0.5),
    share(article, 0.15),
    share(user, 0.2),
    { name: `cold start (median of ${coldStarts})`, actual: `${coldStartMs.toFixed(0)} ms`, goal: '<= 300 ms', pass: coldStartMs <= 300 },
    { name: 'API RSS after load (once idle)', actual: mib(rssBytes), goal: '<= 120 MiB', pass: rssBytes <= 120 * MiB },
    { name: 'errors + non-2xx (all runs)', actual: String(failures), goal: '0', pass: failures === 0 },
  ];
}

export function formatTargets(targets: readonly Target[]): string {
  return table(
    ['target', 'measured', 'goal', 'result'],
    targets.map((t) => [t.name, t.actual, t.goal, t.pass ? 'PASS' : 'MISS']),
  );
}
