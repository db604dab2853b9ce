/** The browsers playwright-core can find by `channel`: Google Chrome, Microsoft Edge and its own Chromium build. */
export type ChromiumChannel = 'chrome' | 'chromium' | 'msedge';

interface PlaywrightRegistry {
  findExecutable(name: string): { executablePath(): string | undefined } | undefined;
}

/**
 * The executable `chromium.launch({ channel })` would start, or undefined when playwright-core
 * knows of none. This is playwright-core's own table of where each vendor installs its browser
 * (`/opt/google/chrome/chrome`, `/Applications/Google Chrome.app/…`, the `npx playwright
 * install chromium` cache), asked without launching anything, so a missing channel costs a
 * file check rather than a failed launch whose error message would have to be parsed.
 *
 * The registry is not part of playwright-core's typed API (only `lib/coreBundle` is exported
 * for it), so its shape is checked here and `playwright-channel.spec.ts` pins it against the
 * public `chromium.executablePath()`: a playwright-core upgrade that moves it fails that test.
 */
export function playwrightChannelExecutable(channel: ChromiumChannel): string | undefined {
  // An untyped CommonJS subpath (no import types for it), loaded only when the search gets this far.
  const bundle = require('playwright-core/lib/coreBundle') as { registry?: { registry?: Partial<PlaywrightRegistry> } };
  const registry = bundle.registry?.registry;
  if (typeof registry?.findExecutable !== 'function') {
    throw new Error("playwright-core's browser registry is no longer at playwright-core/lib/coreBundle: update libs/testing/browser");
  }
  return registry.findExecutable(channel)?.executablePath();
}
