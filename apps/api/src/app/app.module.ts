import { Module, type DynamicModule } from '@nestjs/common';
import { ArticlesModule } from '@conduit/server/articles';
import { DatabaseModule } from '@conduit/server/data-access';
import { AppConfig, HealthModule, PlatformModule, type Logger } from '@conduit/server/platform';
import { UsersModule } from '@conduit/server/users';

/** Composition only: every rule lives in a library. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      // `this`, not `AppModule`: see PlatformModule.forRoot.
      module: this,
      imports: [PlatformModule.forRoot(config, logger), DatabaseModule, HealthModule.forRoot(DatabaseModule), UsersModule, ArticlesModule],
    };
  }
}
