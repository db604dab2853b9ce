export * from './lib/users.module';
export { ProfilesService, toProfileDto } from './lib/profiles/profiles.service';
export { requireExistingUser } from './lib/users/existing-user';
