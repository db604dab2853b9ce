import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// playwright-core reads PLAYWRIGHT_BROWSERS_PATH when it loads: set it before anything loads it.
const browsersPath = mkdtempSync(join(tmpdir(), 'conduit-pw-browsers-'));
process.env['PLAYWRIGHT_BROWSERS_PATH'] = browsersPath;

// Loaded after the env above (an import would be hoisted above it).
const { playwrightChannelExecutable } = require('./playwright-channel') as typeof import('./playwright-channel');
const { chromium } = require('playwright-core') as typeof import('playwright-core');

afterAll(() => rmSync(browsersPath, { recursive: true, force: true }));

describe("playwright-core's channel lookup", () => {
  it("gives for 'chromium' the executable the public API names, playwright's own Chromium under PLAYWRIGHT_BROWSERS_PATH", () => {
    const found = playwrightChannelExecutable('chromium');
    expect(found).toBe(chromium.executablePath());
    expect(found?.startsWith(browsersPath)).toBe(true);
  });

  it.each(['chrome', 'msedge'] as const)("answers for '%s' without launching anything: an installed executable or nothing", (channel) => {
    const found = playwrightChannelExecutable(channel);
    expect(found === undefined || existsSync(found)).toBe(true);
  });
});
