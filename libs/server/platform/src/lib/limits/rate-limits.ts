import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from './in-memory-limiter';
import { ErrorBodyDto } from '@conduit/contracts';
import { AppConfig } from '../config/app-config';
import { tooManyRequests } from '../errors/http-errors';

/** A limit of `points` per `seconds`; `undefined` when configured as 0 (off). */
function limiter(points: number, seconds: number): RateLimiterMemory | undefined {
  return points > 0 ? new RateLimiterMemory({ points, duration: seconds }) : undefined;
}

/** Spends one point of `key`; past the limit, the contract's 429 with `Retry-After`. */
async function spend(limit: RateLimiterMemory | undefined, key: string): Promise<void> {
  if (!limit) return;
  try {
    await limit.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw tooManyRequests(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}

/**
 * The API's three limits, in memory per instance (with N instances a client gets at most N×
 * each limit, which still stops guessing; a shared store is the next step if that matters):
 *
 * - login and registration attempts per client address (`AUTH_RATE_LIMIT` a minute); the
 *   address is the socket's, or the one `TRUST_PROXY` hops in, never one a client chose;
 * - failed logins per email (`LOGIN_FAILURE_LIMIT` per 15 minutes), whatever the address, so
 *   rotating addresses does not buy more guesses at one account;
 * - writes per user (`WRITE_RATE_LIMIT` a minute).
 */
@Injectable()
export class RateLimits {
  private readonly authAttempts: RateLimiterMemory | undefined;
  private readonly failedLogins: RateLimiterMemory | undefined;
  private readonly writes: RateLimiterMemory | undefined;

  constructor(config: AppConfig) {
    this.authAttempts = limiter(config.limits.authAttemptsPerMinute, 60);
    this.failedLogins = limiter(config.limits.failedLoginsPerEmail, 15 * 60);
    this.writes = limiter(config.limits.writesPerMinute, 60);
  }

  authAttempt(clientAddress: string): Promise<void> {
    return spend(this.authAttempts, clientAddress);
  }

  write(userId: number): Promise<void> {
    return spend(this.writes, String(userId));
  }

  /** Before checking a password: 429 once `email` has used up its failed logins. */
  async assertLoginAllowed(email: string): Promise<void> {
    if (!this.failedLogins) return;
    const used = await this.failedLogins.get(email);
    if (used !== null && used.consumedPoints >= this.failedLogins.points) throw tooManyRequests(used.msBeforeNext / 1000);
  }

  /** A wrong password for `email`: one of its failed logins is used. */
  async loginFailed(email: string): Promise<void> {
    await this.failedLogins?.penalty(email);
  }

  /** A successful login clears the count. */
  async loginSucceeded(email: string): Promise<void> {
    await this.failedLogins?.delete(email);
  }
}

@Injectable()
export class AuthAttemptGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limits.authAttempt(context.switchToHttp().getRequest<FastifyRequest>().ip);
    return true;
  }
}

/** Marks a route as an auth attempt: counted against `AUTH_RATE_LIMIT`, 429 past it. */
export const AuthAttemptRateLimited = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(AuthAttemptGuard),
    ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'too many attempts from this client (or at this account): see `Retry-After`' }),
  );
