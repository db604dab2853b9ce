import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';

/** `JWT_TTL` in plain digits means seconds (jsonwebtoken would read a digit string as ms). */
function expiresIn(ttl: string): number | `${number}${'s' | 'm' | 'h' | 'd'}` {
  return /^\d+$/.test(ttl) ? Number(ttl) : (ttl as `${number}${'s' | 'm' | 'h' | 'd'}`);
}

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // One KeyObject for the process: given a string, jsonwebtoken first tries to read it
        // as a PEM key on every sign and verify (and throws), a quarter of a request's CPU.
        const key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: expiresIn(config.auth.tokenTtl), algorithm: 'HS256' as const },
          verifyOptions: { algorithms: ['HS256' as const] },
        };
      },
    }),
  ],
  providers: [TokenService, AuthGuard],
  exports: [TokenService, AuthGuard],
})
export class AuthModule {}
