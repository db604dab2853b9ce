import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const onOff = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The environment as the API reads it, with each variable's rule and default. Every
 * variable is documented in `.env.example` and the README; `loadConfig` groups them into
 * `AppConfig`.
 */
export class EnvironmentVariables {
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

  /** 0: the socket's address is the client's (nothing in front may be trusted). */
  @Transform(toInt)
  @IsInt({ message: 'must be the number of proxies in front (0 when clients connect directly)' })
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  REQUEST_TIMEOUT_MS = 30_000;

  @IsString()
  @IsNotEmpty()
  APP_VERSION = '0.0.0-dev';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUTH_RATE_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  LOGIN_FAILURE_LIMIT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  WRITE_RATE_LIMIT = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  HASH_CONCURRENCY = 2;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  TAGS_CACHE_TTL_MS = 5_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  ARTICLES_CACHE_TTL_MS = 1_000;

  @Transform(onOff)
  @IsIn(['on', 'off'])
  DB_MIGRATIONS = 'on';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8)
  SQLITE_READERS = 3;

  @Transform(onOff)
  @IsIn(['on', 'off'])
  API_DOCS = 'on';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

/** Never echoed back in an error message: they hold credentials. */
export const SECRET_VARIABLES = new Set(['JWT_SECRET', 'DATABASE_URL']);
