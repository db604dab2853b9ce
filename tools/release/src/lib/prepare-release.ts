import type { Env } from './cli.ts';
import { messageOf } from './errors.ts';
import { appendSummary, setOutputs } from './github-actions.ts';
import { ghCli } from './github.ts';
import { releasableCommit } from './release-gate.ts';
import { imageTags, parseVersion } from './release-version.ts';
import type { Io } from './io.ts';
import { required, seconds } from './settings.ts';

/** The prepare job (see prepare-release.ts): returns the exit code, 0 when the release may go on. */
export async function prepareRelease(env: Env, io: Io): Promise<number> {
  const log = (line: string): void => io.out(`[release] ${line}`);
  try {
    const raw = env['RELEASE_TAG'] || `v${(env['INPUT_VERSION'] ?? '').replace(/^v/, '')}`;
    const version = parseVersion(raw);
    const tag = `v${version.text}`;
    const repo = required(env, 'GH_REPO');
    const gh = ghCli(env);

    const commit = await releasableCommit(gh, {
      repo,
      tag,
      branch: env['RELEASE_BRANCH'] || 'main',
      check: env['RELEASE_CHECK'] || 'ci',
      wait: { timeoutMs: seconds(env, 'CHECK_WAIT_SECONDS', 900), intervalMs: seconds(env, 'POLL_INTERVAL_SECONDS', 15) },
      log,
    });

    const releases = await gh<Array<{ tagName: string }>>([
      'release',
      'list',
      '--repo',
      repo,
      '--exclude-drafts',
      '--exclude-pre-releases',
      '--limit',
      '1000',
      '--json',
      'tagName',
    ]);
    const markedPrerelease = env['RELEASE_PRERELEASE'] === 'true';
    const tags = imageTags({ version, revision: commit, markedPrerelease, published: releases.map((r) => r.tagName) });
    const prerelease = version.prerelease !== undefined || markedPrerelease;

    setOutputs(env, {
      version: version.text,
      tag,
      prerelease: String(prerelease),
      latest: String(tags.includes('latest')),
      commit,
      'image-tags': tags.join(','),
    });
    appendSummary(
      env,
      `### Release ${tag}\n- commit \`${commit}\` (on main, ci green)\n- prerelease: ${prerelease}\n- image tags: ${tags.map((t) => `\`${t}\``).join(', ')}`,
    );
    log(`${tag}: commit ${commit}, prerelease ${prerelease}, image tags ${tags.join(', ')}`);
    return 0;
  } catch (error) {
    io.err(`[release] refused: ${messageOf(error)}`);
    appendSummary(env, `### Release refused\n${messageOf(error)}`);
    return 1;
  }
}
