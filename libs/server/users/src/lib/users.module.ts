import { Module } from '@nestjs/common';
import { CredentialsModule } from './auth/credentials.module';
import { PasswordHasher } from './auth/password-hasher';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesRepository } from './profiles/profiles.repository';
import { ProfilesService } from './profiles/profiles.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** Users, auth and profiles. Other features show users through the exported profile SQL (`profile-sql.ts`). */
@Module({
  imports: [CredentialsModule],
  controllers: [UsersController, ProfilesController],
  providers: [UsersService, ProfilesService, ProfilesRepository, PasswordHasher],
})
export class UsersModule {}
