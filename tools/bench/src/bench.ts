/**
 * `npm run bench`: seeds a fresh SQLite database (or, with BENCH_DB=postgres, a database on
 * an embedded PostgreSQL server) through the public API, load-tests the
 * built API (dist/apps/api/main.js) with autocannon on loopback next to a bare Fastify
 * ceiling, then measures cold start and RSS, then the Lambda entry's cold start and warm
 * invocations on embedded PostgreSQL (./lambda.ts). Prints figures and PASS/MISS per target;
 * exits non-zero only when something broke (not when a target is missed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApi, startApi, startEmbeddedPostgres, waitHealthy } from '@conduit/testing/api-process';
import { imageMemorySettings } from './lib/image-memory-settings';
import { residentBytes, waitUntilIdle } from './lib/resident-memory';
import { startCeilingServer } from './lib/ceiling-server';
import { median, measure, type Measurement } from './lib/measure';
import { evaluateTargets, formatMeasurements, formatTargets, mib } from './lib/report';
import { benchLambda, formatLambda, lambdaOptions, lambdaTargets } from './lambda';
import { benchScenarios } from './lib/scenarios';
import { seed } from './lib/seed';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const loginConnections = Number(process.env['BENCH_LOGIN_CONNECTIONS'] ?? 4);
const coldStarts = Number(process.env['BENCH_COLD_STARTS'] ?? 5);
const engine = process.env['BENCH_DB'] ?? 'sqlite';
// Off for a build without lambda.js (an older commit's, compared through CONDUIT_API_MAIN).
const withLambda = process.env['BENCH_LAMBDA'] !== 'off';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** The database the API runs on: a fresh SQLite file, or the `postgres` database of a fresh embedded server. */
async function main(): Promise<void> {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`BENCH_DB must be sqlite or postgres, not ${engine}`);
  const dir = mkdtempSync(join(tmpdir(), 'conduit-bench-'));
  const postgres = engine === 'postgres' ? await startEmbeddedPostgres({ password: 'bench-password' }) : undefined;
  try {
    await bench(postgres ? `${postgres.url}/postgres` : `sqlite:${join(dir, 'bench.sqlite')}`);
  } finally {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bench(databaseUrl: string): Promise<void> {
  const started = performance.now();
  // As deployed (NODE_ENV=production), logging at `warn` so the figures measure the API, not a log pipe.
  // With the image's memory settings (V8 heap flags, malloc), unless BENCH_IMAGE_MEMORY=off.
  const memory = process.env['BENCH_IMAGE_MEMORY'] === 'off' ? {} : imageMemorySettings(process.cwd());
  const env = {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    ...memory,
  };
  log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')} on ${cpus().length} cores (other work skews every figure)`);
  log(`conduit bench: ${seconds} s per endpoint, ${connections} connections (login ${loginConnections}), database ${engine} (${databaseUrl.replace(/\/\/[^@]*@/, '//')})`);
  log(`API memory settings: ${Object.keys(memory).length > 0 ? JSON.stringify(memory) : "Node's defaults (BENCH_IMAGE_MEMORY=off)"}`);

  const ceilingServer = await startCeilingServer();
  let ceiling: Measurement;
  try {
    ceiling = await measure({ name: 'bare fastify (ceiling)', url: ceilingServer.url, connections }, seconds);
  } finally {
    await ceilingServer.stop();
  }
  log(`ceiling: ${ceiling.rps.toFixed(0)} req/s`);

  const api = await startApi(env);
  const { startupMs } = api;
  const measurements: Measurement[] = [ceiling];
  let rssBytes: number;
  let rssAtLoadEndBytes: number;
  try {
    log(`API up in ${startupMs.toFixed(0)} ms (first start: migrations included)`);
    const seeded = await seed(api.baseUrl);
    log(`seeded ${JSON.stringify(seeded.counts)} in ${(seeded.ms / 1000).toFixed(1)} s`);
    const scenarios = benchScenarios(api.baseUrl, seeded, { connections, loginConnections });
    for (const scenario of scenarios) {
      const measurement = await measure(scenario, seconds);
      measurements.push(measurement);
      log(`${scenario.name}: ${measurement.rps.toFixed(0)} req/s`);
      if (api.child.exitCode !== null) throw new Error(`API exited during ${scenario.name}:\n${api.output()}`);
    }
    // The moment the load stops, logins it sent may still be hashing (16 MiB each while they
    // run, at most HASH_CONCURRENCY): the target is what the process keeps once they are done.
    const pid = api.child.pid as number;
    rssAtLoadEndBytes = residentBytes(pid);
    const idleAfterMs = await waitUntilIdle(pid);
    rssBytes = residentBytes(pid);
    log(`API RSS: ${mib(rssAtLoadEndBytes)} when the load stopped, ${mib(rssBytes)} once idle (${idleAfterMs.toFixed(0)} ms later)`);
  } finally {
    await api.stop();
  }

  // Cold start on the now-migrated database: spawn → first 200 on /api/health.
  const startups: number[] = [];
  for (let i = 0; i < coldStarts; i++) {
    const port = await freePort();
    const since = performance.now();
    const cold = spawnApi(env, port);
    try {
      startups.push(await waitHealthy(cold, since, 20_000, 2));
    } finally {
      await cold.stop();
    }
  }
  const coldStartMs = median(startups);

  const lambda = withLambda ? await benchLambda(lambdaOptions(), log) : undefined;

  const byName = (name: string) => measurements.find((m) => m.name === name) as Measurement;
  const targets = evaluateTargets({
    ceiling,
    list: byName('GET /api/articles?limit=20'),
    tags: byName('GET /api/tags'),
    article: byName('GET /api/articles/:slug'),
    user: byName('GET /api/user (token)'),
    all: measurements,
    coldStartMs,
    rssBytes,
    coldStarts,
  });

  log('');
  log(formatMeasurements(measurements, ceiling));
  log('');
  log(`cold start: median ${coldStartMs.toFixed(0)} ms of ${startups.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  log(`API RSS after load: ${mib(rssBytes)} once idle (${mib(rssAtLoadEndBytes)} when the load stopped)`);
  log('');
  if (lambda) log(`${formatLambda(lambda)}\n`);
  log(formatTargets([...targets, ...(lambda ? lambdaTargets(lambda) : [])]));
  log(`\nload average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
