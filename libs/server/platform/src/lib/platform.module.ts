import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { LoggingModule } from './logging/logging.module';
import { RateLimitModule } from './http/rate-limit';

/** Cross-cutting concerns every feature relies on. Import once, in the app module. */
@Module({
  imports: [LoggingModule, AuthModule, RateLimitModule],
  exports: [AuthModule, RateLimitModule],
})
export class PlatformModule {}
