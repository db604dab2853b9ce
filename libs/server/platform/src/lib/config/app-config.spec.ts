import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs on defaults in development, with a generated JWT secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', database: { kind: 'sqlite', path: './data/conduit.sqlite' }, version: '0.0.0-dev' });
    expect(config.jwt.secretWasGenerated).toBe(true);
    expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(config.corsOrigins).toBe(true);
    expect(config.runMigrationsOnStart).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/conduit',
      JWT_SECRET: 's'.repeat(40),
      JWT_TTL: '12h',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      BODY_LIMIT: '2048',
      APP_VERSION: '1.2.3',
      AUTH_RATE_LIMIT: '0',
      DB_MIGRATIONS: 'OFF',
      API_DOCS: 'off',
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      database: { kind: 'postgres', url: 'postgres://u:p@db:5432/conduit' },
      jwt: { ttl: '12h', secretWasGenerated: false },
      corsOrigins: ['https://a.example', 'https://b.example'],
      bodyLimitBytes: 2048,
      version: '1.2.3',
      authRateLimitPerMinute: 0,
      runMigrationsOnStart: false,
      apiDocsEnabled: false,
    });
  });

  it('names every bad variable in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'http', LOG_LEVEL: 'loud', JWT_SECRET: 'short-secret', DATABASE_URL: 'mysql://root:hunter2@db/x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('hunter2');
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });
});
