/**
 * `npm run bench:container`: the API image as shipped (its ENV, NODE_OPTIONS included) in a
 * real Docker engine. Builds the image from the root Dockerfile (`nx run api:container`)
 * unless BENCH_IMAGE names one, then on a fresh SQLite volume:
 *
 * 1. starts a container, seeds it and runs the same load as `npm run bench` (lib/scenarios.ts)
 *    through the published port;
 * 2. reads the server's memory inside it: VmRSS/VmHWM of the node process and the cgroup's charge;
 * 3. cold start of the server process alone: a second `node main.js` inside that running
 *    container, spawn → first 200, timed inside (the figure the 300 ms target is judged on);
 * 4. cold start of a container: `docker start` of a created container → first 200 through the
 *    published port (the engine's start of the container and its network on top of 3).
 *
 * Prints figures and PASS/MISS per target; exits non-zero when no engine answers or something
 * broke, not when a target is missed.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@conduit/testing/api-process';
import { createApiContainer, imageEnv, isRunning, processColdStartsInside, waitFor200, type ContainerSettings } from './lib/api-container';
import { containerMemory, type ContainerMemory } from './lib/container-memory';
import { docker, engineVersion, removeContainers } from './lib/docker';
import { median, measure, type Measurement } from './lib/measure';
import { formatTargets, MiB, mib, type Target } from './lib/report';
import { benchScenarios } from './lib/scenarios';
import { seed } from './lib/seed';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const loginConnections = Number(process.env['BENCH_LOGIN_CONNECTIONS'] ?? 4);
const coldStarts = Number(process.env['BENCH_COLD_STARTS'] ?? 5);
/** Names of the image built, the containers and the volume (a shared engine: make them yours). */
const prefix = process.env['BENCH_PREFIX'] || 'conduit-bench';
const givenImage = process.env['BENCH_IMAGE'];
/** Replaces the image's NODE_OPTIONS (to compare flag sets without a rebuild); unset: as shipped. */
const nodeOptions = process.env['BENCH_NODE_OPTIONS'];
const memoryLimit = process.env['BENCH_MEMORY'] || undefined;

const COLD_START_TARGET_MS = 300;
const RSS_TARGET_BYTES = 120 * MiB;
/** The port of the second server started inside the load container (the image's is 3000). */
const INSIDE_PORT = 3001;

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (values: readonly number[]) => values.map((value) => value.toFixed(0)).join(', ');

/** `nx run api:container` (the release's own build of the root Dockerfile) into `tag`; its output to a file. */
async function buildImage(tag: string): Promise<void> {
  const logFile = join(tmpdir(), `${prefix}-build-${process.pid}.log`);
  const started = performance.now();
  log(`building ${tag} from ./Dockerfile (nx run api:container; output in ${logFile}) …`);
  const fd = openSync(logFile, 'w');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['nx', 'run', 'api:container', '--outputStyle=static'], {
      env: { ...process.env, IMAGE: tag, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      stdio: ['ignore', fd, fd],
    });
    child.once('error', reject);
    child.once('exit', resolve);
  }).finally(() => closeSync(fd));
  if (code !== 0) throw new Error(`image build failed (exit ${code}); the end of ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
  log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

interface LoadRun {
  firstStartMs: number;
  measurements: Measurement[];
  memory: ContainerMemory;
  processStarts: number[];
}

/** Steps 1–3 in one container: seed, load, memory, then the server's cold starts inside it. */
async function loadContainer(settings: ContainerSettings, track: (name: string) => void): Promise<LoadRun> {
  const name = `${prefix}-load-${process.pid}`;
  const port = await freePort();
  await createApiContainer(name, port, settings, { [await freePort()]: INSIDE_PORT });
  track(name);
  const since = performance.now();
  await docker(['start', name]);
  const baseUrl = `http://127.0.0.1:${port}/api`;
  const firstStartMs = await waitFor200(`${baseUrl}/health`, name, since);
  log(`first container start → 200 in ${firstStartMs.toFixed(0)} ms (migrations included)`);

  const seeded = await seed(baseUrl);
  log(`seeded ${JSON.stringify(seeded.counts)} in ${(seeded.ms / 1000).toFixed(1)} s`);
  const measurements: Measurement[] = [];
  for (const scenario of benchScenarios(baseUrl, seeded, { connections, loginConnections })) {
    const measurement = await measure(scenario, seconds);
    measurements.push(measurement);
    log(`${scenario.name}: ${measurement.rps.toFixed(0)} req/s`);
    if (!(await isRunning(name))) throw new Error(`${name} stopped during ${scenario.name}`);
  }
  // Read before the cold starts below add processes (and pages) to the container.
  const memory = await containerMemory(name);
  const processStarts = await processColdStartsInside(name, INSIDE_PORT, coldStarts);
  return { firstStartMs, measurements, memory, processStarts };
}

/** Step 4: fresh containers on the migrated volume, `docker start` → first 200 through the published port. */
async function containerColdStarts(settings: ContainerSettings, track: (name: string) => void): Promise<number[]> {
  const starts: number[] = [];
  for (let i = 0; i < coldStarts; i++) {
    const name = `${prefix}-cold-${process.pid}-${i}`;
    const port = await freePort();
    await createApiContainer(name, port, settings);
    track(name);
    const since = performance.now();
    await docker(['start', name]);
    starts.push(await waitFor200(`http://127.0.0.1:${port}/api/health`, name, since));
    await removeContainers([name]);
  }
  return starts;
}

