/** What the auth guard needs to know of a token's user. */
export interface CurrentCredentials {
  /** A token is good only while its version is this one. */
  readonly credentialsVersion: number;
}

/**
 * What the auth guard asks about a token's user. Platform only knows this shape; the users
 * feature provides it (platform never imports a feature), like `DatabaseHealth`.
 */
export abstract class CredentialsLookup {
  /**
   * The user's current credentials, or `undefined` when the user no longer exists. A lookup
   * may answer more than the version (the users feature answers the whole account): the
   * guard hands the answer to the route as `@ViewerCredentials()`, so a route that shows the
   * account reads it once per request, not twice.
   */
  abstract current(userId: number): Promise<CurrentCredentials | undefined>;
}
