import type { ArticleDto, ArticleListItemDto } from '@conduit/contracts';
import type { SqlDialect } from '@conduit/server/data-access';
import { profileColumns, profileFromRow } from '@conduit/server/users';

/** A row of the article statements (`articleColumns`), as SQLite or PostgreSQL hand it back. */
export type ArticleRow = Readonly<Record<string, unknown>>;

const AUTHOR = 'author_';

/**
 * The columns of an article view, from `articles a JOIN users u ON u.id = a.author_id`: the
 * timestamps already ISO text and the tags already a JSON array, made by the database, so a
 * row maps to the response without parsing dates or hydrating entities.
 */
export function articleColumns(dialect: SqlDialect, viewerParameter: string | undefined, options: { body: boolean }): string {
  const favorited =
    viewerParameter === undefined ? 'FALSE' : `EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = ${viewerParameter} AND fv.article_id = a.id)`;
  return [
    'a.id',
    'a.slug',
    'a.title',
    'a.description',
    ...(options.body ? ['a.body'] : []),
    `${dialect.isoTimestamp('a.created_at')} AS created_at`,
    `${dialect.isoTimestamp('a.updated_at')} AS updated_at`,
    'a.favorites_count',
    `${dialect.jsonArray('SELECT t.tag FROM article_tags t WHERE t.article_id = a.id', 'tag')} AS tags`,
    `${favorited} AS favorited`,
    profileColumns('u', AUTHOR, viewerParameter),
  ].join(', ');
}

/** Sorted by code unit, like the request transform, so the order does not depend on a database collation. */
export function sortedTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

/** List item: the contract's Article without `body` (API.md "Shapes"), keys in the contract's order. */
export function articleListItemFromRow(row: ArticleRow, dialect: SqlDialect): ArticleListItemDto {
  return {
    slug: row['slug'] as string,
    title: row['title'] as string,
    description: row['description'] as string,
    tagList: sortedTags(dialect.decodeJsonArray(row['tags'])),
    createdAt: row['created_at'] as string,
    updatedAt: row['updated_at'] as string,
    // SQLite answers 0/1, PostgreSQL false/true; counts may come back as strings.
    favorited: Boolean(row['favorited']),
    favoritesCount: Number(row['favorites_count']),
    author: profileFromRow(row, AUTHOR),
  };
}

/** The full Article, `body` included, keys in the contract's order. */
export function articleFromRow(row: ArticleRow, dialect: SqlDialect): ArticleDto {
  const { slug, title, description, tagList, createdAt, updatedAt, favorited, favoritesCount, author } = articleListItemFromRow(row, dialect);
  return { slug, title, description, body: row['body'] as string, tagList, createdAt, updatedAt, favorited, favoritesCount, author };
}
