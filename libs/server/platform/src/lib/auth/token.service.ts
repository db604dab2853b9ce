import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface TokenClaims {
  /** The user's id. */
  sub: number;
}

/** Issues and checks the JWTs clients send as `Authorization: Token <jwt>`. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(userId: number): string {
    return this.jwt.sign({ sub: userId } satisfies TokenClaims);
  }

  /** The user id a token names, or `undefined` for a forged, expired or malformed token. */
  verify(token: string): number | undefined {
    try {
      const claims = this.jwt.verify<Partial<TokenClaims>>(token);
      return Number.isSafeInteger(claims.sub) && (claims.sub as number) > 0 ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }
}
