import { accessSync, constants, statSync } from 'node:fs';
import { posix } from 'node:path';
import { playwrightChannelExecutable, type ChromiumChannel } from './playwright-channel';

/** Where the search looks. Each part can be replaced, so its order and its failure are testable anywhere. */
export interface ChromiumSearch {
  /** `CHROMIUM_PATH` and `PATH` are read from it. */
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable(path: string): boolean;
  /** Where playwright-core's `channel` lookup finds `channel`'s executable, if anywhere. */
  channelExecutable(channel: ChromiumChannel): string | undefined;
}

export type ChromiumLookup =
  | { found: true; executablePath: string; /** how it was found, for messages */ source: string }
  | { found: false; /** one line: what is wrong and what to do */ problem: string };

/** Debian's package installs `chromium`; Ubuntu's `chromium-browser` (or the snap's `chromium`). */
const PATH_NAMES = ['chromium', 'chromium-browser'];
const CHANNELS: ChromiumChannel[] = ['chrome', 'chromium', 'msedge'];
/** The platforms whose install hints the message gives; elsewhere only CHROMIUM_PATH and PATH are searched. */
const CHANNEL_PLATFORMS: NodeJS.Platform[] = ['linux', 'darwin'];

/** What a newcomer without a browser reads (no npm package can serve instead: see README). */
export const NO_CHROMIUM =
  'No Chromium or Chrome found for the docs-page test: install one (Debian: sudo apt-get install chromium; ' +
  "Ubuntu: Google Chrome's .deb or sudo snap install chromium; macOS: brew install --cask google-chrome) " +
  'or set CHROMIUM_PATH to its executable.';

const systemSearch: ChromiumSearch = {
  env: process.env,
  platform: process.platform,
  isExecutable: isExecutableFile,
  channelExecutable: playwrightChannelExecutable,
};

/**
 * Finds a Chromium-based browser the way people have one, in this order: `CHROMIUM_PATH`
 * (when set, it is the answer, right or wrong: a mistyped path is reported, not skipped);
 * `chromium` then `chromium-browser` on `PATH`; then, on Linux and macOS, Google Chrome,
 * playwright's own Chromium and Microsoft Edge where playwright-core's `channel` lookup finds them.
 */
export function findChromium(overrides: Partial<ChromiumSearch> = {}): ChromiumLookup {
  const search: ChromiumSearch = { ...systemSearch, ...overrides };
  const explicit = search.env['CHROMIUM_PATH'];
  if (explicit) {
    if (search.isExecutable(explicit)) return { found: true, executablePath: explicit, source: 'CHROMIUM_PATH' };
    return {
      found: false,
      problem: `CHROMIUM_PATH is ${explicit}, which is not an executable file: point it at a Chromium or Chrome executable, or unset it to search PATH.`,
    };
  }
  const directories = (search.env['PATH'] ?? '').split(posix.delimiter).filter(Boolean);
  for (const name of PATH_NAMES) {
    for (const directory of directories) {
      const candidate = posix.join(directory, name);
      if (search.isExecutable(candidate)) return { found: true, executablePath: candidate, source: `${name} on PATH` };
    }
  }
  if (CHANNEL_PLATFORMS.includes(search.platform)) {
    for (const channel of CHANNELS) {
      const candidate = search.channelExecutable(channel);
      if (candidate && search.isExecutable(candidate)) return { found: true, executablePath: candidate, source: `playwright channel '${channel}'` };
    }
  }
  return { found: false, problem: NO_CHROMIUM };
}

/**
 * `findChromium`, for a test's setup: the executable, or an error whose whole report is its one
 * line (no stack: where it was thrown says nothing a newcomer needs).
 */
export function requireChromium(overrides: Partial<ChromiumSearch> = {}): { executablePath: string; source: string } {
  const lookup = findChromium(overrides);
  if (lookup.found) return { executablePath: lookup.executablePath, source: lookup.source };
  const error = new Error(lookup.problem);
  error.stack = lookup.problem;
  throw error;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
