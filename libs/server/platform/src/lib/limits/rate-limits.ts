import { applyDecorators, Module, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ErrorBodyDto } from '@conduit/contracts';
import { AppConfig } from '../config/app-config';

/**
 * Login and registration attempts per client IP (`AUTH_RATE_LIMIT` a minute; 0 = off).
 * In-memory per instance: with N instances a client gets at most N× the limit, which
 * still stops password guessing; a shared store is the next step if that matters.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'auth', ttl: 60_000, limit: Math.max(config.authRateLimitPerMinute, 1) }],
        skipIf: () => config.authRateLimitPerMinute === 0,
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

/** Marks a route as an auth attempt: counted against `AUTH_RATE_LIMIT`, 429 past it. */
export const AuthAttemptRateLimited = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'too many attempts from this client' }),
  );
