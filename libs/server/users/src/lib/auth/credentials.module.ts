import { Global, Injectable, Module } from '@nestjs/common';
import { CredentialsLookup } from '@conduit/server/platform';
import { UsersRepository, type Account } from '../users/users.repository';

/**
 * The platform's auth guard asks this feature whether a token's credentials are still current.
 * It answers with the whole account (no hash), which `GET /user` then shows as it is.
 */
@Injectable()
export class UserCredentialsLookup extends CredentialsLookup {
  constructor(private readonly accounts: UsersRepository) {
    super();
  }

  current(userId: number): Promise<Account | undefined> {
    return this.accounts.byId(userId);
  }
}

/** Global so that the platform's guard, wherever a feature uses it, finds the lookup. */
@Global()
@Module({
  providers: [UsersRepository, { provide: CredentialsLookup, useClass: UserCredentialsLookup }],
  exports: [CredentialsLookup, UsersRepository],
})
export class CredentialsModule {}
