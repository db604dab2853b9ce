import { Injectable } from '@nestjs/common';
import { createSigner, createVerifier } from 'fast-jwt';
import { AppConfig } from '../config/app-config';

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

const ALGORITHM = 'HS256';

/**
 * Tokens verified recently, kept by fast-jwt with their claims (keyed by a hash of the token,
 * never the token itself), so a client's next requests skip the HMAC and the parsing. A kept
 * token is still checked against its `exp` on each use, and revocation does not depend on it:
 * the guard reads the account's credentials version on every request.
 */
const VERIFIED_TOKENS_KEPT = 1_000;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** `JWT_TTL` (`3600`: seconds, or `15m`, `12h`, `7d`) as fast-jwt's `expiresIn`, which reads plain numbers as milliseconds. */
function expiresIn(ttl: string): number | string {
  return /^\d+$/.test(ttl) ? Number(ttl) * 1_000 : ttl;
}

/** Issues and checks the JWTs (HS256 with `JWT_SECRET`) clients send as `Authorization: Token <jwt>`. */
@Injectable()
export class TokenService {
  private readonly sign: (claims: TokenClaims) => string;
  private readonly claimsOf: (token: string) => Partial<Record<keyof TokenClaims, unknown>>;

  constructor(config: AppConfig) {
    const key = Buffer.from(config.auth.jwtSecret, 'utf8');
    this.sign = createSigner({ key, algorithm: ALGORITHM, expiresIn: expiresIn(config.auth.tokenTtl) });
    this.claimsOf = createVerifier({ key, algorithms: [ALGORITHM], cache: VERIFIED_TOKENS_KEPT });
  }

  issue(subject: TokenSubject): string {
    return this.sign({ sub: subject.userId, ver: subject.credentialsVersion });
  }

  /** Whose token it is, or `undefined` for a forged, expired or malformed token. */
  verify(token: string): TokenSubject | undefined {
    let claims: Partial<Record<keyof TokenClaims, unknown>>;
    try {
      claims = this.claimsOf(token);
    } catch {
      return undefined;
    }
    const version = claims.ver ?? 0;
    if (!isCount(claims.sub) || claims.sub === 0 || !isCount(version)) return undefined;
    return { userId: claims.sub, credentialsVersion: version };
  }
}
