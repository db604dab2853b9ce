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
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { expiresIn: expiresIn(config.jwt.ttl), algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [TokenService, AuthGuard],
  exports: [TokenService, AuthGuard],
})
export class AuthModule {}
