import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables, SECRET_VARIABLES } from './environment-variables';

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;
  /** How many proxies stand in front (`TRUST_PROXY`): the client address is that many hops from the right of X-Forwarded-For. */
  readonly trustedProxyHops: number;
  /** Longest a client may take to send a whole request, headers and body (`REQUEST_TIMEOUT_MS`). */
  readonly requestTimeoutMs: number;
  /** `true` allows any origin; otherwise the exact list of allowed origins. */
  readonly corsOrigins: true | readonly string[];
}

export interface DatabaseSettings {
  readonly connection: DatabaseConfig;
  /** `DB_MIGRATIONS=on`: apply pending migrations at start-up, under the migration lock. */
  readonly migrateOnStart: boolean;
  /** SQLite only (`SQLITE_READERS`): read-only connections beside the writer, each running one read at a time. */
  readonly sqliteReaders: number;
}

export interface AuthConfig {
  readonly jwtSecret: string;
  /** `JWT_TTL`: seconds, or `15m`, `12h`, `7d`. */
  readonly tokenTtl: string;
  /** No `JWT_SECRET` in development: a random one for this process only. */
  readonly secretWasGenerated: boolean;
}

export interface DocsConfig {
  /** `/api/docs` and `/api/openapi.json`. */
  readonly enabled: boolean;
}

export interface LimitsConfig {
  /** Login and registration attempts per minute per client address; 0 turns the limit off. */
  readonly authAttemptsPerMinute: number;
  /** Failed logins per email per 15 minutes, whatever the address; 0 turns the limit off. */
  readonly failedLoginsPerEmail: number;
  /** Writes per minute per user; 0 turns the limit off (load tests). */
  readonly writesPerMinute: number;
  /** Password hashes computed at once; more wait in a short queue, then get a 503. */
  readonly concurrentHashes: number;
}

export interface CacheConfig {
  /** How long `GET /tags` is served from memory (`TAGS_CACHE_TTL_MS`): the longest another instance's new tag may stay unseen; 0 turns the cache off. */
  readonly tagsTtlMs: number;
  /** How long an anonymous reader's article list or article is served from memory (`ARTICLES_CACHE_TTL_MS`): the longest another instance's write may stay unseen by them; 0 turns the cache off. */
  readonly articlesTtlMs: number;
}

export interface LoggingConfig {
  /** pino level, `silent` … `trace`. */
  readonly level: string;
}

export interface ShutdownConfig {
  /** How long SIGTERM waits for requests in progress before exiting 1. */
  readonly timeoutMs: number;
}

/**
 * The typed, validated configuration every module reads (inject `AppConfig`), grouped by
 * concern. It is a plain object: `loadConfig` builds it from the environment, tests write it
 * out; a missing, misspelt or misplaced setting does not compile. Every variable is in
 * `.env.example`; nothing else configures the process (stateless: the same image runs anywhere).
 */
export abstract class AppConfig {
  abstract readonly env: 'development' | 'production' | 'test';
  /** `APP_VERSION`, reported by `/api/health`. */
  abstract readonly version: string;
  abstract readonly http: HttpConfig;
  abstract readonly database: DatabaseSettings;
  abstract readonly auth: AuthConfig;
  abstract readonly docs: DocsConfig;
  abstract readonly limits: LimitsConfig;
  abstract readonly cache: CacheConfig;
  abstract readonly logging: LoggingConfig;
  abstract readonly shutdown: ShutdownConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Set by AWS Lambda in every execution environment (not an operator setting). */
const LAMBDA_MARKER = 'AWS_LAMBDA_FUNCTION_NAME';

function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', path: url.slice('sqlite:'.length) };
  return { kind: 'postgres', url };
}

/** Reads and validates `env`; throws one `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const provided = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(EnvironmentVariables, provided);
  const problems = validateSync(vars).map((error) => {
    const shown = SECRET_VARIABLES.has(error.property) ? 'a value that is not shown' : `"${String(error.value)}"`;
    return `${error.property} ${describe(error.constraints ?? {})} (got ${shown})`;
  });
  if (vars.NODE_ENV === 'production' && !vars.JWT_SECRET) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
  }
  // An execution environment's /tmp is its own and dies with it, and many run at once:
  // SQLite there would lose writes and split the data. Lambda runs on PostgreSQL only.
  if (env[LAMBDA_MARKER] && vars.DATABASE_URL.startsWith('sqlite:')) {
    problems.push(`DATABASE_URL must be postgres://… on AWS Lambda (${LAMBDA_MARKER} is set): SQLite is not offered there; use PostgreSQL through RDS Proxy`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const origins = vars.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  return {
    env: vars.NODE_ENV as AppConfig['env'],
    version: vars.APP_VERSION,
    http: {
      port: vars.PORT,
      host: vars.HOST,
      bodyLimitBytes: vars.BODY_LIMIT,
      trustedProxyHops: vars.TRUST_PROXY,
      requestTimeoutMs: vars.REQUEST_TIMEOUT_MS,
      corsOrigins: origins.length === 0 || origins.includes('*') ? true : origins,
    },
    database: { connection: parseDatabaseUrl(vars.DATABASE_URL), migrateOnStart: vars.DB_MIGRATIONS === 'on', sqliteReaders: vars.SQLITE_READERS },
    auth: {
      // A development secret lives only as long as the process: tokens die on restart.
      jwtSecret: vars.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      tokenTtl: vars.JWT_TTL,
      secretWasGenerated: !vars.JWT_SECRET,
    },
    docs: { enabled: vars.API_DOCS === 'on' },
    limits: {
      authAttemptsPerMinute: vars.AUTH_RATE_LIMIT,
      failedLoginsPerEmail: vars.LOGIN_FAILURE_LIMIT,
      writesPerMinute: vars.WRITE_RATE_LIMIT,
      concurrentHashes: vars.HASH_CONCURRENCY,
    },
    cache: { tagsTtlMs: vars.TAGS_CACHE_TTL_MS, articlesTtlMs: vars.ARTICLES_CACHE_TTL_MS },
    logging: { level: vars.LOG_LEVEL },
    shutdown: { timeoutMs: vars.SHUTDOWN_TIMEOUT_MS },
  };
}

function describe(constraints: Record<string, string>): string {
  // class-validator messages start with the property name; keep only the rule.
  return Object.values(constraints)
    .map((message) => message.replace(/^\S+\s/, ''))
    .join('; ');
}
