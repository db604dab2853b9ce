import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { githubDir, readText, workflowsDir, workspaceRoot } from './lib/workspace';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const readJson = (path: string): Json => JSON.parse(readText(path));
const readYaml = (path: string): Json => parse(readText(path));

/** GitHub Actions' app id: a required check must come from Actions, not from any app posting that name. */
const GITHUB_ACTIONS_APP_ID = 15368;

describe('CI workflow', () => {
  const ci = readYaml(join(workflowsDir, 'ci.yml'));
  const jobs = Object.entries(ci['jobs'] as Json);

  it('runs on every push and pull request, cancelling superseded PR runs', () => {
    expect(Object.keys(ci['on'])).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(ci['on'].push?.branches ?? ['**']).toEqual(['**']);
    expect(ci['concurrency'].group).toMatch(/github\.event\.pull_request\.number \|\| github\.ref/);
    expect(ci['concurrency']['cancel-in-progress']).toMatch(/github\.event_name == 'pull_request'/);
  });

  it('has least privilege: contents: read, plus actions: read for nx-set-shas', () => {
    expect(ci['permissions']).toEqual({ contents: 'read' });
    for (const [id, job] of jobs) {
      const granted = Object.entries(job.permissions ?? {}).map(([scope, level]) => `${id}: ${scope}: ${level}`);
      expect(granted.filter((g) => !/: (contents|actions): read$/.test(g))).toEqual([]);
    }
  });

  it('runs nx affected with a full-history checkout, .nvmrc, npm ci and the Nx cache', () => {
    const steps = jobs.flatMap(([, job]) => job.steps ?? []);
    const uses = (name: string): Json | undefined => steps.find((s: Json) => s.uses?.startsWith(`${name}@`));
    expect(uses('actions/checkout')?.with?.['fetch-depth']).toBe(0);
    expect(uses('actions/setup-node')?.with).toEqual(
      expect.objectContaining({ 'node-version-file': '.nvmrc', cache: 'npm' }),
    );
    expect(uses('nrwl/nx-set-shas')).toBeDefined();
    const cache = uses('actions/cache');
    expect(cache?.with?.path).toBe(ci['env'].NX_CACHE_DIRECTORY);
    expect(cache?.with?.['restore-keys']).toMatch(/-main-/);
    const runs = steps.map((s: Json) => s.run ?? '').join('\n');
    expect(runs).toMatch(/npm ci/);
    expect(runs).toMatch(/nx affected -t lint test build e2e\b.*--outputStyle=static/);
    expect(ci['env']).toEqual(
      expect.objectContaining({ NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NX_CACHE_DIRECTORY: '.nx/cache' }),
    );
    expect(readText(join(workspaceRoot, '.nvmrc')).trim()).toMatch(/^\d+/);
  });
});

describe('ruleset for main (.github/rulesets/main.json)', () => {
  const ruleset = readJson(join(githubDir, 'rulesets', 'main.json'));
  const rule = (type: string): Json | undefined => ruleset['rules'].find((r: Json) => r.type === type);

  it('is an active branch ruleset on main with no bypass', () => {
    expect(ruleset).toEqual(expect.objectContaining({ name: expect.any(String), target: 'branch', enforcement: 'active' }));
    expect(ruleset['conditions'].ref_name.include).toEqual(['refs/heads/main']);
    expect(ruleset['bypass_actors'] ?? []).toEqual([]);
  });

  it('forbids force-push and deletion', () => {
    expect(rule('non_fast_forward')).toBeDefined();
    expect(rule('deletion')).toBeDefined();
  });

  it('requires a pull request with one approval and every conversation resolved', () => {
    const params = rule('pull_request')?.parameters;
    expect(params).toEqual(
      expect.objectContaining({
        required_approving_review_count: 1,
        required_review_thread_resolution: true,
        dismiss_stale_reviews_on_push: expect.any(Boolean),
        require_code_owner_review: expect.any(Boolean),
        require_last_push_approval: expect.any(Boolean),
      }),
    );
  });

  it('requires the CI job, from GitHub Actions, on an up-to-date branch', () => {
    const params = rule('required_status_checks')?.parameters;
    expect(params?.strict_required_status_checks_policy).toBe(true);
    const contexts = params?.required_status_checks.map((c: Json) => c.context);

    // The check run of a job is named after the job's `name` (or its id when unnamed).
    const ci = readYaml(join(workflowsDir, 'ci.yml'));
    const jobNames = Object.entries(ci['jobs'] as Json).map(([id, job]) => job.name ?? id);
    expect(contexts).toEqual(['ci']);
    expect(jobNames).toContain(contexts[0]);
    for (const check of params?.required_status_checks ?? []) expect(check.integration_id).toBe(GITHUB_ACTIONS_APP_ID);
  });

  it('uses only rule types GitHub knows, in every ruleset', () => {
    const known = ['deletion', 'non_fast_forward', 'pull_request', 'required_status_checks', 'required_linear_history', 'required_signatures', 'creation', 'update'];
    for (const file of ['main.json', 'release-tags.json']) {
      for (const r of readJson(join(githubDir, 'rulesets', file))['rules']) expect([file, known.includes(r.type)]).toEqual([file, true]);
    }
  });
});

