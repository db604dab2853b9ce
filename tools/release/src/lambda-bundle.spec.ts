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
  const build = (files: string[]): void => {
    mkdirSync(join(dir, 'dist', 'certs'), { recursive: true });
    for (const file of files) writeFileSync(join(dir, 'dist', file), file === 'lambda.js' ? 'exports.handler = async () => ({ statusCode: 200 });\n' : `${file}\n`);
  };

  const files = ['lambda.js', 'lambda.js.map', 'lambda-function.js', 'lambda-function.js.map', 'lambda-function.js.cache', 'certs/aws-rds-ca-bundle.pem'];

  it('zips lambda.js at the root, the function it runs, their maps, its code cache and the RDS CA bundle into conduit-api-lambda-<version>.zip', async () => {
    build(files);
    writeFileSync(join(dir, 'dist', 'main.js'), '// the server, not part of the bundle\n');

    const bundle = await packLambda(join(dir, 'dist'), join(dir, bundleName('1.2.3')), process.env);

    expect(bundle.path).toBe(join(dir, 'conduit-api-lambda-1.2.3.zip'));
    const listing = execFileSync('unzip', ['-Z1', bundle.path], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toEqual([...files].sort());
    expect(execFileSync('unzip', ['-p', bundle.path, 'lambda.js'], { encoding: 'utf8' })).toContain('exports.handler');
    expect(bundle.codeSha256).toBe(createHash('sha256').update(readFileSync(bundle.path)).digest('base64'));
  });

  it('refuses to package without the code cache, a source map or the CA bundle the database URL names', async () => {
    build(['lambda.js', 'lambda-function.js']);
    await expect(packLambda(join(dir, 'dist'), join(dir, 'x.zip'), process.env)).rejects.toThrow(
      /lambda\.js\.map, lambda-function\.js\.map, lambda-function\.js\.cache, certs\/aws-rds-ca-bundle\.pem missing/,
    );
  });
});
