import type { ArticleDto, ArticleListItemDto, ProfileDto } from '@conduit/contracts';
import type { ArticleEntity } from '@conduit/server/data-access';

/** The columns every article view needs; `body` only for the single-article view. */
export type ArticleRow = Pick<ArticleEntity, 'id' | 'slug' | 'title' | 'description' | 'authorId' | 'favoritesCount' | 'createdAt' | 'updatedAt'> & {
  body?: string;
};

/** What the viewer-dependent and related rows add to an article. */
export interface ArticleExtras {
  tagList: readonly string[];
  favorited: boolean;
  author: ProfileDto;
}

/** List item: the contract's Article without `body` (API.md "Shapes"). */
export function toArticleListItemDto(article: ArticleRow, extras: ArticleExtras): ArticleListItemDto {
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    tagList: sortedTags(extras.tagList),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    favorited: extras.favorited,
    // PostgreSQL drivers may hand integers back as strings in some setups; the contract says integer.
    favoritesCount: Number(article.favoritesCount),
    author: extras.author,
  };
}

/** The full Article, `body` included, with the contract's key order. */
export function toArticleDto(article: ArticleRow & { body: string }, extras: ArticleExtras): ArticleDto {
  const { slug, title, description, tagList, createdAt, updatedAt, favorited, favoritesCount, author } = toArticleListItemDto(article, extras);
  return { slug, title, description, body: article.body, tagList, createdAt, updatedAt, favorited, favoritesCount, author };
}

/** Sorted by code unit, like the request transform, so the order does not depend on a database collation. */
export function sortedTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}
