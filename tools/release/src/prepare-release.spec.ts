import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { GITHUB_ACTIONS_APP_ID } from './lib/github.ts';
import { prepareRelease } from './lib/prepare-release.ts';
import { capturedIo, installFakeCli, readCalls, readGithubOutputs, writeScenario, type Answer, type Scenario } from './testing/fake-cli-harness.ts';

/** The prepare job against a fake `gh` (real process per call, scripted GitHub API answers). */

const REPO = 'conduit/conduit';
const SHA = '89abcdef0123456789abcdef0123456789abcdef';
const COMMIT = `api repos/${REPO}/commits/v1.4.0`;
const COMPARE = `api repos/${REPO}/compare/main...${SHA}`;
const CHECKS = `api repos/${REPO}/commits/${SHA}/check-runs?check_name=ci&filter=latest&per_page=100`;

const checkRun = (status: string, conclusion: string | null, extra: Record<string, unknown> = {}) => ({
  name: 'ci',
  status,
  conclusion,
  started_at: '2026-12-01T09:00:00Z',
  html_url: `https://github.com/${REPO}/actions/runs/1/job/2`,
  app: { id: GITHUB_ACTIONS_APP_ID, slug: 'github-actions' },
  ...extra,
});
const checks = (...runs: unknown[]): Answer => ({ json: { total_count: runs.length, check_runs: runs } });

function green(overrides: Scenario = {}): Scenario {
  return {
    [COMMIT]: [{ json: { sha: SHA } }],
    [COMPARE]: [{ json: { status: 'behind', ahead_by: 0, behind_by: 3 } }],
    [CHECKS]: [checks(checkRun('completed', 'success'))],
    'release list': [{ json: [{ tagName: 'v1.4.0' }, { tagName: 'v1.3.2' }, { tagName: 'api-client@0.3.0' }] }],
    ...overrides,
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-spec-'));
  installFakeCli(dir, 'gh');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function prepare(scenario: Scenario, env: Record<string, string> = {}) {
  writeScenario(dir, 'gh', scenario);
  writeFileSync(join(dir, 'out'), '');
  const captured = capturedIo();
  const code = await prepareRelease(
    {
      PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}`,
      GH_REPO: REPO,
      GH_TOKEN: 'test-token',
      RELEASE_TAG: 'v1.4.0',
      GITHUB_OUTPUT: join(dir, 'out'),
      CHECK_WAIT_SECONDS: '1',
      POLL_INTERVAL_SECONDS: '0.02',
      ...env,
    },
    captured.io,
  );
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), outputs: readGithubOutputs(join(dir, 'out')), calls: readCalls(dir, 'gh') };
}

describe('the release gate (prepare job)', () => {
  it('lets a tag through whose commit is on main with a green ci check, and gives its image tags', async () => {
    const result = await prepare(green());

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({
      version: '1.4.0',
      tag: 'v1.4.0',
      prerelease: 'false',
      latest: 'true',
      commit: SHA,
      'image-tags': '1.4.0,1.4,1,sha-89abcde,latest',
    });
    expect(result.calls.map((argv) => argv.slice(0, 2).join(' '))).toEqual([
      `api repos/${REPO}/commits/v1.4.0`,
      `api repos/${REPO}/compare/main...${SHA}`,
      `api repos/${REPO}/commits/${SHA}/check-runs?check_name=ci&filter=latest&per_page=100`,
      'release list',
    ]);
  });

  it('accepts the commit at the tip of main (identical)', async () => {
    const result = await prepare(green({ [COMPARE]: [{ json: { status: 'identical' } }] }));
    expect(result.code).toBe(0);
  });

  it.each([['ahead'], ['diverged']])('refuses a commit that main has not merged (compare: %s)', async (status) => {
    const result = await prepare(green({ [COMPARE]: [{ json: { status } }] }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`is not on main (compare: ${status})`);
    expect(result.outputs).toEqual({});
    expect(result.calls.map((argv) => argv[1])).not.toContain(CHECKS.slice(4));
  });

  it('refuses when the ci check failed', async () => {
    const result = await prepare(green({ [CHECKS]: [checks(checkRun('completed', 'failure'))] }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the ci check of 89abcdef0123456789abcdef0123456789abcdef concluded failure');
    expect(result.outputs).toEqual({});
  });

  it('judges by the newest ci run: a later failure outweighs an earlier success', async () => {
    const result = await prepare(
      green({
        [CHECKS]: [
          checks(checkRun('completed', 'success', { started_at: '2026-12-01T08:00:00Z' }), checkRun('completed', 'failure', { started_at: '2026-12-01T09:30:00Z' })),
        ],
      }),
    );
    expect(result.code).toBe(1);
  });

  it('ignores a check named ci that another app posted', async () => {
    const impostor = checkRun('completed', 'success', { app: { id: 99, slug: 'some-app' } });
    const result = await prepare(green({ [CHECKS]: [checks(impostor)] }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('timed out after 1s waiting for the ci check');
  });

  it('waits for a ci run still in progress', async () => {
    const result = await prepare(
      green({ [CHECKS]: [checks(checkRun('queued', null)), checks(checkRun('in_progress', null)), checks(checkRun('completed', 'success'))] }),
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('check ci: in_progress');
  });

  it('refuses a tag GitHub does not know', async () => {
    const result = await prepare(green({ [COMMIT]: [{ exit: 1, stderr: 'gh: No commit found for SHA: v1.4.0 (HTTP 422)' }] }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No commit found');
  });

  it('refuses a tag that is not v<semver> before asking GitHub anything', async () => {
    const result = await prepare(green(), { RELEASE_TAG: 'v1.4' });

    expect(result.code).toBe(1);
    expect(result.calls).toEqual([]);
  });

  it('takes the version of a re-run by hand (workflow_dispatch) and marks pre-releases', async () => {
    const result = await prepare(
      green({ [`api repos/${REPO}/commits/v1.5.0-rc.1`]: [{ json: { sha: SHA } }] }),
      { RELEASE_TAG: '', INPUT_VERSION: '1.5.0-rc.1' },
    );

    expect(result.code).toBe(0);
    expect(result.outputs).toEqual(expect.objectContaining({ version: '1.5.0-rc.1', prerelease: 'true', latest: 'false', 'image-tags': '1.5.0-rc.1,sha-89abcde' }));
  });
});
