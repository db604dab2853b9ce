import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import {
  eventFor,
  FAKE_ACCESS_KEY_ID,
  LAMBDA_BUNDLE,
  LambdaFunctionError,
  startFakeSecretsManager,
  startLambda,
  type FakeSecretsManager,
  type LambdaProcess,
} from '@conduit/testing/api-process';
import { postgresDatabaseUrl, sqliteFileUrl } from '../support/databases';
import { unique } from '../support/users';
import { fixture } from './answers';

// How a Lambda execution environment starts: what it refuses, where its secrets come from.
// Each configuration gets its own environment (process), as on Lambda.

const health = () => eventFor(fixture('Function URL'), { method: 'GET', path: '/api/health' });

const ARNS = {
  databaseUrl: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:conduit/production/lambda-database-url-AbCdEf',
  jwtSecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:conduit/production/jwt-secret-GhIjKl',
};

describe('a Lambda execution environment', () => {
  let lambda: LambdaProcess | undefined;
  let secretsManager: FakeSecretsManager | undefined;
  afterEach(async () => {
    await lambda?.stop();
    await secretsManager?.close();
    lambda = secretsManager = undefined;
  });

  it('refuses SQLite: the invocation fails with the config message, and so does the next one', async () => {
    lambda = await startLambda({ DATABASE_URL: sqliteFileUrl().url });

    const refused = /DATABASE_URL must be postgres:\/\/… on AWS Lambda \(AWS_LAMBDA_FUNCTION_NAME is set\): SQLite is not offered there; use PostgreSQL through RDS Proxy/;
    await expect(lambda.invoke(health())).rejects.toThrow(refused);
    await expect(lambda.invoke(health())).rejects.toThrow(LambdaFunctionError);
    expect(lambda.output()).toMatch(/Conduit API failed to start: Invalid configuration:\n {2}- DATABASE_URL must be postgres/);
  });

  it('reads DATABASE_URL and JWT_SECRET from Secrets Manager at start, both at once, and never prints them', async () => {
    const databaseUrl = await postgresDatabaseUrl();
    const jwtSecret = `secret-from-secrets-manager-${unique('s')}`;
    secretsManager = await startFakeSecretsManager({ [ARNS.databaseUrl]: databaseUrl, [ARNS.jwtSecret]: jwtSecret }, 2);
    lambda = await startLambda({
      DATABASE_URL: undefined,
      JWT_SECRET: undefined,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL_SECRET_ARN: ARNS.databaseUrl,
      JWT_SECRET_SECRET_ARN: ARNS.jwtSecret,
      ...secretsManager.environment,
    });

    const up = await lambda.invoke(health());
    expect(JSON.parse(up.result.body)).toMatchObject({ status: 'ok', db: 'up' });
    // The real SDK asked for each secret, signed with the role's credentials, without waiting for the other.
    expect(secretsManager.requests.map(({ secretId }) => secretId).sort()).toEqual([ARNS.databaseUrl, ARNS.jwtSecret].sort());
    for (const request of secretsManager.requests) {
      expect(request).toMatchObject({ target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1' });
      expect(request.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}/\\d{8}/eu-west-1/secretsmanager/aws4_request`));
    }
    expect(secretsManager.mostAtOnce()).toBe(2);

    // Tokens are signed with the secret from Secrets Manager; users land in its database.
    const username = unique('arn');
    const registered = await lambda.invoke(
      eventFor(fixture('Function URL'), {
        method: 'POST',
        path: '/api/users',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: { username, email: `${username}@example.test`, password: 'correct-horse-battery' } }),
      }),
    );
    expect(registered.result.statusCode).toBe(201);
    const [header, payload, signature] = (JSON.parse(registered.result.body) as { user: { token: string } }).user.token.split('.');
    expect(createHmac('sha256', jwtSecret).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
    const database = new Client({ connectionString: databaseUrl });
    await database.connect();
    try {
      expect((await database.query('SELECT username FROM users WHERE username = $1', [username])).rowCount).toBe(1);
    } finally {
      await database.end();
    }

    expect(lambda.output()).toContain('ready on AWS Lambda');
    expect(lambda.output()).not.toContain(jwtSecret);
    expect(lambda.output()).not.toContain(databaseUrl);
  });

  it('fails to start when a secret cannot be read, naming the variable and the ARN only', async () => {
    const databaseUrl = await postgresDatabaseUrl();
    secretsManager = await startFakeSecretsManager({ [ARNS.databaseUrl]: databaseUrl });
    lambda = await startLambda({
      DATABASE_URL: undefined,
      JWT_SECRET: undefined,
      DATABASE_URL_SECRET_ARN: ARNS.databaseUrl,
      JWT_SECRET_SECRET_ARN: `${ARNS.jwtSecret}-deleted`,
      ...secretsManager.environment,
    });

    const failure = lambda.invoke(health());
    await expect(failure).rejects.toThrow(
      `JWT_SECRET_SECRET_ARN: cannot read ${ARNS.jwtSecret}-deleted (ResourceNotFoundException: Secrets Manager can't find the specified secret.)`,
    );
    expect(lambda.output()).toContain('Conduit API failed to start: JWT_SECRET_SECRET_ARN: cannot read');
    expect(lambda.output()).not.toContain(databaseUrl);
  });

  describe('from the bundle alone, with no node_modules around it (as from the release zip in /var/task)', () => {
    const taskRoots: string[] = [];
    /** lambda.js and the function's bundle it runs, in a directory of their own. */
    const bareTaskRoot = (): string => {
      const taskRoot = mkdtempSync(join(tmpdir(), 'conduit-lambda-task-'));
      for (const file of ['lambda.js', 'lambda-function.js']) copyFileSync(join(dirname(LAMBDA_BUNDLE), file), join(taskRoot, file));
      taskRoots.push(taskRoot);
      return taskRoot;
    };
    afterAll(() => taskRoots.forEach((taskRoot) => rmSync(taskRoot, { recursive: true, force: true })));

    it('starts and answers, its secrets read by ARN with the AWS SDK it carries', async () => {
      secretsManager = await startFakeSecretsManager({ [ARNS.databaseUrl]: await postgresDatabaseUrl(), [ARNS.jwtSecret]: `jwt-${unique('s')}-0123456789abcdef` });
      lambda = await startLambda({
        DATABASE_URL: undefined,
        JWT_SECRET: undefined,
        DATABASE_URL_SECRET_ARN: ARNS.databaseUrl,
        JWT_SECRET_SECRET_ARN: ARNS.jwtSecret,
        ...secretsManager.environment,
        LAMBDA_TASK_ROOT: bareTaskRoot(),
        API_DOCS: 'off',
      });
      const up = await lambda.invoke(health());
      expect({ status: up.result.statusCode, body: JSON.parse(up.result.body) }).toMatchObject({ status: 200, body: { status: 'ok', db: 'up' } });
      const tags = await lambda.invoke(eventFor(fixture('HTTP API'), { method: 'GET', path: '/api/tags' }));
      expect(JSON.parse(tags.result.body)).toEqual({ tags: [] });
      expect(secretsManager.requests).toHaveLength(2);
    });

    it('writes its code cache after the first answer where it can, and the next environment starts from it', async () => {
      const taskRoot = bareTaskRoot();
      const cacheFile = join(taskRoot, 'lambda-function.js.cache');
      /** What the ready line of an environment's start says of the code cache. */
      const codeCacheOf = (environment: LambdaProcess) => {
        const ready = environment.output().split('\n').find((line) => line.includes('ready on AWS Lambda'));
        return (JSON.parse(ready ?? '{}') as { codeCache?: string }).codeCache;
      };
      const env = { DATABASE_URL: await postgresDatabaseUrl(), LAMBDA_TASK_ROOT: taskRoot, API_DOCS: 'off', LOG_LEVEL: 'info' };

      lambda = await startLambda(env);
      expect(existsSync(cacheFile)).toBe(false);
      expect((await lambda.invoke(health())).result.statusCode).toBe(200);
      expect(codeCacheOf(lambda)).toBe('missing');
      expect(statSync(cacheFile).size).toBeGreaterThan(100_000);
      await lambda.stop();

      lambda = await startLambda(env);
      const written = statSync(cacheFile).mtimeMs;
      expect((await lambda.invoke(health())).result.statusCode).toBe(200);
      expect(codeCacheOf(lambda)).toBe('used');
      // A cache that was used is not written again.
      expect(statSync(cacheFile).mtimeMs).toBe(written);
    });

    it('says what to do when API_DOCS=on asks for files the zip does not carry', async () => {
      lambda = await startLambda({ DATABASE_URL: await postgresDatabaseUrl(), LAMBDA_TASK_ROOT: bareTaskRoot(), API_DOCS: 'on' });
      await expect(lambda.invoke(health())).rejects.toThrow(/^API_DOCS=on needs swagger-ui-dist beside lambda.js, which the release's zip does not carry: set API_DOCS=off/);
    });
  });

  it('refuses a variable set both ways (a secret and its ARN)', async () => {
    lambda = await startLambda({ DATABASE_URL: await postgresDatabaseUrl(), DATABASE_URL_SECRET_ARN: ARNS.databaseUrl });
    await expect(lambda.invoke(health())).rejects.toThrow('DATABASE_URL and DATABASE_URL_SECRET_ARN are both set: set one of each pair');
  });
});

describe('the Lambda bundle', () => {
  // (That it exports `handler` every test above shows: the runtime refuses to start without it.)
  it("carries the AWS SDK itself, in the function's bundle (its version is the lock file's, its code in the code cache)", () => {
    const bundle = readFileSync(join(dirname(LAMBDA_BUNDLE), 'lambda-function.js'), 'utf8');
    expect(bundle).not.toContain('require("@aws-sdk/client-secrets-manager")');
    // A string of the SDK's own endpoint rules: the client's code is inside.
    expect(bundle).toContain('secretsmanager-fips');
  });

  it('has an entry that stays small: lambda.js runs the function through the code cache and bundles none of it', () => {
    expect(statSync(LAMBDA_BUNDLE).size).toBeLessThan(64 * 1024);
  });
});
