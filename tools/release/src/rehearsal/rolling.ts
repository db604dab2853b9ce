import { messageOf } from '../lib/errors.ts';
import { verifyHealth } from '../lib/health.ts';
import { sleep } from '../lib/poll.ts';
import { logsOf, startInstance, state, stopInstance, type Instance } from './containers.ts';
import { backend, LoadBalancer } from './load-balancer.ts';
import { Workload, type Failure, type PhaseCount } from './workload.ts';

interface Release {
  version: string;
  /** Pulled back from a registry, by digest. */
  image: string;
}

export interface RollingPlan {
  database: string;
  /** DATABASE_URL and the like, the same for every instance. */
  env: Record<string, string>;
  volume?: string;
  from: Release;
  to: Release;
  /** A release whose health check never passes, with the settings that break it. */
  broken?: { release: Release; env: Record<string, string> };
  names: (label: string) => string;
  /** How long each phase runs under load. */
  phaseMs: number;
  workers: number;
  log: (line: string) => void;
}

export interface RollingReport {
  database: string;
  phases: Array<[string, PhaseCount]>;
  failures: Failure[];
  writes: number;
  verified: { checked: number; problems: string[] };
  oldExit: { exitCode: number; ms: number };
  lastRequestsInFlightAtSigterm: number;
  lastRequestsFailed: number;
  broken?: { refusedWith: string; requestsItGot: number; state: string };
  newExit: { exitCode: number; ms: number };
}

/** The health check a deploy waits for before an instance may take traffic (the deploy script's own code). */
const healthy = (instance: Instance, timeoutMs: number) => verifyHealth(instance.url, instance.version, { timeoutMs, intervalMs: 250 });

/**
 * A rolling replacement as App Runner or ECS plays it, with the rehearsal as the load balancer:
 * N serves mixed traffic; N+1 starts on the same data and joins the pool once healthy; both
 * serve; N leaves the pool and gets SIGTERM while its last requests are still arriving; N+1
 * serves alone. Then (optionally) a broken N+2 starts and never passes its health check: it
 * never joins, and N+1 keeps serving. Every acknowledged write is read back from N+1.
 */
export async function rollingReplacement(plan: RollingPlan): Promise<RollingReport> {
  const { log } = plan;
  const balancer = new LoadBalancer();
  const workload = new Workload(balancer);
  const phase = async (name: string, members: string): Promise<void> => {
    workload.phase = name;
    log(`${plan.database}: phase "${name}" (${members}) for ${plan.phaseMs / 1000}s`);
    await sleep(plan.phaseMs);
  };

  const n = await startInstance(plan.names(`n-${plan.from.version}`), plan.from.image, plan.from.version, plan.env, plan.volume);
  try {
    await healthy(n, 90_000);
  } catch (error) {
    throw new Error(`N (${plan.from.version}) never became healthy: ${messageOf(error)}\n${await logsOf(n)}`);
  }
  const nBackend = backend(`N ${plan.from.version}`, n.url);
  balancer.add(nBackend);
  await workload.setUp(4);
  workload.start(plan.workers);
  await phase('N alone', balancer.members().join(', '));

  // N+1 starts on the same data; the deploy's health check decides when it takes traffic.
  workload.phase = 'N+1 starting';
  const next = await startInstance(plan.names(`n1-${plan.to.version}`), plan.to.image, plan.to.version, plan.env, plan.volume);
  try {
    await healthy(next, 90_000);
  } catch (error) {
    await workload.stop();
    throw new Error(`N+1 (${plan.to.version}) never became healthy: ${messageOf(error)}\n${await logsOf(next)}`);
  }
  const nextBackend = backend(`N+1 ${plan.to.version}`, next.url);
  balancer.add(nextBackend);
  await phase('N and N+1', balancer.members().join(', '));

  // N leaves the pool, then SIGTERM while its last (slow) requests are still coming in.
  workload.phase = 'N draining';
  const last = workload.lastRequests(nBackend, 3, 2_000);
  await sleep(300);
  balancer.remove(nBackend);
  const sigtermAt = Date.now();
  log(`${plan.database}: N left the pool; SIGTERM to N with ${last.length} slow requests under way`);
  const oldExit = await stopInstance(n);
  const lastResults = await Promise.all(last);
  nBackend.agent.destroy();
  await phase('N+1 alone', balancer.members().join(', '));

  let broken: RollingReport['broken'];
  if (plan.broken) {
    workload.phase = 'broken N+2 refused';
    const release = plan.broken.release;
    log(`${plan.database}: starting broken N+2 (${release.version}); N+1 keeps serving`);
    const bad = await startInstance(plan.names(`n2-${release.version}`), release.image, release.version, { ...plan.env, ...plan.broken.env }, plan.volume);
    let refusedWith = '';
    try {
      await healthy(bad, Math.max(plan.phaseMs * 2, 15_000));
      refusedWith = '(it became healthy: the broken release was not refused)';
    } catch (error) {
      // Exactly what the deploy script reports before it rolls back.
      refusedWith = messageOf(error);
    }
    broken = { refusedWith, requestsItGot: [...balancer.served].filter((name) => name.startsWith('N+2')).length, state: await state(bad) };
    log(`${plan.database}: N+2 refused: ${refusedWith}`);
  }

  await workload.stop();
  workload.phase = 'verify';
  const verified = await workload.verify(nextBackend);
  const newExit = await stopInstance(next);
  nextBackend.agent.destroy();
  return {
    database: plan.database,
    phases: [...workload.counts.entries()],
    failures: workload.failures,
    writes: workload.writes(),
    verified,
    oldExit,
    lastRequestsInFlightAtSigterm: lastResults.filter((r) => r.ended > sigtermAt).length,
    lastRequestsFailed: lastResults.filter((r) => r.status !== 201).length,
    ...(broken ? { broken } : {}),
    newExit,
  };
}
