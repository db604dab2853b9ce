import { randomBytes } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const onOff = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The environment as the API reads it. Every variable is documented in `.env.example`;
 * nothing else configures the process (stateless: the same image runs anywhere).
 */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '0.0.0.0';

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<path> or postgres://user:password@host:port/database',
  })
  DATABASE_URL = 'sqlite:./data/conduit.sqlite';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Matches(/^\d+[smhd]?$/, { message: 'must be a duration such as 3600, 15m, 12h or 7d' })
  JWT_TTL = '7d';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  CORS_ORIGINS = '*';

  @Transform(toInt)
  @IsInt({ message: 'must be a number of bytes' })
  @Min(1_024)
  @Max(100 * 1_024 * 1_024)
  BODY_LIMIT = 1_048_576;

  @IsString()
  @IsNotEmpty()
  APP_VERSION = '0.0.0-dev';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUTH_RATE_LIMIT = 20;

  @Transform(({ value }) => onOff(value))
  @IsIn(['on', 'off'])
  DB_MIGRATIONS = 'on';

  @Transform(({ value }) => onOff(value))
  @IsIn(['on', 'off'])
  API_DOCS = 'on';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

/** Never echoed back in an error message: they hold credentials. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'DATABASE_URL']);

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** The typed, validated configuration every module reads (inject `AppConfig`). */
export class AppConfig {
  constructor(
    readonly env: 'development' | 'production' | 'test',
    readonly port: number,
    readonly host: string,
    readonly database: DatabaseConfig,
    readonly jwt: { secret: string; ttl: string; secretWasGenerated: boolean },
    readonly logLevel: string,
    /** `true` allows any origin; otherwise the exact list of allowed origins. */
    readonly corsOrigins: true | string[],
    readonly bodyLimitBytes: number,
    readonly version: string,
    /** Login and registration attempts per minute per client IP; 0 disables the limit. */
    readonly authRateLimitPerMinute: number,
    readonly runMigrationsOnStart: boolean,
    readonly apiDocsEnabled: boolean,
    readonly shutdownTimeoutMs: number,
  ) {}
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

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
  if (problems.length > 0) throw new ConfigError(problems);

  const secretWasGenerated = !vars.JWT_SECRET;
  const origins = vars.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  return new AppConfig(
    vars.NODE_ENV as AppConfig['env'],
    vars.PORT,
    vars.HOST,
    parseDatabaseUrl(vars.DATABASE_URL),
    {
      // A development secret lives only as long as the process: tokens die on restart.
      secret: vars.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      ttl: vars.JWT_TTL,
      secretWasGenerated,
    },
    vars.LOG_LEVEL,
    origins.length === 0 || origins.includes('*') ? true : origins,
    vars.BODY_LIMIT,
    vars.APP_VERSION,
    vars.AUTH_RATE_LIMIT,
    vars.DB_MIGRATIONS === 'on',
    vars.API_DOCS === 'on',
    vars.SHUTDOWN_TIMEOUT_MS,
  );
}

function describe(constraints: Record<string, string>): string {
  // class-validator messages start with the property name; keep only the rule.
  return Object.values(constraints)
    .map((message) => message.replace(/^\S+\s/, ''))
    .join('; ');
}
