import { ConfigError, loadConfig, type AppConfig } from './app-config';

describe('loadConfig', () => {
  it('runs on defaults in development, with a generated JWT secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject<Partial<AppConfig>>({
      env: 'development',
      version: '0.0.0-dev',
      http: { port: 3000, host: '0.0.0.0', bodyLimitBytes: 1_048_576, trustedProxyHops: 0, requestTimeoutMs: 30_000, corsOrigins: true },
      database: { connection: { kind: 'sqlite', path: './data/conduit.sqlite' }, migrateOnStart: true, sqliteReaders: 3 },
      docs: { enabled: true },
      limits: { authAttemptsPerMinute: 20, failedLoginsPerEmail: 10, writesPerMinute: 60, concurrentHashes: 2 },
      cache: { tagsTtlMs: 5_000, articlesTtlMs: 1_000 },
      logging: { level: 'info' },
      shutdown: { timeoutMs: 10_000 },
    });
    expect(config.auth.secretWasGenerated).toBe(true);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads every variable into its group', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u:p@db:5432/conduit',
      JWT_SECRET: 's'.repeat(40),
      JWT_TTL: '12h',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      BODY_LIMIT: '2048',
      TRUST_PROXY: '1',
      REQUEST_TIMEOUT_MS: '5000',
      APP_VERSION: '1.2.3',
      AUTH_RATE_LIMIT: '0',
      LOGIN_FAILURE_LIMIT: '3',
      WRITE_RATE_LIMIT: '0',
      HASH_CONCURRENCY: '4',
      TAGS_CACHE_TTL_MS: '0',
      ARTICLES_CACHE_TTL_MS: '250',
      DB_MIGRATIONS: 'OFF',
      SQLITE_READERS: '5',
      API_DOCS: 'off',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(config).toEqual<AppConfig>({
      env: 'production',
      version: '1.2.3',
      http: {
        port: 8080,
        host: '127.0.0.1',
        bodyLimitBytes: 2048,
        trustedProxyHops: 1,
        requestTimeoutMs: 5000,
        corsOrigins: ['https://a.example', 'https://b.example'],
      },
      database: { connection: { kind: 'postgres', url: 'postgres://u:p@db:5432/conduit' }, migrateOnStart: false, sqliteReaders: 5 },
      auth: { jwtSecret: 's'.repeat(40), tokenTtl: '12h', secretWasGenerated: false },
      docs: { enabled: false },
      limits: { authAttemptsPerMinute: 0, failedLoginsPerEmail: 3, writesPerMinute: 0, concurrentHashes: 4 },
      cache: { tagsTtlMs: 0, articlesTtlMs: 250 },
      logging: { level: 'warn' },
      shutdown: { timeoutMs: 2500 },
    });
  });

  it('names every bad variable in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'http', LOG_LEVEL: 'loud', JWT_SECRET: 'short-secret', DATABASE_URL: 'mysql://root:hunter2@db/x', TRUST_PROXY: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'TRUST_PROXY']);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('hunter2');
  });

  it('refuses SQLite on AWS Lambda, with a message that says why and what to use', () => {
    const onLambda = { AWS_LAMBDA_FUNCTION_NAME: 'conduit-api-production', DATABASE_URL: 'sqlite:/tmp/conduit.sqlite' };
    expect(() => loadConfig(onLambda)).toThrow(ConfigError);
    expect(() => loadConfig(onLambda)).toThrow(/DATABASE_URL must be postgres:\/\/… on AWS Lambda \(AWS_LAMBDA_FUNCTION_NAME is set\): SQLite is not offered there/);
    // The default is SQLite too: Lambda must be told where PostgreSQL is.
    expect(() => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'conduit-api-production' })).toThrow(/SQLite is not offered there/);
    expect(loadConfig({ ...onLambda, DATABASE_URL: 'postgres://u:p@proxy:5432/conduit' }).database.connection.kind).toBe('postgres');
    // Off Lambda, SQLite stays the default.
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/conduit.sqlite' }).database.connection.kind).toBe('sqlite');
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });
});
