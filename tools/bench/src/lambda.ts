/**
 * The Lambda figures of `npm run bench` (also alone: `npx nx run tools-bench:lambda`):
 *
 * - cold start: a fresh execution environment (its own process, as Lambda runs one, with the
 *   runtime's node flags) for the release's zip of the build (package-lambda.ts: the function's
 *   code cache made on this Node, then zipped), unzipped alone as Lambda unpacks it into
 *   /var/task; from spawn to the answer of its first invocation (GET /api/tags): Node's start,
 *   loading the bundle, the Nest bootstrap, connecting to PostgreSQL and the migration check.
 *   Median of BENCH_LAMBDA_COLD_STARTS, twice: as deployed
 *   (DATABASE_URL and JWT_SECRET read from Secrets Manager by their ARNs: the SDK's load and
 *   two GetSecretValue calls, to a loopback fake) and with both in the environment.
 * - warm overhead: BENCH_LAMBDA_INVOCATIONS sequential GET /api/tags, the handler's own time per
 *   invocation in the environment, against the same request over loopback HTTP (keep-alive)
 *   to the server (main.js) on the same database.
 *
 * Against embedded PostgreSQL (Lambda refuses SQLite), with the variables the Lambda target
 * sets (NODE_ENV=production, DB_MIGRATIONS=on, API_DOCS=off, TRUST_PROXY=0).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { eventFor, LAMBDA_BUNDLE, startApi, startEmbeddedPostgres, startFakeSecretsManager, startLambda, type EnvOverrides, type StartedApi } from '@conduit/testing/api-process';
import { http } from '@conduit/testing/http';
import { residentBytes } from './lib/resident-memory';
import { median } from './lib/measure';
import { formatTargets, mib, type Target } from './lib/report';
import { seed } from './lib/seed';

/** The issue's target on this 2-core machine. */
const LAMBDA_COLD_START_TARGET_MS = 400;

interface LambdaColdStart {
  /** Spawn → the first invocation's answer, seen from outside. */
  totalMs: number;
  /** Requiring the bundle (module-level code, before the first event). */
  loadMs: number;
  /** The first invocation: waits for the app's start (bootstrap, database), then answers. */
  firstInvocationMs: number;
}

interface ColdStarts {
  runs: LambdaColdStart[];
  medianMs: number;
}

export interface LambdaFigures {
  /** As deployed: the secrets read from Secrets Manager by ARN. */
  coldWithSecrets: ColdStarts;
  /** DATABASE_URL and JWT_SECRET in the environment (no SDK). */
  coldPlain: ColdStarts;
  invocations: number;
  /** The handler's time per warm GET /api/tags, inside the environment. */
  lambdaMedianMs: number;
  lambdaP99Ms: number;
  /** The same request over loopback HTTP to main.js (client-side round trip). */
  httpMedianMs: number;
  httpP99Ms: number;
  rssBytes: number;
}

/** The envelope of a Function URL event, as apps/api-e2e/src/lambda/fixtures/function-url.json has it in full. */
const FUNCTION_URL: APIGatewayProxyEventV2 = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/',
  rawQueryString: '',
  headers: { host: 'bench.lambda-url.eu-west-1.on.aws', accept: 'application/json', 'x-forwarded-proto': 'https', 'user-agent': 'conduit-bench' },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'bench',
    domainName: 'bench.lambda-url.eu-west-1.on.aws',
    domainPrefix: 'bench',
    http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'conduit-bench' },
    requestId: '00000000-0000-4000-8000-000000000000',
    routeKey: '$default',
    stage: '$default',
    time: '',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
};

const tagsEvent = () => eventFor(FUNCTION_URL, { method: 'GET', path: '/api/tags' });

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** GET `path` on the server (fetch keeps its connection alive); resolves with the round-trip milliseconds. */
async function timedGet(api: StartedApi, path: string): Promise<number> {
  const response = await http(api.baseUrl, 'GET', path, { headers: { accept: 'application/json' } });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
  return response.ms;
}

/** The JWT secret of the Secrets Manager run (the other runs use the test default). */
const TEST_SECRET = 'bench-jwt-secret-from-secrets-manager-0123456789';

const WORKSPACE = join(__dirname, '../../..');

/**
 * The release's zip of the build, unzipped into a directory of its own (what Lambda serves
 * from /var/task): made by tools/release/src/package-lambda.ts as the release job runs it,
 * which makes the function's code cache on this Node first. Returns that directory.
 */
