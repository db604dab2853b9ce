import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// package-lambda.ts as the release job runs it, on the built API (dist/apps/api: this target
// depends on api:build): its zip must start an environment from the code cache it carries.

const DIST = join(__dirname, '../../../dist/apps/api');
const TESTING = join(__dirname, '../../../libs/testing/api-process/src');
const { lambdaNodeFlags } = createRequire(__filename)(join(TESTING, 'lambda-node-flags.cjs')) as { lambdaNodeFlags(memoryMiB: number): string[] };

/**
 * The workspace's embedded PostgreSQL, in a process of its own (its package is ESM, which Jest
 * cannot import here): prints its URL, stops on SIGTERM.
 */
const POSTGRES = `
const server = require(${JSON.stringify(join(TESTING, 'embedded-postgres.cjs'))}).startEmbeddedPostgres({ password: 'package-lambda-spec' });
server.then((s) => console.log(s.url));
process.on('SIGTERM', () => server.then((s) => s.stop()).finally(() => process.exit(0)));
`;

let dir: string;
let postgres: ChildProcess;
let databaseUrl: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'package-lambda-spec-'));
  postgres = spawn(process.execPath, ['-e', POSTGRES], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url] = (await once(postgres.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  databaseUrl = `${url.toString().trim()}/postgres`;
}, 60_000);
afterAll(async () => {
  if (postgres.exitCode === null) {
    postgres.kill('SIGTERM');
    await once(postgres, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('package-lambda (node tools/release/src/package-lambda.ts)', () => {
  it('zips a code cache that the function, unzipped alone as in /var/task, starts from', () => {
    // A copy of the build: the packaging writes the cache beside the bundle.
    const dist = join(dir, 'dist');
    cpSync(DIST, dist, { recursive: true });
    const zip = join(dir, 'conduit-api-lambda-1.2.3.zip');
    const packaged = spawnSync(
      process.execPath,
      ['--import', join(__dirname, '..', 'typescript-loader.mjs'), join(__dirname, 'package-lambda.ts'), '--version', '1.2.3', '--dist', dist, '--out', zip],
      { env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(packaged.stderr).not.toContain('[lambda]');
    expect(packaged.status).toBe(0);
    expect(packaged.stdout).toMatch(/\[lambda\] .*conduit-api-lambda-1\.2\.3\.zip: \d+ bytes, CodeSha256 /);

    const taskRoot = join(dir, 'task');
    execFileSync('unzip', ['-q', zip, '-d', taskRoot]);
    const event = join(dir, 'tags.json');
    writeFileSync(
      event,
      JSON.stringify({
        version: '2.0',
        rawPath: '/api/tags',
        rawQueryString: '',
        headers: { host: 'spec.lambda-url.eu-west-1.on.aws', accept: 'application/json' },
        requestContext: { http: { method: 'GET', path: '/api/tags', sourceIp: '127.0.0.1' }, requestId: 'spec' },
        isBase64Encoded: false,
      }),
    );
    // One invocation in a fresh environment from the unzipped files, as the Lambda runtime starts it.
    const invoked = spawnSync(process.execPath, [...lambdaNodeFlags(1024), join(TESTING, 'lambda-runtime.cjs'), event], {
      env: {
        PATH: process.env['PATH'] ?? '',
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: 'lambda.handler',
        AWS_LAMBDA_FUNCTION_NAME: 'conduit-spec',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
        AWS_REGION: 'eu-west-1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DB_MIGRATIONS: 'on',
        API_DOCS: 'off',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: 'package-lambda-spec-secret-0123456789abcdef',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(invoked.stderr).toBe('');
    const lines = invoked.stdout.trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ statusCode: 200, body: '{"tags":[]}' });
    const ready = lines.map((line) => JSON.parse(line) as { msg?: string; codeCache?: string }).find((line) => line.msg?.includes('ready on AWS Lambda'));
    expect(ready?.codeCache).toBe('used');
  });
});
