import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { githubDir, listWorkflowFiles, readText, workflowsDir, workspaceRoot } from './lib/workspace';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const readJson = (path: string): Json => JSON.parse(readText(path));

/** Built-in repository roles as ruleset bypass actors (RepositoryRole ids): maintain 2, write 4, admin 5. */
const MAINTAIN = 2;
const ADMIN = 5;

describe('ruleset for release tags (.github/rulesets/release-tags.json)', () => {
  const ruleset = readJson(join(githubDir, 'rulesets', 'release-tags.json'));
  const release = parse(readText(join(workflowsDir, 'release.yml'))) as Json;

  it('is an active tag ruleset on every v* tag', () => {
    expect(ruleset).toEqual(expect.objectContaining({ name: expect.any(String), target: 'tag', enforcement: 'active' }));
    expect(ruleset['conditions'].ref_name).toEqual({ include: ['refs/tags/v*'], exclude: [] });
  });

  it('covers exactly the tags release.yml releases (v…)', () => {
    expect(release['jobs'].prepare.if).toContain("startsWith(github.event.release.tag_name, 'v')");
  });

  it('lets nobody create, move or delete a v* tag', () => {
    expect(ruleset['rules'].map((r: Json) => r.type).sort()).toEqual(['creation', 'deletion', 'update']);
  });

  it('except maintainers and admins: no write role, app, team or deploy key bypasses it', () => {
    expect(ruleset['bypass_actors']).toEqual([
      { actor_id: MAINTAIN, actor_type: 'RepositoryRole', bypass_mode: 'always' },
      { actor_id: ADMIN, actor_type: 'RepositoryRole', bypass_mode: 'always' },
    ]);
  });
});

