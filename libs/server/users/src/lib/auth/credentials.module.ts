import { Global, Injectable, Module } from '@nestjs/common';
import { CredentialsLookup } from '@conduit/server/platform';
import { UsersRepository } from '../users/users.repository';

/** The platform's auth guard asks this feature whether a token's credentials are still current. */
@Injectable()
export class UserCredentialsLookup extends CredentialsLookup {
  constructor(private readonly accounts: UsersRepository) {
    super();
  }

  currentVersion(userId: number): Promise<number | undefined> {
    return this.accounts.credentialsVersion(userId);
  }
}

/** Global so that the platform's guard, wherever a feature uses it, finds the lookup. */
@Global()
@Module({
  providers: [UsersRepository, { provide: CredentialsLookup, useClass: UserCredentialsLookup }],
  exports: [CredentialsLookup, UsersRepository],
})
export class CredentialsModule {}