function unzippedReleaseBundle(scratch: string): string {
  const zip = join(scratch, 'conduit-api-lambda-0.0.0-bench.zip');
  execFileSync(
    process.execPath,
    ['--import', join(WORKSPACE, 'tools/release/typescript-loader.mjs'), join(WORKSPACE, 'tools/release/src/package-lambda.ts'), '--version', '0.0.0-bench', '--dist', dirname(LAMBDA_BUNDLE), '--out', zip],
    { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const taskRoot = join(scratch, 'task');
  execFileSync('unzip', ['-q', zip, '-d', taskRoot]);
  return taskRoot;
}

/** `count` fresh environments with `env`, each timed from spawn to its first answer. */
async function coldStarts(env: EnvOverrides, count: number): Promise<ColdStarts> {
  const runs: LambdaColdStart[] = [];
  for (let i = 0; i < count; i++) {
    const since = performance.now();
    const lambda = await startLambda(env);
    try {
      const first = await lambda.invoke(tagsEvent());
      if (first.result.statusCode !== 200) throw new Error(`first invocation answered ${first.result.statusCode}: ${first.result.body}`);
      runs.push({ totalMs: performance.now() - since, loadMs: lambda.loadMs, firstInvocationMs: first.ms });
    } finally {
      await lambda.stop();
    }
  }
  return { runs, medianMs: median(runs.map((run) => run.totalMs)) };
}

export async function benchLambda(options: { coldStarts: number; invocations: number; logLevel: string }, log: (line: string) => void): Promise<LambdaFigures> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-lambda-'));
  const postgres = await startEmbeddedPostgres({ password: 'bench-password' });
  // As the Lambda target configures the function (apps/infra apiEnvironment, trustProxy 0).
  const env = {
    DATABASE_URL: `${postgres.url}/postgres`,
    NODE_ENV: 'production',
    LOG_LEVEL: options.logLevel,
    DB_MIGRATIONS: 'on',
    API_DOCS: 'off',
    TRUST_PROXY: '0',
  };
  let server: StartedApi | undefined;
  try {
    // The server migrates the database and seeds it; the Lambda environments then find it ready.
    server = await startApi(env);
    const seeded = await seed(server.baseUrl, { users: 5, articles: 40, favoritesPerUser: 2, followsPerUser: 2, comments: 10, concurrency: 4 }, 'lambda');
    log(`lambda: PostgreSQL ${postgres.url.replace(/:[^:@/]+@/, ':…@')}, seeded ${JSON.stringify(seeded.counts)}`);

    const lambdaEnv = { ...env, LAMBDA_TASK_ROOT: unzippedReleaseBundle(scratch) };
    const coldPlain = await coldStarts(lambdaEnv, options.coldStarts);
    const arns = {
      database: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:conduit/bench/lambda-database-url-AbCdEf',
      jwt: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:conduit/bench/jwt-secret-GhIjKl',
    };
    const secretsManager = await startFakeSecretsManager({ [arns.database]: env.DATABASE_URL, [arns.jwt]: TEST_SECRET });
    let coldWithSecrets: ColdStarts;
    try {
      coldWithSecrets = await coldStarts(
        { ...lambdaEnv, DATABASE_URL: undefined, JWT_SECRET: undefined, DATABASE_URL_SECRET_ARN: arns.database, JWT_SECRET_SECRET_ARN: arns.jwt, ...secretsManager.environment },
        options.coldStarts,
      );
    } finally {
      await secretsManager.close();
    }

    const lambda = await startLambda(lambdaEnv);
    try {
      const warmup = Math.min(200, options.invocations);
      for (let i = 0; i < warmup; i++) {
        await lambda.invoke(tagsEvent());
        await timedGet(server, '/tags');
      }
      const lambdaMs: number[] = [];
      const httpMs: number[] = [];
      // Interleaved, so that other work on the machine weighs on both alike.
      for (let i = 0; i < options.invocations; i++) {
        const invocation = await lambda.invoke(tagsEvent());
        if (invocation.result.statusCode !== 200) throw new Error(`warm invocation answered ${invocation.result.statusCode}`);
        lambdaMs.push(invocation.ms);
        httpMs.push(await timedGet(server, '/tags'));
      }
      return {
        coldWithSecrets,
        coldPlain,
        invocations: options.invocations,
        lambdaMedianMs: median(lambdaMs),
        lambdaP99Ms: percentile(lambdaMs, 99),
        httpMedianMs: median(httpMs),
        httpP99Ms: percentile(httpMs, 99),
        rssBytes: residentBytes(lambda.child.pid as number),
      };
    } finally {
      await lambda.stop();
    }
  } finally {
    await server?.stop();
    await postgres.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatLambda(figures: LambdaFigures): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const cold = ({ runs, medianMs }: ColdStarts) =>
    `median ${medianMs.toFixed(0)} ms of ${runs.map((run) => `${run.totalMs.toFixed(0)} (load ${run.loadMs.toFixed(0)} + first ${run.firstInvocationMs.toFixed(0)})`).join(', ')} ms`;
  return [
    'Lambda cold start, spawn → first answer of GET /api/tags (load: requiring lambda.js; first: the first invocation, app start included):',
    `  as deployed, secrets by ARN: ${cold(figures.coldWithSecrets)}`,
    `  secrets in the environment:  ${cold(figures.coldPlain)}`,
    `Lambda warm GET /api/tags (${figures.invocations} sequential): handler median ${ms(figures.lambdaMedianMs)}, p99 ${ms(figures.lambdaP99Ms)}; ` +
      `HTTP over loopback median ${ms(figures.httpMedianMs)}, p99 ${ms(figures.httpP99Ms)}; ` +
      `difference ${(figures.lambdaMedianMs - figures.httpMedianMs).toFixed(2)} ms (the Lambda runtime's and the Function URL's own hops are AWS's, not measured here)`,
    `Lambda environment RSS after the warm run: ${mib(figures.rssBytes)}`,
  ].join('\n');
}

export function lambdaTargets(figures: LambdaFigures): Target[] {
  const { runs, medianMs } = figures.coldWithSecrets;
  return [
    {
      name: `Lambda cold start as deployed (median of ${runs.length})`,
      actual: `${medianMs.toFixed(0)} ms`,
      goal: `<= ${LAMBDA_COLD_START_TARGET_MS} ms`,
      pass: medianMs <= LAMBDA_COLD_START_TARGET_MS,
    },
  ];
}

export const lambdaOptions = () => ({
  coldStarts: Number(process.env['BENCH_LAMBDA_COLD_STARTS'] ?? 5),
  invocations: Number(process.env['BENCH_LAMBDA_INVOCATIONS'] ?? 1000),
  logLevel: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
});

if (require.main === module) {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  benchLambda(lambdaOptions(), log)
    .then((figures) => {
      log('');
      log(formatLambda(figures));
      log('');
      log(formatTargets(lambdaTargets(figures)));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
