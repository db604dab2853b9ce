import { Injectable } from '@nestjs/common';
import type { ArticleDto, ArticleListQueryDto, ArticleListResponseDto, ArticleResponseDto, NewArticleDto, PageQueryDto, UpdateArticleDto } from '@conduit/contracts';
import { Database, isUniqueViolation } from '@conduit/server/data-access';
import { AnonymousReadCache, forbidden, notFound, nothingToChange } from '@conduit/server/platform';
import type { EntityManager } from 'typeorm';
import { TagsService } from '../tags/tags.service';
import { sortedTags } from './article-rows';
import { ArticlesRepository, type ArticleForChange, type ArticlePatch } from './articles.repository';
import { viewerWrite } from '../shared/viewer-write';
import { slugFor } from './slug';

/** A fresh random suffix makes a second slug clash practically impossible; a few tries are plenty. */
const SLUG_ATTEMPTS = 5;

/**
 * Articles: lists, the feed, one article, and the author's create/update/delete. The rules
 * (author only, a new title gives a new slug, what a change may contain) are here; the
 * statements are in `ArticlesRepository`. An anonymous reader's list page or article comes
 * from `AnonymousReadCache`, which every write here (and of favorites and profiles) clears.
 */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly db: Database,
    private readonly articles: ArticlesRepository,
    private readonly tags: TagsService,
    private readonly anonymous: AnonymousReadCache,
  ) {}

  list(viewerId: number | undefined, query: ArticleListQueryDto): Promise<ArticleListResponseDto> {
    const { tag, author, favorited, limit, offset } = query;
    const read = () => this.articles.page(viewerId, { tag, author, favorited }, { limit, offset });
    return viewerId === undefined ? this.anonymous.get(`list ${JSON.stringify([tag, author, favorited, limit, offset])}`, read) : read();
  }

  feed(viewerId: number, page: PageQueryDto): Promise<ArticleListResponseDto> {
    return this.articles.page(viewerId, { followedBy: viewerId }, { limit: page.limit, offset: page.offset });
  }

  /** `GET /articles/:slug`: the answer as `viewerId` sees it (404 if there is none); an anonymous reader's from memory. */
  bySlug(viewerId: number | undefined, slug: string): Promise<ArticleResponseDto> {
    const read = async () => ({ article: await this.view(viewerId, { slug }) });
    return viewerId === undefined ? this.anonymous.get(`article ${slug}`, read) : read();
  }

  /** The full Article as `viewerId` sees it (404 if there is none), from the database. */
  async view(viewerId: number | undefined, key: { slug: string } | { id: number }): Promise<ArticleDto> {
    const article = await this.articles.view(viewerId, key);
    if (!article) throw notFound('article');
    return article;
  }

  async create(viewerId: number, input: NewArticleDto): Promise<ArticleDto> {
    const tags = sortedTags(input.tagList ?? []);
    const id = await withFreshSlug(() =>
      viewerWrite(this.db, (manager) =>
        this.articles.insert(
          manager,
          { slug: slugFor(input.title), title: input.title, description: input.description, body: input.body, authorId: viewerId },
          tags,
        ),
      ),
    );
    this.wrote(tags.length > 0);
    return this.view(viewerId, { id });
  }

  /** Author only. A changed title gives a new slug; `tagList`, when sent, replaces the tags. */
  async update(viewerId: number, slug: string, changes: UpdateArticleDto): Promise<ArticleDto> {
    if (Object.values(changes).every((value) => value === undefined)) throw nothingToChange('article');
    const tags = changes.tagList === undefined ? undefined : sortedTags(changes.tagList);
    const id = await withFreshSlug(() =>
      this.db.write(async (manager) => {
        const article = await this.requireOwn(manager, viewerId, slug);
        const patch: ArticlePatch = {};
        if (changes.title !== undefined && changes.title !== article.title) {
          patch.title = changes.title;
          patch.slug = slugFor(changes.title);
        }
        if (changes.description !== undefined) patch.description = changes.description;
        if (changes.body !== undefined) patch.body = changes.body;
        await this.articles.update(manager, article.id, patch, tags);
        return article.id;
      }),
    );
    this.wrote(tags !== undefined);
    return this.view(viewerId, { id });
  }

  /** Author only; its comments, favorites and tags go with it. */
  async delete(viewerId: number, slug: string): Promise<void> {
    await this.db.write(async (manager) => this.articles.delete(manager, (await this.requireOwn(manager, viewerId, slug)).id));
    this.wrote(true);
  }

  /** After an article write: what anonymous readers are shown changed, and the tags if they may have. */
  private wrote(tagsChanged: boolean): void {
    this.anonymous.invalidate();
    if (tagsChanged) this.tags.invalidate();
  }

  /** Inside a write: the article `slug` names (404), which `viewerId` must have written (403). */
  private async requireOwn(manager: EntityManager, viewerId: number, slug: string): Promise<ArticleForChange> {
    const article = await this.articles.forChange(manager, slug);
    if (!article) throw notFound('article');
    if (article.authorId !== viewerId) throw forbidden('article');
    return article;
  }
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
