import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { currentTestPath, logFileFor, recordOutput } from './output';

export const TEST_JWT_SECRET = 'e2e-secret-that-is-long-enough-for-the-validation';

/** Variables to set (a string) or to leave out of the defaults (`undefined`). */
export type EnvOverrides = Record<string, string | undefined>;

/**
 * What every process of the built API gets unless a test says otherwise: `NODE_ENV=test`, a
 * fixed `JWT_SECRET`, `LOG_LEVEL=warn`, the limits off (tests write and log in far faster
 * than people), and `env` on top; an `undefined` in `env` removes a default.
 */
export function testEnvironment(env: EnvOverrides): Record<string, string> {
  const merged: EnvOverrides = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '0',
    LOGIN_FAILURE_LIMIT: '0',
    WRITE_RATE_LIMIT: '0',
    ...env,
  };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface RecordedProcess {
  child: ChildProcess;
  /** What the process printed, the last MiB at most. */
  output(): string;
  /** The file that holds all of it, when `API_PROCESS_LOG_DIR` is set (api-e2e sets it). */
  logFile?: string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * `node <args…>` (a script and the flags before it) with exactly `env`, its output recorded
 * (see `recordOutput`) under `<test file>.<instance>.log` when `API_PROCESS_LOG_DIR` is set,
 * after a `# <what>` header.
 */
export function spawnRecorded(
  args: readonly string[],
  env: Record<string, string>,
  log: { instance: number | string; header: (pid: number | undefined) => string },
  stdio: StdioOptions = ['ignore', 'pipe', 'pipe'],
): RecordedProcess {
  const child = spawn(process.execPath, args, { env, stdio });
  const logFile = logFileFor(log.instance, process.env, currentTestPath());
  const output = recordOutput(child, logFile, `# ${log.header(child.pid)}, started ${new Date().toISOString()}`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    logFile,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
