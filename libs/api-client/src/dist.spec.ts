/**
 * The built package (dist/libs/api-client, what npm receives) as a consumer sees it:
 * imported by name through its `exports` by Node ESM, and type-checked with NodeNext
 * resolution. `nx test api-client` builds first (the target depends on `build`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

const workspaceRoot = join(__dirname, '../../..');
const dist = join(workspaceRoot, 'dist/libs/api-client');

const consumerMjs = `
import { createConduitClient, ConduitApiError } from '@conduit/api-client';
const fetch = async (request) =>
  request.url.endsWith('/tags')
    ? Response.json({ tags: ['node', request.headers.get('authorization')] })
    : Response.json({ errors: { title: ["can't be blank"] } }, { status: 422 });
const client = createConduitClient({ baseUrl: 'http://conduit.test/api', token: 'jwt', fetch });
const tags = await client.tags.list();
const error = await client.articles.create({ title: '', description: 'd', body: 'b' }).catch((e) => e);
console.log(JSON.stringify({ tags, isApiError: error instanceof ConduitApiError, status: error.status, errors: error.errors }));
`;

const consumerTs = `
import { createConduitClient, ConduitApiError, type Article, type paths } from '@conduit/api-client';
const client = createConduitClient({ baseUrl: 'http://conduit.test/api' });
const article: Article = await client.articles.get('slug');
const title: string = article.title;
const path: keyof paths = '/articles/{slug}';
const e: ConduitApiError = new ConduitApiError(422, { title: ['blank'] }, 'POST', '/articles');
export { title, path, e };
`;

describe('built package (dist/libs/api-client)', () => {
  let dir: string;

  beforeAll(() => {
    if (!existsSync(join(dist, 'package.json'))) {
      throw new Error('dist/libs/api-client is missing: run `npx nx build api-client` (nx test api-client does it first)');
    }
    dir = mkdtempSync(join(tmpdir(), 'api-client-consumer-'));
    mkdirSync(join(dir, 'node_modules/@conduit'), { recursive: true });
    symlinkSync(dist, join(dir, 'node_modules/@conduit/api-client'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(dir, 'consumer.mjs'), consumerMjs);
    writeFileSync(join(dir, 'consumer.ts'), consumerTs);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has a publishable package.json', () => {
    const pkg = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@conduit/api-client',
      type: 'module',
      sideEffects: false,
      license: 'MIT',
      types: './index.d.ts',
      exports: { '.': { types: './index.d.ts', import: './index.js' } },
      engines: { node: '>=20' },
      dependencies: { 'openapi-fetch': expect.any(String) },
    });
    expect(Object.keys(pkg.dependencies)).toEqual(['openapi-fetch']);
    expect(pkg.repository).toMatchObject({ type: 'git', directory: 'libs/api-client' });
    for (const file of ['index.js', 'index.d.ts', 'client.js', 'generated/schema.d.ts', 'README.md', 'LICENSE']) {
      expect(existsSync(join(dist, file))).toBe(true);
    }
  });

  it('is importable by name from Node ESM and works', () => {
    const out = execFileSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      tags: ['node', 'Token jwt'],
      isApiError: true,
      status: 422,
      errors: { title: ["can't be blank"] },
    });
  });

  it('type-checks for a NodeNext consumer through the exports map', () => {
    const { options } = ts.convertCompilerOptionsFromJson(
      { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [], skipDefaultLibCheck: true },
      dir,
    );
    const program = ts.createProgram([join(dir, 'consumer.ts')], options);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
