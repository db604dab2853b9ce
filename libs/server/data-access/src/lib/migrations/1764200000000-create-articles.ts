import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { portable } from './portable-columns';

const cascadeTo = (column: string, table: string): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

/** Release 2: articles with tags, favorites and comments, indexed for every list filter. */
export class CreateArticles1764200000000 implements MigrationInterface {
  name = 'CreateArticles1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'articles',
        columns: [
          portable.id(),
          portable.varchar('slug', 320, { isUnique: true }),
          portable.varchar('title', 255),
          portable.varchar('description', 1000),
          portable.text('body'),
          portable.reference('author_id'),
          { name: 'favorites_count', type: 'integer', isNullable: false, default: 0 },
          portable.timestamp(queryRunner, 'created_at'),
          portable.timestamp(queryRunner, 'updated_at'),
        ],
        foreignKeys: [cascadeTo('author_id', 'users')],
        indices: [
          new TableIndex({ name: 'idx_articles_author', columnNames: ['author_id'] }),
          new TableIndex({ name: 'idx_articles_created', columnNames: ['created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'article_tags',
        columns: [portable.reference('article_id', { isPrimary: true }), portable.varchar('tag', 64, { isPrimary: true })],
        foreignKeys: [cascadeTo('article_id', 'articles')],
        indices: [new TableIndex({ name: 'idx_article_tags_tag', columnNames: ['tag'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'favorites',
        columns: [
          portable.reference('user_id', { isPrimary: true }),
          portable.reference('article_id', { isPrimary: true }),
          portable.timestamp(queryRunner, 'created_at'),
        ],
        foreignKeys: [cascadeTo('user_id', 'users'), cascadeTo('article_id', 'articles')],
        indices: [new TableIndex({ name: 'idx_favorites_article', columnNames: ['article_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'comments',
        columns: [
          portable.id(),
          portable.text('body'),
          portable.reference('article_id'),
          portable.reference('author_id'),
          portable.timestamp(queryRunner, 'created_at'),
          portable.timestamp(queryRunner, 'updated_at'),
        ],
        foreignKeys: [cascadeTo('article_id', 'articles'), cascadeTo('author_id', 'users')],
        indices: [new TableIndex({ name: 'idx_comments_article', columnNames: ['article_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['comments', 'favorites', 'article_tags', 'articles']) await queryRunner.dropTable(table);
  }
}
