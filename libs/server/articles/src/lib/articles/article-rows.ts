import type { ArticleDto, ArticleListItemDto } from '@conduit/contracts';
import type { Columns, RecordRow, SqlDialect } from '@conduit/server/data-access';
import { profileColumns, profileFromRow } from '@conduit/server/users';

const AUTHOR = 'author_';

/**
 * The columns of an article view, from `articles a JOIN users u ON u.id = a.author_id`: the
 * timestamps already ISO text and the tags already an array, made by the database, so a
 * record maps to the response without parsing dates or hydrating entities.
 */
export function articleColumns(dialect: SqlDialect, viewerParameter: string | undefined, options: { body: boolean }): Columns {
  const favorited =
    viewerParameter === undefined ? 'FALSE' : `EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = ${viewerParameter} AND fv.article_id = a.id)`;
  return [
    ['id', 'a.id'],
    ['slug', 'a.slug'],
    ['title', 'a.title'],
    ['description', 'a.description'],
    ...(options.body ? ([['body', 'a.body']] as const) : []),
    ['created_at', dialect.isoTimestamp('a.created_at')],
    ['updated_at', dialect.isoTimestamp('a.updated_at')],
    ['favorites_count', 'a.favorites_count'],
    ['tags', dialect.jsonArray('SELECT t.tag FROM article_tags t WHERE t.article_id = a.id', 'tag')],
    ['favorited', favorited],
    ...profileColumns('u', AUTHOR, viewerParameter),
  ];
}

/** Sorted by code unit, like the request transform, so the order does not depend on a database collation. */
export function sortedTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

/** List item: the contract's Article without `body` (API.md "Shapes"), keys in the contract's order. */
export function articleListItemFromRow(row: RecordRow): ArticleListItemDto {
  return {
    slug: row['slug'] as string,
    title: row['title'] as string,
    description: row['description'] as string,
    tagList: sortedTags(row['tags'] as string[]),
    createdAt: row['created_at'] as string,
    updatedAt: row['updated_at'] as string,
    // SQLite answers 0/1, PostgreSQL false/true; counts may come back as strings.
    favorited: Boolean(row['favorited']),
    favoritesCount: Number(row['favorites_count']),
    author: profileFromRow(row, AUTHOR),
  };
}

/** The full Article, `body` included, keys in the contract's order. */
export function articleFromRow(row: RecordRow): ArticleDto {
  const { slug, title, description, tagList, createdAt, updatedAt, favorited, favoritesCount, author } = articleListItemFromRow(row);
  return { slug, title, description, body: row['body'] as string, tagList, createdAt, updatedAt, favorited, favoritesCount, author };
}