describe('Dependabot (.github/dependabot.yml)', () => {
  const config = readYaml(join(githubDir, 'dependabot.yml'));
  const updates: Json[] = config['updates'];
  const forEcosystem = (name: string): Json => {
    const found = updates.find((u) => u['package-ecosystem'] === name);
    if (!found) throw new Error(`no Dependabot entry for ${name}`);
    return found;
  };

  it('is version 2 and covers npm, github-actions and docker, each with a schedule and a cooldown', () => {
    expect(config['version']).toBe(2);
    for (const ecosystem of ['npm', 'github-actions', 'docker']) {
      const entry = forEcosystem(ecosystem);
      expect(entry['directory'] ?? entry['directories']).toBeTruthy();
      expect(entry['schedule'].interval).toMatch(/^(daily|weekly|monthly)$/);
      expect(entry['cooldown']['default-days']).toBeGreaterThan(0);
    }
    // Only default-days is supported outside semver package managers.
    expect(Object.keys(forEcosystem('github-actions')['cooldown'])).toEqual(['default-days']);
  });

  it('groups the Nx packages together and the NestJS packages together', () => {
    const groups = forEcosystem('npm')['groups'];
    expect(groups.nx.patterns).toEqual(expect.arrayContaining(['nx', '@nx/*']));
    expect(groups.nestjs.patterns).toEqual(expect.arrayContaining(['@nestjs/*']));
  });

  it('holds Nx, NestJS, TypeORM and TypeScript at their majors', () => {
    const ignore: Json[] = forEcosystem('npm')['ignore'];
    const holds = (name: string): boolean =>
      ignore.some(
        (i) =>
          i['dependency-name'] === name &&
          ((i['update-types'] ?? []).includes('version-update:semver-major') || (i['versions'] ?? []).length > 0),
      );
    for (const name of ['nx', '@nx/*', '@nestjs/*', 'typeorm', 'typescript']) expect([name, holds(name)]).toEqual([name, true]);
    const typeorm = ignore.find((i) => i['dependency-name'] === 'typeorm');
    expect(typeorm?.['versions']).toEqual(['>=0.4.0']);
  });

  it('keeps the held packages where the holds say they are', () => {
    const pkg = readJson(join(workspaceRoot, 'package.json'));
    const deps: Record<string, string> = { ...pkg['dependencies'], ...pkg['devDependencies'] };
    expect(deps['typescript']).toMatch(/^6\./);
    expect(deps['typeorm']).toMatch(/^0\.3\./);
    expect(deps['@nestjs/core']).toMatch(/^11\./);
  });

  it('finds every Nx package at one exact version (a partial Nx bump fails here)', () => {
    const pkg = readJson(join(workspaceRoot, 'package.json'));
    const deps: Record<string, string> = { ...pkg['dependencies'], ...pkg['devDependencies'] };
    const nxVersions = new Set(Object.entries(deps).filter(([n]) => n === 'nx' || n.startsWith('@nx/')).map(([, v]) => v));
    expect(nxVersions.size).toBe(1);
    expect([...nxVersions][0]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('review guardrails', () => {
  it('has a CODEOWNERS file with a default owner and owners for .github', () => {
    const lines = readText(join(githubDir, 'CODEOWNERS'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.every((l) => /^\S+(\s+@[\w.-]+(\/[\w.-]+)?)+$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('* '))).toBe(true);
    expect(lines.some((l) => l.startsWith('/.github/ '))).toBe(true);
  });

  it('has a pull-request template asking for conventional commits and local checks', () => {
    const path = join(githubDir, 'pull_request_template.md');
    expect(existsSync(path)).toBe(true);
    const text = readText(path);
    expect(text).toMatch(/conventional commit/i);
    expect(text).toMatch(/nx affected -t lint test build/);
  });
});
