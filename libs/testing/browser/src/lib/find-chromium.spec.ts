import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, NO_CHROMIUM, requireChromium, type ChromiumSearch } from './find-chromium';
import type { ChromiumChannel } from './playwright-channel';

/** A machine made of the files in `executables` and the channels in `channels`, recording what was looked at. */
function machine(setup: { env?: Record<string, string>; platform?: NodeJS.Platform; executables?: string[]; channels?: Partial<Record<ChromiumChannel, string>> }) {
  const looked: string[] = [];
  const search: ChromiumSearch = {
    env: setup.env ?? {},
    platform: setup.platform ?? 'linux',
    isExecutable: (path) => {
      looked.push(path);
      return (setup.executables ?? []).includes(path);
    },
    channelExecutable: (channel) => {
      looked.push(`channel:${channel}`);
      return setup.channels?.[channel];
    },
  };
  return { search, looked };
}

const CHANNELS = { chrome: '/opt/google/chrome/chrome', chromium: '/root/.cache/ms-playwright/chromium-1/chrome', msedge: '/opt/microsoft/msedge/msedge' };

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, before anything on PATH or a channel', () => {
    const { search, looked } = machine({
      env: { CHROMIUM_PATH: '/custom/chrome', PATH: '/usr/bin' },
      executables: ['/custom/chrome', '/usr/bin/chromium', CHANNELS.chrome],
      channels: CHANNELS,
    });
    expect(findChromium(search)).toEqual({ found: true, executablePath: '/custom/chrome', source: 'CHROMIUM_PATH' });
    expect(looked).toEqual(['/custom/chrome']);
  });

  it('reports a CHROMIUM_PATH that is not an executable in one line, without falling back to another browser', () => {
    const { search, looked } = machine({ env: { CHROMIUM_PATH: '/nonexistent', PATH: '/usr/bin' }, executables: ['/usr/bin/chromium'] });
    const lookup = findChromium(search);
    expect(lookup).toEqual({ found: false, problem: expect.stringContaining('CHROMIUM_PATH is /nonexistent, which is not an executable file') });
    expect(lookup.found === false && lookup.problem).not.toContain('\n');
    expect(looked).toEqual(['/nonexistent']);
  });

  it('then finds chromium on PATH, in PATH order, before chromium-browser', () => {
    const { search, looked } = machine({
      env: { PATH: '/snap/bin:/usr/local/bin:/usr/bin' },
      executables: ['/usr/bin/chromium', '/usr/local/bin/chromium-browser', '/usr/bin/chromium-browser'],
      channels: CHANNELS,
    });
    expect(findChromium(search)).toEqual({ found: true, executablePath: '/usr/bin/chromium', source: 'chromium on PATH' });
    expect(looked).toEqual(['/snap/bin/chromium', '/usr/local/bin/chromium', '/usr/bin/chromium']);
  });

  it('then chromium-browser on PATH (Ubuntu)', () => {
    const { search } = machine({ env: { PATH: '/usr/local/bin:/usr/bin' }, executables: ['/usr/bin/chromium-browser', CHANNELS.chrome], channels: CHANNELS });
    expect(findChromium(search)).toEqual({ found: true, executablePath: '/usr/bin/chromium-browser', source: 'chromium-browser on PATH' });
  });

  it('ignores an empty CHROMIUM_PATH and empty PATH entries', () => {
    const { search, looked } = machine({ env: { CHROMIUM_PATH: '', PATH: ':/usr/bin:' }, executables: ['/usr/bin/chromium'] });
    expect(findChromium(search)).toMatchObject({ found: true, executablePath: '/usr/bin/chromium' });
    expect(looked).toEqual(['/usr/bin/chromium']);
  });

  it.each(['linux', 'darwin'] as const)('then, on %s, asks playwright-core for Chrome, its Chromium, then Edge, and checks the file is there', (platform) => {
    const { search, looked } = machine({ platform, env: { PATH: '/usr/bin' }, executables: [CHANNELS.chromium, CHANNELS.msedge], channels: CHANNELS });
    expect(findChromium(search)).toEqual({ found: true, executablePath: CHANNELS.chromium, source: "playwright channel 'chromium'" });
    expect(looked).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser', 'channel:chrome', CHANNELS.chrome, 'channel:chromium', CHANNELS.chromium]);
  });

  it('skips a channel playwright-core knows no executable for', () => {
    const { search } = machine({ env: {}, executables: [CHANNELS.msedge], channels: { msedge: CHANNELS.msedge } });
    expect(findChromium(search)).toEqual({ found: true, executablePath: CHANNELS.msedge, source: "playwright channel 'msedge'" });
  });

  it('does not ask for channels on other platforms', () => {
    const { search, looked } = machine({ platform: 'win32', env: {}, channels: CHANNELS, executables: [CHANNELS.chrome] });
    expect(findChromium(search)).toEqual({ found: false, problem: NO_CHROMIUM });
    expect(looked).toEqual([]);
  });

  it('when nothing is found, says in one line what to install on Debian, Ubuntu and macOS', () => {
    const { search, looked } = machine({ env: { PATH: '/usr/bin:/bin' }, channels: CHANNELS });
    expect(findChromium(search)).toEqual({ found: false, problem: NO_CHROMIUM });
    expect(looked).toHaveLength(4 + 3 * 2);
    expect(NO_CHROMIUM).not.toContain('\n');
    expect(NO_CHROMIUM).toMatch(/Debian: sudo apt-get install chromium;.*Ubuntu: .*macOS: brew install --cask google-chrome.*CHROMIUM_PATH/);
  });
});

describe('requireChromium', () => {
  it('returns the executable that was found', () => {
    const { search } = machine({ env: { PATH: '/usr/bin' }, executables: ['/usr/bin/chromium'] });
    expect(requireChromium(search)).toEqual({ executablePath: '/usr/bin/chromium', source: 'chromium on PATH' });
  });

  it('throws an error that is its one line: no stack for the test runner to print', () => {
    const { search } = machine({ env: {} });
    let thrown: unknown;
    try {
      requireChromium(search);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe(NO_CHROMIUM);
    expect((thrown as Error).stack).toBe(NO_CHROMIUM);
  });
});

describe('the system search (real files, injected PATH)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'conduit-find-chromium-'));
    for (const dir of ['bin', 'plain', 'dir/chromium', 'link']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'bin/chromium'), '#!/bin/sh\n');
    chmodSync(join(root, 'bin/chromium'), 0o755);
    writeFileSync(join(root, 'plain/chromium'), 'not executable');
    chmodSync(join(root, 'plain/chromium'), 0o644);
    symlinkSync(join(root, 'bin/chromium'), join(root, 'link/chromium-browser'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const onPath = (...dirs: string[]) => ({ env: { PATH: dirs.map((dir) => join(root, dir)).join(':') }, channelExecutable: () => undefined });

  it('passes over a file without the execute bit and a directory of the same name', () => {
    expect(findChromium(onPath('plain', 'dir', 'bin'))).toMatchObject({ found: true, executablePath: join(root, 'bin/chromium') });
  });

  it('follows a symlink (as /snap/bin/chromium is)', () => {
    expect(findChromium(onPath('plain', 'link'))).toMatchObject({ found: true, executablePath: join(root, 'link/chromium-browser') });
  });

  it('finds nothing when PATH holds no browser', () => {
    expect(findChromium(onPath('plain', 'dir'))).toEqual({ found: false, problem: NO_CHROMIUM });
  });
});
