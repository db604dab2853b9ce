import { createSigner } from 'fast-jwt';
import { loadConfig } from '../config/app-config';
import { TokenService } from './token.service';

const SECRET = 'a'.repeat(40);
const serviceWith = (secret: string, ttl = '60') => new TokenService(loadConfig({ JWT_SECRET: secret, JWT_TTL: ttl }));
/** Signs any claims with the secret, as another issuer (or an older release) would. */
const signed = (claims: object, secret = SECRET) => createSigner({ key: secret, algorithm: 'HS256' })(claims);

describe('TokenService', () => {
  const tokens = serviceWith(SECRET);

  it('issues a token that verifies to its user and credentials version', () => {
    expect(tokens.verify(tokens.issue({ userId: 42, credentialsVersion: 3 }))).toEqual({ userId: 42, credentialsVersion: 3 });
  });

  it('issues HS256 tokens that expire after JWT_TTL, read as seconds when it is plain digits', () => {
    for (const [ttl, seconds] of [['90', 90], ['15m', 900], ['7d', 604_800]] as const) {
      const [header, payload] = serviceWith(SECRET, ttl)
        .issue({ userId: 1, credentialsVersion: 0 })
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
      expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      expect(Number(payload['exp']) - Number(payload['iat'])).toBe(seconds);
    }
  });

  it('reads a token from before credentials versions as version 0', () => {
    expect(tokens.verify(signed({ sub: 7 }))).toEqual({ userId: 7, credentialsVersion: 0 });
  });

  it('rejects tampered, foreign, expired, unsigned and malformed tokens', () => {
    const token = tokens.issue({ userId: 42, credentialsVersion: 0 });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 1 })).toString('base64url');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${forgedPayload}.`;
    const foreign = serviceWith('b'.repeat(40)).issue({ userId: 42, credentialsVersion: 0 });
    const expired = signed({ sub: 42, exp: Math.floor(Date.now() / 1000) - 1 });
    // Verified once first: a token the verifier keeps must still fail once it is bad.
    expect(tokens.verify(token)).toBeDefined();
    for (const bad of [`${header}.${forgedPayload}.${signature}`, foreign, expired, unsigned, `${header}.${forgedPayload}.`, 'garbage', '']) {
      expect(tokens.verify(bad)).toBeUndefined();
    }
  });

  it('stops accepting a kept token once it expires', () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      const shortLived = serviceWith(SECRET, '2');
      const token = shortLived.issue({ userId: 5, credentialsVersion: 1 });
      expect(shortLived.verify(token)).toEqual({ userId: 5, credentialsVersion: 1 });
      jest.advanceTimersByTime(3_000);
      expect(shortLived.verify(token)).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects a token whose subject or version is not a proper count', () => {
    for (const claims of [{ sub: 'admin' }, { sub: -1 }, { sub: 0 }, { sub: 1, ver: -1 }, { sub: 1, ver: '2' }, { sub: 1.5 }]) {
      expect(tokens.verify(signed(claims))).toBeUndefined();
    }
  });
});
