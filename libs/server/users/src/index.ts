export * from './lib/users.module';
// How other features show a user in their own statements (an author, a commenter).
export { followedBy, profileColumns, profileFromRow } from './lib/profiles/profile-sql';
