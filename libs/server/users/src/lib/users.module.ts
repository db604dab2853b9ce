import { Module } from '@nestjs/common';
import { CredentialsModule } from './auth/credentials.module';
import { PasswordHasher } from './auth/password-hasher';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** Users, auth and profiles. Exports `ProfilesService` for features that show authors. */
@Module({
  imports: [CredentialsModule],
  controllers: [UsersController, ProfilesController],
  providers: [UsersService, ProfilesService, PasswordHasher],
  exports: [ProfilesService],
})
export class UsersModule {}
