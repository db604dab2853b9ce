import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AnonymousReadCache } from './cache/anonymous-read-cache';
import { AppConfig } from './config/app-config';
import { AuthAttemptGuard, RateLimits } from './limits/rate-limits';
import { ROOT_LOGGER, type Logger } from './logging/logger';

/**
 * Cross-cutting concerns every feature relies on: the one `AppConfig` and root logger the
 * entry point made (a bad variable stops the process before Nest starts), auth, rate
 * limits, the cache of anonymous reads. Global; import once, in the app module.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      // `this`, not `PlatformModule`: TypeScript gives a decorated class that names itself an
      // alias (`PlatformModule_1`), the minified bundle's class is anonymous and takes its name
      // from that alias, and Nest prints the name in its logs and errors.
      module: this,
      imports: [AuthModule],
      providers: [{ provide: AppConfig, useValue: config }, { provide: ROOT_LOGGER, useValue: logger }, RateLimits, AuthAttemptGuard, AnonymousReadCache],
      exports: [AppConfig, ROOT_LOGGER, RateLimits, AuthAttemptGuard, AnonymousReadCache, AuthModule],
    };
  }
}
