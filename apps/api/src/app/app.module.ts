import { Module, type DynamicModule } from '@nestjs/common';
import { ArticlesModule } from '@conduit/server/articles';
import { DatabaseModule } from '@conduit/server/data-access';
import { AppConfig, ConfigModule, HealthModule, PlatformModule } from '@conduit/server/platform';
import { UsersModule } from '@conduit/server/users';

/** Composition only: every rule lives in a library. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PlatformModule,
        DatabaseModule,
        HealthModule.forRoot(DatabaseModule),
        UsersModule,
        ArticlesModule,
      ],
    };
  }
}
