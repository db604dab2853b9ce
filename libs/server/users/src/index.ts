export * from './lib/users.module';
export { ProfilesService, toProfileDto } from './lib/profiles/profiles.service';
