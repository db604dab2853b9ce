/**
 * What the auth guard asks about a token's user. Platform only knows this shape; the users
 * feature provides it (platform never imports a feature), like `DatabaseHealth`.
 */
export abstract class CredentialsLookup {
  /**
   * The user's current credentials version, or `undefined` when the user no longer exists.
   * A token is good only while its version is the current one.
   */
  abstract currentVersion(userId: number): Promise<number | undefined>;
}
