import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { HealthController } from './health.controller';

type Importable = NonNullable<ModuleMetadata['imports']>[number];

@Module({})
export class HealthModule {
  /** `databaseModule` must export a `DatabaseHealth` provider (data-access does). */
  static forRoot(databaseModule: Importable): DynamicModule {
    // `this`, not `HealthModule`: see PlatformModule.forRoot.
    return { module: this, imports: [databaseModule], controllers: [HealthController] };
  }
}
