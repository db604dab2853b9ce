import { execFile, spawn } from 'node:child_process';
import { ReleaseError } from './errors.ts';

/** The environment a command runs with: the caller's, never read from globals deep inside. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface RunOptions {
  env: Env;
  timeoutMs?: number;
}

const describe = (command: string, args: readonly string[]): string => `${command} ${args.slice(0, 2).join(' ')}`;

/** Runs a command to completion and returns its stdout; a failure names the command and ends with its stderr. */
export function run(command: string, args: readonly string[], { env, timeoutMs = 120_000 }: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || error.message).trim().split('\n').slice(-3).join(' ');
        reject(new ReleaseError(`${describe(command, args)} failed: ${detail}`));
        return;
      }
      resolve(stdout);
    });
  });
}

/** Runs a CLI that answers JSON (`aws … --output json`, `gh api …`). */
export async function runJson<T>(command: string, args: readonly string[], options: RunOptions): Promise<T> {
  const stdout = await run(command, args, options);
  try {
    return (stdout.trim() ? JSON.parse(stdout) : {}) as T;
  } catch {
    throw new ReleaseError(`${describe(command, args)} answered non-JSON: ${stdout.slice(0, 200)}`);
  }
}

/** Runs a long command with its output shown as it comes (a build), resolving when it exits 0. */
export function runShown(command: string, args: readonly string[], { env }: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => reject(new ReleaseError(`${describe(command, args)} could not start: ${error.message}`)));
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new ReleaseError(`${describe(command, args)} exited ${signal ?? code}`)),
    );
  });
}
