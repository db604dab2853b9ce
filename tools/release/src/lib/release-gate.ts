import { ReleaseError } from './errors.ts';
import { GITHUB_ACTIONS_APP_ID, type Gh } from './github.ts';
import { poll, type PollOptions } from './poll.ts';

interface CheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  started_at?: string;
  html_url?: string;
  app?: { id?: number };
}

export interface GateSettings {
  /** owner/name */
  repo: string;
  /** The release tag, e.g. v1.2.3. */
  tag: string;
  /** The branch the commit must be on (main). */
  branch: string;
  /** The required check (the `ci` job of ci.yml). */
  check: string;
  /** How long to wait for a check that is still running. */
  wait: PollOptions;
  log: (line: string) => void;
}

/**
 * The commit a release tag points at, if main has passed it: the commit is on `branch` and its
 * latest `check` run from GitHub Actions concluded `success`. A check still running is waited
 * for; anything else refuses the release with the reason.
 */
export async function releasableCommit(gh: Gh, settings: GateSettings): Promise<string> {
  const { repo, tag, branch, check, log } = settings;
  // The commits API peels annotated tags down to the commit.
  const { sha } = await gh<{ sha?: string }>(['api', `repos/${repo}/commits/${encodeURIComponent(tag)}`]);
  if (!sha) throw new ReleaseError(`tag ${tag} names no commit`);

  // base...head: `behind` (or `identical`) means the commit is an ancestor of the branch's tip.
  const { status } = await gh<{ status?: string }>(['api', `repos/${repo}/compare/${branch}...${sha}`]);
  if (status !== 'behind' && status !== 'identical') {
    throw new ReleaseError(`${tag} (${sha}) is not on ${branch} (compare: ${status ?? 'unknown'}): release only commits that ${branch} has merged`);
  }
  log(`${tag} → ${sha}, on ${branch}`);

  const run = await poll(`the ${check} check of ${sha} to finish`, settings.wait, async () => {
    const answer = await gh<{ check_runs?: CheckRun[] }>([
      'api',
      `repos/${repo}/commits/${sha}/check-runs?check_name=${encodeURIComponent(check)}&filter=latest&per_page=100`,
    ]);
    // Only GitHub Actions' own run counts (any app could post a check named `ci`); the newest one decides.
    const runs = (answer.check_runs ?? [])
      .filter((r) => r.name === check && r.app?.id === GITHUB_ACTIONS_APP_ID)
      .sort((a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? ''));
    const latest = runs[0];
    log(`check ${check}: ${latest ? `${latest.status}${latest.conclusion ? ` (${latest.conclusion})` : ''}` : 'not found yet'}`);
    return latest?.status === 'completed' ? latest : undefined;
  });
  if (run.conclusion !== 'success') {
    throw new ReleaseError(`the ${check} check of ${sha} concluded ${run.conclusion ?? 'nothing'}${run.html_url ? ` (${run.html_url})` : ''}: fix main first`);
  }
  log(`check ${check} of ${sha}: success`);
  return sha;
}
