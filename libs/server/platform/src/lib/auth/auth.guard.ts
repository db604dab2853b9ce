import { CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '@conduit/contracts';
import type { FastifyRequest } from 'fastify';
import { tokenInvalid, tokenMissing } from '../errors/http-errors';
import { RateLimits } from '../limits/rate-limits';
import { CredentialsLookup, type CurrentCredentials } from './credentials-lookup';
import { TokenService } from './token.service';

/** The OpenAPI security scheme name (`Authorization: Token <jwt>`). */
export const TOKEN_SECURITY_SCHEME = 'Token';

const AUTH_MODE = 'conduit:auth-mode';
type AuthMode = 'required' | 'optional';

/** Both `Token <jwt>` (the RealWorld scheme) and `Bearer <jwt>` are accepted. */
const AUTHORIZATION = /^(?:Token|Bearer)\s+(\S+)\s*$/i;

/** The request as the guard leaves it for the viewer decorators. */
type AuthenticatedRequest = FastifyRequest & { viewer?: { id: number; token: string; credentials: CurrentCredentials } };

/**
 * Checks the token of `@RequireAuth()` and `@OptionalAuth()` routes: signature and expiry,
 * then that its user still exists with the credentials it was issued for (a password or
 * email change revokes earlier tokens). Every failure is the contract's 401. A write by an
 * authenticated user then counts against the per-user write limit (429 past it).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly credentials: CredentialsLookup,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const mode = this.reflector.getAllAndOverride<AuthMode>(AUTH_MODE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      if (mode === 'required') throw tokenMissing();
      return true;
    }
    // A token that is present but bad is a 401 even where auth is optional:
    // silently treating it as anonymous would hide a client bug.
    const token = AUTHORIZATION.exec(header)?.[1];
    const subject = token === undefined ? undefined : this.tokens.verify(token);
    if (subject === undefined || token === undefined) throw tokenInvalid();
    const current = await this.credentials.current(subject.userId);
    if (current === undefined || current.credentialsVersion !== subject.credentialsVersion) throw tokenInvalid();
    request.viewer = { id: subject.userId, token, credentials: current };
    // Every authenticated write counts against the user's WRITE_RATE_LIMIT.
    if (request.method !== 'GET' && request.method !== 'HEAD') await this.limits.write(subject.userId);
    return true;
  }
}

/** The route needs a valid token (401 otherwise). */
export const RequireAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'required'),
    UseGuards(AuthGuard),
    ApiSecurity(TOKEN_SECURITY_SCHEME),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'no token, or an invalid, expired or revoked one' }),
  );

/** The route works anonymously; a valid token personalises it (`following`, `favorited`). */
export const OptionalAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'optional'),
    UseGuards(AuthGuard),
    ApiSecurity(TOKEN_SECURITY_SCHEME),
    ApiSecurity({}),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'a token was sent but is invalid, expired or revoked' }),
  );

const viewerOf = (context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().viewer;

/** The caller's user id on a `@RequireAuth()` route (the guard has answered 401 otherwise). */
export const Viewer = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const viewer = viewerOf(context);
  // Only a route without @RequireAuth() gets here without a viewer: a programming error.
  if (viewer === undefined) throw new Error('@Viewer() needs @RequireAuth() on the route');
  return viewer.id;
});

/** The caller's user id on an `@OptionalAuth()` route, `undefined` when anonymous. */
export const OptionalViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number | undefined => viewerOf(context)?.id,
);

/** The token the caller sent, on a `@RequireAuth()` route (`GET /user` hands it back). */
export const ViewerToken = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const viewer = viewerOf(context);
  if (viewer === undefined) throw new Error('@ViewerToken() needs @RequireAuth() on the route');
  return viewer.token;
});

/**
 * What the `CredentialsLookup` answered for the caller, on a `@RequireAuth()` route: read in
 * the same statement that checked the token, so the route need not read it again.
 */
export const ViewerCredentials = createParamDecorator((_data: unknown, context: ExecutionContext): CurrentCredentials => {
  const viewer = viewerOf(context);
  if (viewer === undefined) throw new Error('@ViewerCredentials() needs @RequireAuth() on the route');
  return viewer.credentials;
});
