import { Injectable } from '@nestjs/common';
import type { ArticleDto, ArticleListQueryDto, ArticleListResponseDto, NewArticleDto, PageQueryDto, UpdateArticleDto } from '@conduit/contracts';
import { ArticleEntity, ArticleTagEntity, CommentEntity, Database, FavoriteEntity, isUniqueViolation } from '@conduit/server/data-access';
import { forbidden, notFound, nothingToChange } from '@conduit/server/platform';
import { requireExistingUser } from '@conduit/server/users';
import type { EntityManager } from 'typeorm';
import { ArticleListQuery } from './article-list.query';
import { sortedTags, toArticleDto, type ArticleExtras } from './article-view';
import { slugFor } from './slug';

/** A fresh random suffix makes a second slug clash practically impossible; a few tries are plenty. */
const SLUG_ATTEMPTS = 5;

/** Articles: lists, the feed, one article, and the author's create/update/delete. */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly db: Database,
    private readonly lists: ArticleListQuery,
  ) {}

  list(viewerId: number | undefined, query: ArticleListQueryDto): Promise<ArticleListResponseDto> {
    const { tag, author, favorited, limit, offset } = query;
    return this.lists.list(viewerId, { tag, author, favorited }, { limit, offset });
  }

  feed(viewerId: number, page: PageQueryDto): Promise<ArticleListResponseDto> {
    return this.lists.list(viewerId, { followedBy: viewerId }, { limit: page.limit, offset: page.offset });
  }

  async get(viewerId: number | undefined, slug: string): Promise<ArticleDto> {
    return this.view(viewerId, { slug });
  }

  async create(viewerId: number, input: NewArticleDto): Promise<ArticleDto> {
    const tagList = sortedTags(input.tagList ?? []);
    const id = await withFreshSlug(() =>
      this.db.write(async (manager) => {
        await requireExistingUser(manager, viewerId);
        const now = new Date();
        const inserted = await manager.insert(ArticleEntity, {
          slug: slugFor(input.title),
          title: input.title,
          description: input.description,
          body: input.body,
          authorId: viewerId,
          favoritesCount: 0,
          createdAt: now,
          updatedAt: now,
        });
        const articleId = Number(inserted.identifiers[0]['id']);
        await replaceTags(manager, articleId, tagList);
        return articleId;
      }),
    );
    return this.view(viewerId, { id });
  }

  /** Author only. A changed title gives a new slug; `tagList`, when sent, replaces the tags. */
  async update(viewerId: number, slug: string, changes: UpdateArticleDto): Promise<ArticleDto> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw nothingToChange('article');
    }
    const id = await withFreshSlug(() =>
      this.db.write(async (manager) => {
        const article = await this.requireOwnArticle(manager, viewerId, slug);
        const patch: Partial<ArticleEntity> = { updatedAt: new Date() };
        if (changes.title !== undefined && changes.title !== article.title) {
          patch.title = changes.title;
          patch.slug = slugFor(changes.title);
        }
        if (changes.description !== undefined) patch.description = changes.description;
        if (changes.body !== undefined) patch.body = changes.body;
        await manager.update(ArticleEntity, { id: article.id }, patch);
        if (changes.tagList !== undefined) await replaceTags(manager, article.id, sortedTags(changes.tagList));
        return article.id;
      }),
    );
    return this.view(viewerId, { id });
  }

  /**
   * Author only. Comments, favorites and tags go in the same transaction. The foreign keys
   * cascade too, but the explicit deletes do not depend on the engine enforcing them.
   */
  async delete(viewerId: number, slug: string): Promise<void> {
    await this.db.write(async (manager) => {
      const article = await this.requireOwnArticle(manager, viewerId, slug);
      await manager.delete(CommentEntity, { articleId: article.id });
      await manager.delete(FavoriteEntity, { articleId: article.id });
      await manager.delete(ArticleTagEntity, { articleId: article.id });
      await manager.delete(ArticleEntity, { id: article.id });
    });
  }

  /** The full Article as `viewerId` sees it (404 if it is gone). */
  async view(viewerId: number | undefined, key: { id: number } | { slug: string }): Promise<ArticleDto> {
    const article = await this.lists.one(key);
    if (!article) throw notFound('article');
    const extras = await this.lists.extrasFor(viewerId, [article]);
    return toArticleDto(article, extras.get(article.id) as ArticleExtras);
  }

  /**
   * The article a slug names, for the comment and favorite features too: 404 when there is
   * none. Pass the write transaction's manager to read inside it.
   */
  async requireBySlug(slug: string, manager: EntityManager = this.db.reader): Promise<ArticleEntity> {
    const article = await manager.findOneBy(ArticleEntity, { slug });
    if (!article) throw notFound('article');
    return article;
  }

  private async requireOwnArticle(manager: EntityManager, viewerId: number, slug: string): Promise<ArticleEntity> {
    const article = await this.requireBySlug(slug, manager);
    if (article.authorId !== viewerId) throw forbidden('article');
    return article;
  }
}

async function replaceTags(manager: EntityManager, articleId: number, tagList: readonly string[]): Promise<void> {
  await manager.delete(ArticleTagEntity, { articleId });
  if (tagList.length > 0) await manager.insert(ArticleTagEntity, tagList.map((tag) => ({ articleId, tag })));
}

/**
 * Runs a write that picks a new random slug on every call, again if the slug was taken
 * meanwhile. The whole transaction is retried: on PostgreSQL a failed statement aborts it.
 */
export async function withFreshSlug<T>(write: () => Promise<T>, attempts = SLUG_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isUniqueViolation(error)) throw error;
    }
  }
}