describe('release workflow (.github/workflows/release.yml)', () => {
  const workflow = parse(readText(join(workflowsDir, 'release.yml'))) as Json;
  const jobs = workflow['jobs'] as Record<string, Json>;
  const steps = (job: string): Json[] => jobs[job]?.steps ?? [];
  const runs = (job: string): string => steps(job).map((s) => s.run ?? '').join('\n');
  const needs = (job: string): string[] => [jobs[job]?.needs ?? []].flat();
  const dependsOn = (job: string, on: string): boolean => needs(job).some((n) => n === on || dependsOn(n, on));

  it('runs the gate first: every job that publishes or deploys needs the prepare job', () => {
    expect(runs('prepare')).toMatch(/^node tools\/release\/src\/prepare-release\.ts$/m);
    for (const job of Object.keys(jobs).filter((j) => j !== 'prepare')) expect([job, dependsOn(job, 'prepare')]).toEqual([job, true]);
  });

  it('gives the gate read access only, including the check runs it reads', () => {
    expect(workflow['permissions']).toEqual({});
    expect(jobs['prepare']?.permissions).toEqual({ contents: 'read', checks: 'read' });
  });

  it('publishes with the publish script, one build to Docker Hub (every tag) and ECR (version only), with the GitHub cache', () => {
    const publish = runs('image');
    expect(publish).toMatch(/node tools\/release\/src\/publish\.ts/);
    expect(publish).toMatch(/--image "\$DOCKERHUB_IMAGE"/);
    expect(publish).toMatch(/--immutable-image "\$ECR_IMAGE_REPOSITORY"/);
    expect(publish).toMatch(/--tags "\$IMAGE_TAGS"/);
    expect(publish).toMatch(/--cache-from type=gha,scope=conduit-api --cache-to type=gha,mode=max,scope=conduit-api/);
    expect(publish).toMatch(/--attestations/);
    // The gha cache's token reaches a `run` step only through this action, which must come first.
    const uses = steps('image').map((s) => s.uses ?? s.run ?? '');
    const runtime = uses.findIndex((u) => u.startsWith('crazy-max/ghaction-github-runtime@'));
    const script = uses.findIndex((u) => u.includes('tools/release/src/publish.ts'));
    expect(runtime).toBeGreaterThanOrEqual(0);
    expect(runtime).toBeLessThan(script);
    expect(uses.findIndex((u) => u.startsWith('docker/setup-buildx-action@'))).toBeLessThan(script);
  });

  it('no longer needs docker/build-push-action or docker/metadata-action (the script does both)', () => {
    const all = Object.values(jobs).flatMap((job) => (job.steps ?? []).map((s: Json) => s.uses ?? ''));
    expect(all.filter((u: string) => /^docker\/(build-push|metadata)-action@/.test(u))).toEqual([]);
  });

  it('runs the jobs that assume the AWS role in the production environment', () => {
    for (const [name, job] of Object.entries(jobs)) {
      if (job.permissions?.['id-token'] !== 'write') continue;
      const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
      expect([name, environment]).toEqual([name, 'production']);
    }
  });

  it('installs no npm package where credentials are: npm ci only in the bundle job, which has no AWS role', () => {
    for (const [name, job] of Object.entries(jobs)) {
      const installs = (job.steps ?? []).some((s: Json) => /\bnpm (ci|install)\b/.test(s.run ?? ''));
      expect([name, installs]).toEqual([name, name === 'lambda-bundle']);
    }
    expect(jobs['lambda-bundle']?.permissions?.['id-token']).toBeUndefined();
    for (const step of Object.values(jobs).flatMap((job) => job.steps ?? [])) {
      if (String(step.uses ?? '').startsWith('actions/setup-node@')) expect(step.with?.['package-manager-cache']).toBe(false);
    }
  });

  it('deploys with the deploy script, the Lambda bundle fetched from the release', () => {
    expect(runs('deploy')).toMatch(/^node tools\/release\/src\/deploy\.ts$/m);
    expect(needs('deploy')).toEqual(expect.arrayContaining(['image', 'lambda-bundle']));
    expect(runs('deploy')).toMatch(/gh release download "\$TAG" --pattern "conduit-api-lambda-\$VERSION\.zip"/);
    expect(runs('lambda-bundle')).toMatch(/node tools\/release\/src\/package-lambda\.ts --version "\$VERSION"/);
    expect(runs('lambda-bundle')).toMatch(/gh release upload "\$TAG" "conduit-api-lambda-\$VERSION\.zip"/);
  });

  it("packages the Lambda bundle on the Node of the function's runtime: its code cache is only used there", () => {
    const setupNode = (workflow['jobs']['lambda-bundle'].steps as Json[]).filter((step) => String(step.uses ?? '').startsWith('actions/setup-node@'));
    expect(setupNode.map((step) => step.with)).toEqual([expect.objectContaining({ 'node-version-file': '.nvmrc' })]);
    const nvmrcMajor = readText(join(workspaceRoot, '.nvmrc')).trim().split('.')[0];
    const runtime = /lambda\.Runtime\.NODEJS_(\d+)_X/.exec(readText(join(workspaceRoot, 'apps/infra/src/targets/lambda/lambda-target.ts')))?.[1];
    expect(runtime).toBe(nvmrcMajor);
  });

  it("packages the Lambda bundle on the function's architecture, for the same reason", () => {
    const architecture = /lambda: \{\s*architecture: '(arm64|x86_64)'/.exec(readText(join(workspaceRoot, 'apps/infra/src/config.ts')))?.[1];
    expect(workflow['jobs']['lambda-bundle']['runs-on']).toBe(architecture === 'arm64' ? 'ubuntu-24.04-arm' : 'ubuntu-24.04');
    expect(architecture).toBeDefined();
  });

  it('names only release scripts that exist', () => {
    const scripts = listWorkflowFiles()
      .flatMap((file) => [...readText(file).matchAll(/node (tools\/release\/src\/[\w-]+\.ts)/g)].map((m) => m[1] ?? ''))
      .filter(Boolean);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const script of scripts) expect([script, existsSync(join(workspaceRoot, script))]).toEqual([script, true]);
  });
});
