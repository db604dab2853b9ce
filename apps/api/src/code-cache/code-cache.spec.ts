import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithCodeCache } from './code-cache';

/** A CommonJS "bundle" that exports what it saw. */
const bundleSource = (marker: string) => `
const dep = require('dep');
module.exports = { marker: ${JSON.stringify(marker)}, dep, dirname: __dirname, filename: __filename, self: this === exports };
`;

describe('runWithCodeCache', () => {
  let dir: string;
  let bundle: string;
  let cacheFile: string;
  const run = () => runWithCodeCache(bundle, cacheFile);
  const marker = (script: { exports: unknown }) => (script.exports as { marker: string }).marker;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
    bundle = join(dir, 'server.js');
    cacheFile = `${bundle}.cache`;
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), "module.exports = 'from beside the bundle';");
    writeFileSync(bundle, bundleSource('first'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the file as CommonJS: its require resolves beside it, __dirname and __filename are its own', () => {
    expect(run().exports).toEqual({ marker: 'first', dep: 'from beside the bundle', dirname: dir, filename: bundle, self: true });
  });

  it('writes the cache when there is none, and the next run uses it', () => {
    const first = run();
    expect(first.state).toBe('missing');
    expect(first.writeIfChanged()).toBe(true);
    expect(readFileSync(cacheFile).length).toBeGreaterThan(32);

    const second = run();
    expect(second.state).toBe('used');
    expect(marker(second)).toBe('first');
  });

  it('ignores a cache made from another bundle of the same length, runs the new code and replaces the cache', () => {
    run().writeIfChanged();
    writeFileSync(bundle, bundleSource('other')); // same length as 'first'
    const before = readFileSync(cacheFile);

    const rebuilt = run();
    expect(rebuilt.state).toBe('stale');
    expect(marker(rebuilt)).toBe('other');
    rebuilt.writeIfChanged();
    expect(readFileSync(cacheFile).equals(before)).toBe(false);
    expect(run().state).toBe('used');
  });

  it('runs without the cache when V8 rejects it (the digest matches, the bytecode is for other source)', () => {
    // V8 data made from a longer bundle, filed under this bundle's digest: V8's own check fails.
    writeFileSync(bundle, bundleSource('a longer marker'));
    run().writeIfChanged();
    const foreign = readFileSync(cacheFile).subarray(32);
    writeFileSync(bundle, bundleSource('first'));
    const digest = createHash('sha256').update(readFileSync(bundle, 'utf8')).digest();
    writeFileSync(cacheFile, Buffer.concat([digest, foreign]));

    const rejected = run();
    expect(rejected.state).toBe('rejected');
    expect(marker(rejected)).toBe('first');
    rejected.writeIfChanged();
    expect(run().state).toBe('used');
  });

  it('says false, without throwing, when the cache cannot be written', () => {
    const nowhere = join(dir, 'missing-dir', 'server.js.cache');
    expect(runWithCodeCache(bundle, nowhere).writeIfChanged()).toBe(false);
  });
});
