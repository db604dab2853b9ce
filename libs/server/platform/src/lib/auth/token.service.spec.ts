import { JwtService } from '@nestjs/jwt';
import { TokenService } from './token.service';

describe('TokenService', () => {
  const tokens = new TokenService(new JwtService({ secret: 'a'.repeat(40), signOptions: { expiresIn: 60 } }));

  it('issues a token that verifies to its user and credentials version', () => {
    expect(tokens.verify(tokens.issue({ userId: 42, credentialsVersion: 3 }))).toEqual({ userId: 42, credentialsVersion: 3 });
  });

  it('reads a token from before credentials versions as version 0', () => {
    const legacy = new JwtService({ secret: 'a'.repeat(40) }).sign({ sub: 7 });
    expect(tokens.verify(legacy)).toEqual({ userId: 7, credentialsVersion: 0 });
  });

  it('rejects tampered, foreign, unsigned and malformed tokens', () => {
    const token = tokens.issue({ userId: 42, credentialsVersion: 0 });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 1 })).toString('base64url');
    const foreign = new TokenService(new JwtService({ secret: 'b'.repeat(40) })).issue({ userId: 42, credentialsVersion: 0 });
    for (const bad of [`${header}.${forgedPayload}.${signature}`, foreign, `${header}.${forgedPayload}.`, 'garbage', '']) {
      expect(tokens.verify(bad)).toBeUndefined();
    }
  });

  it('rejects a token whose subject or version is not a proper count', () => {
    const jwt = new JwtService({ secret: 'a'.repeat(40) });
    for (const claims of [{ sub: 'admin' }, { sub: -1 }, { sub: 0 }, { sub: 1, ver: -1 }, { sub: 1, ver: '2' }, { sub: 1.5 }]) {
      expect(tokens.verify(jwt.sign(claims))).toBeUndefined();
    }
  });
});
