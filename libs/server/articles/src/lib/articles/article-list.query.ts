import { Injectable } from '@nestjs/common';
import type { ArticleListResponseDto } from '@conduit/contracts';
import { ArticleEntity, ArticleTagEntity, Database, FavoriteEntity, FollowEntity, UserEntity } from '@conduit/server/data-access';
import { ProfilesService, toProfileDto } from '@conduit/server/users';
import type { SelectQueryBuilder } from 'typeorm';
import { toArticleListItemDto, type ArticleExtras, type ArticleRow } from './article-view';

/** Which articles a list shows. Every field narrows the result; all are optional. */
export interface ArticleFilter {
  tag?: string;
  /** Author's username. */
  author?: string;
  /** Username of someone who favorited the article. */
  favorited?: string;
  /** The feed: only authors this user follows. */
  followedBy?: number;
}

export interface Page {
  limit: number;
  offset: number;
}

/** An article row with its author's public columns, as the page query returns it. */
export type ArticleWithAuthor = ArticleRow & { author: Pick<UserEntity, 'id' | 'username' | 'bio' | 'image'> };

/** Columns of the list page: everything but `body`, which lists never show. */
export const LIST_COLUMNS = [
  'article.id',
  'article.slug',
  'article.title',
  'article.description',
  'article.authorId',
  'article.favoritesCount',
  'article.createdAt',
  'article.updatedAt',
  'author.id',
  'author.username',
  'author.bio',
  'author.image',
];

/**
 * The tuned article list. A page costs the same number of queries whatever its size:
 *
 * 1. the page: articles joined with their authors, filtered, newest first, LIMIT/OFFSET;
 * 2. the count of all matches (same filter, no join);
 * 3. the tags of the page's articles (`article_id IN (…)`);
 * 4. with a viewer only: which of them the viewer favorited;
 * 5. with a viewer only: which of their authors the viewer follows.
 *
 * 1+2 and 3–5 run concurrently. Filters are `IN (subquery)` on indexed columns
 * (`article_tags.tag`, `users.username`, the favorites and follows primary keys), and every
 * input is a bound parameter.
 */
@Injectable()
export class ArticleListQuery {
  constructor(
    private readonly db: Database,
    private readonly profiles: ProfilesService,
  ) {}

  async list(viewerId: number | undefined, filter: ArticleFilter, page: Page): Promise<ArticleListResponseDto> {
    const [rows, articlesCount] = await Promise.all([
      this.matching(filter)
        .innerJoin('article.author', 'author')
        .select(LIST_COLUMNS)
        .orderBy('article.createdAt', 'DESC')
        .addOrderBy('article.id', 'DESC')
        .offset(page.offset)
        .limit(page.limit)
        .getMany() as Promise<ArticleWithAuthor[]>,
      this.matching(filter).getCount(),
    ]);
    const extras = await this.extrasFor(viewerId, rows);
    return {
      articles: rows.map((row) => toArticleListItemDto(row, extras.get(row.id) as ArticleExtras)),
      articlesCount,
    };
  }

  /**
   * One article with its author and `body`, or `undefined`: one query. `extrasFor` adds the rest.
   */
  async one(key: { id: number } | { slug: string }): Promise<(ArticleWithAuthor & { body: string }) | undefined> {
    const query = this.db.reader
      .createQueryBuilder(ArticleEntity, 'article')
      .innerJoin('article.author', 'author')
      .select([...LIST_COLUMNS, 'article.body']);
    if ('id' in key) query.where('article.id = :id', { id: key.id });
    else query.where('article.slug = :slug', { slug: key.slug });
    return ((await query.getOne()) ?? undefined) as (ArticleWithAuthor & { body: string }) | undefined;
  }

  /**
   * Tags, `favorited` and the author's `following` for a set of articles, as seen by one
   * viewer: one query for the tags, plus two with a viewer, whatever the number of articles.
   */
  async extrasFor(viewerId: number | undefined, articles: readonly ArticleWithAuthor[]): Promise<Map<number, ArticleExtras>> {
    if (articles.length === 0) return new Map();
    const articleIds = articles.map((article) => article.id);
    const [tags, favorited, following] = await Promise.all([
      this.tagsOf(articleIds),
      this.favoritedAmong(viewerId, articleIds),
      this.profiles.followedAmong(
        viewerId,
        [...new Set(articles.map((article) => article.authorId))],
      ),
    ]);
    return new Map(
      articles.map((article) => [
        article.id,
        {
          tagList: tags.get(article.id) ?? [],
          favorited: favorited.has(article.id),
          author: toProfileDto(article.author, following.has(article.authorId)),
        },
      ]),
    );
  }

  private matching(filter: ArticleFilter): SelectQueryBuilder<ArticleEntity> {
    const query = this.db.reader.createQueryBuilder(ArticleEntity, 'article');
    if (filter.tag !== undefined) {
      query.andWhere(
        (outer) =>
          `article.id IN ${outer.subQuery().select('tagged.articleId').from(ArticleTagEntity, 'tagged').where('tagged.tag = :tag').getQuery()}`,
        { tag: filter.tag },
      );
    }
    if (filter.author !== undefined) {
      query.andWhere(
        (outer) =>
          `article.authorId IN ${outer.subQuery().select('writer.id').from(UserEntity, 'writer').where('writer.username = :author').getQuery()}`,
        { author: filter.author },
      );
    }
    if (filter.favorited !== undefined) {
      query.andWhere(
        (outer) =>
          `article.id IN ${outer
            .subQuery()
            .select('favorite.articleId')
            .from(FavoriteEntity, 'favorite')
            .innerJoin(UserEntity, 'fan', 'fan.id = favorite.userId')
            .where('fan.username = :favorited')
            .getQuery()}`,
        { favorited: filter.favorited },
      );
    }
    if (filter.followedBy !== undefined) {
      query.andWhere(
        (outer) =>
          `article.authorId IN ${outer
            .subQuery()
            .select('follow.followedId')
            .from(FollowEntity, 'follow')
            .where('follow.followerId = :followerId')
            .getQuery()}`,
        { followerId: filter.followedBy },
      );
    }
    return query;
  }

  private async tagsOf(articleIds: readonly number[]): Promise<Map<number, string[]>> {
    const rows = await this.db.reader
      .createQueryBuilder(ArticleTagEntity, 'tag')
      .select(['tag.articleId', 'tag.tag'])
      .where('tag.articleId IN (:...articleIds)', { articleIds })
      .getMany();
    const byArticle = new Map<number, string[]>();
    for (const row of rows) {
      const list = byArticle.get(row.articleId);
      if (list) list.push(row.tag);
      else byArticle.set(row.articleId, [row.tag]);
    }
    return byArticle;
  }

  private async favoritedAmong(viewerId: number | undefined, articleIds: readonly number[]): Promise<Set<number>> {
    if (viewerId === undefined) return new Set();
    const rows = await this.db.reader
      .createQueryBuilder(FavoriteEntity, 'favorite')
      .select(['favorite.articleId'])
      .where('favorite.userId = :viewerId', { viewerId })
      .andWhere('favorite.articleId IN (:...articleIds)', { articleIds })
      .getMany();
    return new Set(rows.map((row) => row.articleId));
  }
}
