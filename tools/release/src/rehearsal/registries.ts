import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../lib/cli.ts';
import { ReleaseError } from '../lib/errors.ts';
import { poll } from '../lib/poll.ts';
import { freePort } from './processes.ts';

/** A real OCI registry (Debian's docker-registry, distribution 2.8) on loopback: a stand-in for Docker Hub or ECR. */
export interface Registry {
  name: string;
  /** `127.0.0.1:<port>`: the engine pushes there without TLS (loopback is trusted). */
  host: string;
  stop(): void;
}

export async function startRegistry(name: string, workDir: string): Promise<Registry> {
  const port = await freePort();
  const dir = join(workDir, `registry-${name}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    ['version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => (exited = true));
  child.on('error', () => (exited = true));
  const host = `127.0.0.1:${port}`;
  await poll(`registry ${name} on ${host}`, { timeoutMs: 15_000, intervalMs: 100 }, async () => {
    if (exited) throw new ReleaseError(`docker-registry for ${name} exited (is the docker-registry package installed?)`);
    const res = await fetch(`http://${host}/v2/`).catch(() => undefined);
    return res?.status === 200 ? true : undefined;
  });
  return { name, host, stop: () => void child.kill('SIGTERM') };
}

/** What the registry itself says, through skopeo (not the engine that pushed). */
export async function servedDigest(reference: string): Promise<string> {
  return (await run('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reference}`], { env: process.env })).trim();
}

export async function listTags(repository: string): Promise<string[]> {
  const out = await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${repository}`], { env: process.env });
  return ((JSON.parse(out) as { Tags?: string[] }).Tags ?? []).sort();
}
