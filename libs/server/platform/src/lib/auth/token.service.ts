import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

/** What a token carries. */
interface TokenClaims {
  /** The user's id. */
  sub: number;
  /**
   * The user's credentials version when the token was issued. A password or email change
   * bumps it, which revokes every earlier token. Tokens from before versions existed have
   * none and count as version 0.
   */
  ver?: number;
}

/** A verified token: whose it is and which credentials it was issued for. */
export interface TokenSubject {
  userId: number;
  credentialsVersion: number;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Issues and checks the JWTs clients send as `Authorization: Token <jwt>`. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(subject: TokenSubject): string {
    return this.jwt.sign({ sub: subject.userId, ver: subject.credentialsVersion } satisfies TokenClaims);
  }

  /** Whose token it is, or `undefined` for a forged, expired or malformed token. */
  verify(token: string): TokenSubject | undefined {
    let claims: Partial<Record<keyof TokenClaims, unknown>>;
    try {
      claims = this.jwt.verify(token);
    } catch {
      return undefined;
    }
    const version = claims.ver ?? 0;
    if (!isCount(claims.sub) || claims.sub === 0 || !isCount(version)) return undefined;
    return { userId: claims.sub, credentialsVersion: version };
  }
}
