import type { MigrationInterface, QueryRunner } from 'typeorm';

const USERNAME_KEY_INDEX = 'idx_users_username_lower';

/**
 * Release 3: `Alice` and `alice` cannot both exist. An index on `lower(username)` (SQLite and
 * PostgreSQL both index expressions) makes the database refuse the second one even when two
 * instances race; the users feature checks first so that the answer is a 409.
 *
 * Earlier releases compared usernames case-sensitively, so a database may already hold such
 * a pair. The index cannot be built then, and no rule can choose whose name to change: the
 * migration stops with the names, the release's new instances do not become healthy, and the
 * old ones keep serving until an operator renames one account and deploys again.
 */
export class UniqueUsernamesIgnoringCase1764400000000 implements MigrationInterface {
  name = 'UniqueUsernamesIgnoringCase1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const clashes: Array<{ names: string }> = await queryRunner.query(
      queryRunner.connection.driver.options.type === 'postgres'
        ? `SELECT string_agg(username, ', ') AS names FROM users GROUP BY lower(username) HAVING count(*) > 1`
        : `SELECT group_concat(username, ', ') AS names FROM users GROUP BY lower(username) HAVING count(*) > 1`,
    );
    if (clashes.length > 0) {
      throw new Error(
        `usernames that differ only in case must be made distinct before this release: ${clashes.map((clash) => clash.names).join('; ')}`,
      );
    }
    await queryRunner.query(`CREATE UNIQUE INDEX "${USERNAME_KEY_INDEX}" ON "users" (lower("username"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "${USERNAME_KEY_INDEX}"`);
  }
}
