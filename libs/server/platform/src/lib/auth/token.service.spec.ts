import { JwtService } from '@nestjs/jwt';
import { TokenService } from './token.service';

describe('TokenService', () => {
  const tokens = new TokenService(new JwtService({ secret: 'a'.repeat(40), signOptions: { expiresIn: 60 } }));

  it('issues a token that verifies to the user id', () => {
    expect(tokens.verify(tokens.issue(42))).toBe(42);
  });

  it('rejects tampered, foreign, unsigned and malformed tokens', () => {
    const token = tokens.issue(42);
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 1 })).toString('base64url');
    const foreign = new TokenService(new JwtService({ secret: 'b'.repeat(40) })).issue(42);
    for (const bad of [`${header}.${forgedPayload}.${signature}`, foreign, `${header}.${forgedPayload}.`, 'garbage', '']) {
      expect(tokens.verify(bad)).toBeUndefined();
    }
  });

  it('rejects a token whose subject is not a positive integer', () => {
    const jwt = new JwtService({ secret: 'a'.repeat(40) });
    expect(tokens.verify(jwt.sign({ sub: 'admin' }))).toBeUndefined();
    expect(tokens.verify(jwt.sign({ sub: -1 }))).toBeUndefined();
  });
});
