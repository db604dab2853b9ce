import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { portable } from './portable-columns';

/** Release 1: accounts, profiles and follows. */
export class CreateUsersAndFollows1764100000000 implements MigrationInterface {
  name = 'CreateUsersAndFollows1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          portable.id(),
          portable.varchar('email', 254, { isUnique: true }),
          portable.varchar('username', 64, { isUnique: true }),
          portable.varchar('password_hash', 255),
          portable.text('bio', { isNullable: true }),
          portable.varchar('image', 2048, { isNullable: true }),
          portable.timestamp(queryRunner, 'created_at'),
          portable.timestamp(queryRunner, 'updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'follows',
        columns: [
          portable.reference('follower_id', { isPrimary: true }),
          portable.reference('followed_id', { isPrimary: true }),
          portable.timestamp(queryRunner, 'created_at'),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['follower_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['followed_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
        indices: [new TableIndex({ name: 'idx_follows_followed', columnNames: ['followed_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('follows');
    await queryRunner.dropTable('users');
  }
}
