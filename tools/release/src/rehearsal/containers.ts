import { randomBytes } from 'node:crypto';
import { docker, freePort } from './processes.ts';

/** The settings every instance of a rehearsal shares (like a service's configuration). */
const JWT_SECRET = randomBytes(32).toString('hex');

export interface Instance {
  name: string;
  version: string;
  url: string;
}

/**
 * Starts the API image as the platform would: its own port on the host network (so it
 * reaches PostgreSQL on 127.0.0.1 and the rehearsal reaches it), the shared settings, and
 * `env` (DATABASE_URL) and the SQLite volume when given. Does not wait.
 */
export async function startInstance(name: string, image: string, version: string, env: Record<string, string>, volume?: string): Promise<Instance> {
  const port = await freePort();
  // The rehearsal's load comes from one address (it plays the load balancer, TRUST_PROXY=0),
  // so the per-client limits (auth, writes, failed logins) are off, as in the bench.
  const limitsOff = { AUTH_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', LOGIN_FAILURE_LIMIT: '0' };
  const settings = { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), JWT_SECRET, ...limitsOff, LOG_LEVEL: 'warn', ...env };
  await docker([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    '--stop-timeout',
    '20',
    ...Object.entries(settings).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...(volume ? ['--volume', `${volume}:/data`] : []),
    image,
  ]);
  return { name, version, url: `http://127.0.0.1:${port}` };
}

/** SIGTERM (docker stop, 20 s grace like ECS' stopTimeout); resolves with the exit code and how long it took. */
export async function stopInstance(instance: Instance): Promise<{ exitCode: number; ms: number }> {
  const started = Date.now();
  await docker(['stop', '--time', '20', instance.name]);
  return { exitCode: Number(await docker(['inspect', '--format', '{{.State.ExitCode}}', instance.name])), ms: Date.now() - started };
}

export async function state(instance: Instance): Promise<string> {
  return docker(['inspect', '--format', '{{.State.Status}} (exit {{.State.ExitCode}})', instance.name]);
}

export async function logsOf(instance: Instance, lines = 30): Promise<string> {
  return docker(['logs', '--tail', String(lines), instance.name]).catch((error: unknown) => String(error));
}

export async function removeInstances(names: readonly string[]): Promise<void> {
  if (names.length > 0) await docker(['rm', '--force', '--volumes', ...names]).catch(() => '');
}
