import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Release 3: revocable tokens. Every existing account starts at version 0, which is also what
 * a token from before this release counts as, so nobody is signed out by the upgrade.
 * Additive only: the previous release keeps running beside this one during a rollout.
 */
export class AddCredentialsVersion1764300000000 implements MigrationInterface {
  name = 'AddCredentialsVersion1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('users', new TableColumn({ name: 'credentials_version', type: 'integer', isNullable: false, default: 0 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'credentials_version');
  }
}
