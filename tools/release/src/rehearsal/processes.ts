import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { run, type Env } from '../lib/cli.ts';

/** A free TCP port on loopback: the workspace's one helper for it (libs/testing/api-process), by path as in postgres.ts. */
export const { freePort } = createRequire(import.meta.url)('../../../../libs/testing/api-process/src/free-port.cjs') as {
  freePort(): Promise<number>;
};

export const docker = (args: readonly string[], env: Env = process.env): Promise<string> =>
  run('docker', args, { env, timeoutMs: 600_000 }).then((out) => out.trim());

/** Runs a command and collects its output; resolves with the exit code either way. */
export function collect(command: string, args: readonly string[], env: Env): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 127, output: `${output}${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
