import { Global, Injectable, Module } from '@nestjs/common';
import { Database, UserEntity } from '@conduit/server/data-access';
import { CredentialsLookup } from '@conduit/server/platform';

/** The platform's auth guard asks this feature whether a token's credentials are still current. */
@Injectable()
export class UserCredentialsLookup extends CredentialsLookup {
  constructor(private readonly db: Database) {
    super();
  }

  async currentVersion(userId: number): Promise<number | undefined> {
    const user = await this.db.reader.findOne(UserEntity, { select: { id: true, credentialsVersion: true }, where: { id: userId } });
    return user?.credentialsVersion;
  }
}

/** Global so that the platform's guard, wherever a feature uses it, finds the lookup. */
@Global()
@Module({
  providers: [{ provide: CredentialsLookup, useClass: UserCredentialsLookup }],
  exports: [CredentialsLookup],
})
export class CredentialsModule {}
