import { execFile } from 'node:child_process';

export interface DockerResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs the `docker` CLI (the engine named by DOCKER_HOST / the default socket) and resolves
 * with its trimmed output; rejects with the command and its stderr when it exits non-zero.
 * `input` is written to its standard input (`docker exec -i … node -`).
 */
export function docker(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('docker', args, { maxBuffer: 16 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve({ stdout: stdout.trim(), stderr: stderr.trim() });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The engine's version, or undefined when no engine answers. */
export async function engineVersion(): Promise<string | undefined> {
  try {
    return (await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 15_000 })).stdout || undefined;
  } catch {
    return undefined;
  }
}

/** `docker rm --force` that ignores containers already gone. */
export async function removeContainers(names: readonly string[]): Promise<void> {
  if (names.length > 0) await docker(['rm', '--force', '--volumes', ...names]).catch(() => undefined);
}
