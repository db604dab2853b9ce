import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleName, packLambda } from './lib/lambda-bundle.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-spec-'));
  mkdirSync(join(dir, 'dist'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the Lambda bundle of a release', () => {
  it('zips lambda.js and its map at the root of conduit-api-lambda-<version>.zip', async () => {
    writeFileSync(join(dir, 'dist', 'lambda.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
    writeFileSync(join(dir, 'dist', 'lambda.js.map'), '{"version":3}');
    writeFileSync(join(dir, 'dist', 'main.js'), '// the server, not part of the bundle\n');

    const bundle = await packLambda(join(dir, 'dist'), join(dir, bundleName('1.2.3')), process.env);

    expect(bundle.path).toBe(join(dir, 'conduit-api-lambda-1.2.3.zip'));
    const listing = execFileSync('unzip', ['-Z1', bundle.path], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toEqual(['lambda.js', 'lambda.js.map']);
    expect(execFileSync('unzip', ['-p', bundle.path, 'lambda.js'], { encoding: 'utf8' })).toContain('exports.handler');
    expect(bundle.codeSha256).toBe(createHash('sha256').update(readFileSync(bundle.path)).digest('base64'));
  });

  it('refuses to package without the source map (or the bundle)', async () => {
    writeFileSync(join(dir, 'dist', 'lambda.js'), 'exports.handler = async () => ({});\n');
    await expect(packLambda(join(dir, 'dist'), join(dir, 'x.zip'), process.env)).rejects.toThrow(/lambda\.js\.map missing/);
  });
});
