import { CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '@conduit/contracts';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../errors/http-errors';
import { TokenService } from './token.service';

/** The OpenAPI security scheme name (`Authorization: Token <jwt>`). */
export const TOKEN_SECURITY_SCHEME = 'Token';

const AUTH_MODE = 'conduit:auth-mode';
type AuthMode = 'required' | 'optional';

/** Both `Token <jwt>` (the RealWorld scheme) and `Bearer <jwt>` are accepted. */
const AUTHORIZATION = /^(?:Token|Bearer)\s+(\S+)\s*$/i;

type AuthenticatedRequest = FastifyRequest & { userId?: number };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const mode = this.reflector.getAllAndOverride<AuthMode>(AUTH_MODE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      if (mode === 'required') throw unauthorized('token', 'is missing');
      return true;
    }
    // A token that is present but bad is a 401 even where auth is optional:
    // silently treating it as anonymous would hide a client bug.
    const token = AUTHORIZATION.exec(header)?.[1];
    const userId = token === undefined ? undefined : this.tokens.verify(token);
    if (userId === undefined) throw unauthorized('token', 'is invalid or expired');
    request.userId = userId;
    return true;
  }
}

/** The route needs a valid token (401 otherwise). */
export const RequireAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'required'),
    UseGuards(AuthGuard),
    ApiSecurity(TOKEN_SECURITY_SCHEME),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'no token, or an invalid or expired one' }),
  );

/** The route works anonymously; a valid token personalises it (`following`, `favorited`). */
export const OptionalAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'optional'),
    UseGuards(AuthGuard),
    ApiSecurity(TOKEN_SECURITY_SCHEME),
    ApiSecurity({}),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'a token was sent but is invalid or expired' }),
  );

/** The caller's user id: a number under `@RequireAuth()`, `undefined` when anonymous. */
export const ViewerId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().userId,
);