function formatLoad(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => `  ${m.name.padEnd(28)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  errors ${m.errors}  non-2xx ${m.non2xx}`);
  return [`through the published port (${connections} connections, login ${loginConnections}):`, ...rows].join('\n');
}

function containerTargets(run: LoadRun, processStartMs: number): Target[] {
  const failures = run.measurements.reduce((sum, m) => sum + m.errors + m.non2xx, 0);
  return [
    {
      name: `cold start in the container: node main.js → 200 (median of ${coldStarts})`,
      actual: `${processStartMs.toFixed(0)} ms`,
      goal: `<= ${COLD_START_TARGET_MS} ms`,
      pass: processStartMs <= COLD_START_TARGET_MS,
    },
    { name: 'server RSS after load (VmRSS in the container)', actual: mib(run.memory.rssBytes), goal: '<= 120 MiB', pass: run.memory.rssBytes <= RSS_TARGET_BYTES },
    { name: 'errors + non-2xx (all runs)', actual: String(failures), goal: '0', pass: failures === 0 },
  ];
}

async function main(): Promise<void> {
  const version = await engineVersion();
  if (!version) {
    console.error(
      `bench:container: no Docker engine answers at ${process.env['DOCKER_HOST'] || 'the default socket'}; start one ` +
        '(here: bash ../shared/tools/docker/ci-docker.sh start && . /var/tmp/ci-docker/env.sh; see docs/releasing.md) and run it again',
    );
    process.exit(2);
  }
  const started = performance.now();
  log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (other work skews every figure)`);
  const image = givenImage || `${prefix}-api:latest`;
  if (!givenImage) await buildImage(image);
  const shipped = await imageEnv(image);
  const { stdout: size } = await docker(['image', 'inspect', '--format', '{{.Size}}', image]);
  log(`engine ${version}; image ${image} (${(Number(size) / 1e6).toFixed(0)} MB), NODE_OPTIONS in the image: ${JSON.stringify(shipped['NODE_OPTIONS'] ?? '')}`);
  if (nodeOptions !== undefined) log(`NODE_OPTIONS replaced for this run (BENCH_NODE_OPTIONS): ${JSON.stringify(nodeOptions)}`);
  log(`${seconds} s per endpoint, ${connections} connections (login ${loginConnections}), memory limit ${memoryLimit ?? 'none'}`);

  const volume = `${prefix}-data-${process.pid}`;
  const containers: string[] = [];
  const cleanup = async () => {
    await removeContainers(containers);
    await docker(['volume', 'rm', '--force', volume]).catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  const settings: ContainerSettings = {
    image,
    volume,
    memory: memoryLimit,
    // As `npm run bench` runs the process (lib testEnvironment): logging at warn, the limits off
    // (the seed and the login scenario are far faster than people); production as the image sets.
    env: {
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      AUTH_RATE_LIMIT: '0',
      LOGIN_FAILURE_LIMIT: '0',
      WRITE_RATE_LIMIT: '0',
      ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
    },
  };
  let run: LoadRun;
  let containerStarts: number[];
  try {
    await docker(['volume', 'create', volume]);
    run = await loadContainer(settings, (name) => containers.push(name));
    await removeContainers(containers.splice(0));
    containerStarts = await containerColdStarts(settings, (name) => containers.push(name));
  } finally {
    await cleanup();
  }

  const processStartMs = median(run.processStarts);
  const containerStartMs = median(containerStarts);
  const { memory } = run;
  log('');
  log(formatLoad(run.measurements));
  log('');
  log(`server (pid ${memory.pid} in the container) after load: VmRSS ${mib(memory.rssBytes)}, peak VmHWM ${mib(memory.peakRssBytes)}`);
  log(`container cgroup ${memory.cgroupSource}: ${mib(memory.cgroupBytes)}, of which anonymous ${mib(memory.cgroupAnonBytes)} (the rest: page cache of the image's files and the database)`);
  log(`cold start, server process inside the running container (judged): median ${processStartMs.toFixed(0)} ms of ${ms(run.processStarts)} ms`);
  log(`cold start, docker start → first 200 through the published port (engine overhead included, not judged): median ${containerStartMs.toFixed(0)} ms of ${ms(containerStarts)} ms`);
  log('');
  log(formatTargets(containerTargets(run, processStartMs)));
  const byName = (name: string) => run.measurements.find((m) => m.name === name)?.rps.toFixed(0);
  log(
    `\nsummary: NODE_OPTIONS=${JSON.stringify(nodeOptions ?? shipped['NODE_OPTIONS'] ?? '')} tags=${byName('GET /api/tags')} list=${byName('GET /api/articles?limit=20')} ` +
      `slug=${byName('GET /api/articles/:slug')} user=${byName('GET /api/user (token)')} rss=${mib(memory.rssBytes)} hwm=${mib(memory.peakRssBytes)} ` +
      `cgroup=${mib(memory.cgroupBytes)} anon=${mib(memory.cgroupAnonBytes)} process-start=${processStartMs.toFixed(0)}ms container-start=${containerStartMs.toFixed(0)}ms`,
  );
  log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  log(`bench:container took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
