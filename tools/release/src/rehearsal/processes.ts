import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { run, type Env } from '../lib/cli.ts';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

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
