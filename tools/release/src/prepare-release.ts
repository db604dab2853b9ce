/**
 * The first job of .github/workflows/release.yml: what is released, and whether it may be.
 *
 *   RELEASE_TAG=v1.2.3 GH_REPO=owner/name GH_TOKEN=… node tools/release/src/prepare-release.ts
 *
 * 1. The version from the tag (`v1.2.3` → `1.2.3`; `INPUT_VERSION` for a re-run by hand).
 * 2. The gate: the tag's commit must be on `main` and its `ci` check green (GitHub API through
 *    `gh`); otherwise nothing is published (exit 1).
 * 3. The image tags (lib/release-version.ts), from the published releases (`gh release list`).
 *
 * Environment: RELEASE_TAG | INPUT_VERSION, RELEASE_PRERELEASE (true when GitHub marks the
 * release a pre-release), GH_REPO, GH_TOKEN, RELEASE_BRANCH (main), RELEASE_CHECK (ci),
 * CHECK_WAIT_SECONDS (900: how long to wait for a ci run still going), POLL_INTERVAL_SECONDS (15).
 * Outputs: version, tag, prerelease, latest, commit, image-tags (comma-separated).
 */
import { processIo } from './lib/io.ts';
import { prepareRelease } from './lib/prepare-release.ts';

process.exit(await prepareRelease(process.env, processIo));
