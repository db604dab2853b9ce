import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Set (by api-e2e's global setup) to a directory: every API process then also writes all it
 * prints to a file there, so the logs of a failed run outlive the test process that held them.
 */
export const LOG_DIR_VARIABLE = 'API_PROCESS_LOG_DIR';

/** Output kept in memory per process: enough for every log assertion, bounded under long loads. */
export const MAX_OUTPUT = 1_048_576;

/**
 * `<dir>/<test file>.<instance>.log` (e.g. `users.e2e-spec.41234.log` for the API on port
 * 41234, `….lambda-4321.log` for a Lambda environment; `api.<instance>.log` without a test
 * file), or undefined when `env` asks for no directory.
 */
export function logFileFor(instance: number | string, env: Record<string, string | undefined>, testPath: string | undefined): string | undefined {
  const directory = env[LOG_DIR_VARIABLE];
  if (!directory) return undefined;
  const label = testPath ? basename(testPath).replace(/\.[cm]?[jt]s$/, '') : 'api';
  return join(directory, `${label}.${instance}.log`);
}

/**
 * Collects what `child` prints on stdout and stderr: the last `MAX_OUTPUT` characters in
 * memory (returned), and everything in `logFile` when one is given, after `header`. Written
 * synchronously so that nothing is lost when the test process ends right after a failure.
 */
export function recordOutput(child: ChildProcess, logFile?: string, header?: string): () => string {
  let output = '';
  let file: number | undefined;
  if (logFile) {
    mkdirSync(join(logFile, '..'), { recursive: true });
    file = openSync(logFile, 'a'); // a restart on the same port adds to the file
    if (header) writeSync(file, `${header}\n`);
    child.once('close', () => {
      if (file !== undefined) closeSync(file);
      file = undefined;
    });
  }
  const keep = (chunk: Buffer) => {
    if (file !== undefined) writeSync(file, chunk);
    output += chunk.toString();
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

/** The test file Jest is running, read from its global `expect`; undefined outside Jest. */
export function currentTestPath(): string | undefined {
  const jestExpect = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect;
  return jestExpect?.getState?.().testPath;
}
