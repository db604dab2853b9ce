import { Injectable } from '@nestjs/common';
import type { ArticleDto } from '@conduit/contracts';
import { Database } from '@conduit/server/data-access';
import { AnonymousReadCache, notFound } from '@conduit/server/platform';
import type { EntityManager } from 'typeorm';
import { ArticlesRepository } from '../articles/articles.repository';
import { ArticlesService } from '../articles/articles.service';
import { viewerWrite } from '../shared/viewer-write';
import { FavoritesRepository } from './favorites.repository';

/** Favoriting is idempotent both ways; the answer is the article as the viewer now sees it. */
@Injectable()
export class FavoritesService {
  constructor(
    private readonly db: Database,
    private readonly articles: ArticlesRepository,
    private readonly views: ArticlesService,
    private readonly favorites: FavoritesRepository,
    private readonly anonymous: AnonymousReadCache,
  ) {}

  favorite(viewerId: number, slug: string): Promise<ArticleDto> {
    return this.change(viewerId, slug, (manager, articleId) => this.favorites.add(manager, viewerId, articleId));
  }

  unfavorite(viewerId: number, slug: string): Promise<ArticleDto> {
    return this.change(viewerId, slug, (manager, articleId) => this.favorites.remove(manager, viewerId, articleId));
  }

  private async change(viewerId: number, slug: string, apply: (manager: EntityManager, articleId: number) => Promise<void>): Promise<ArticleDto> {
    const articleId = await viewerWrite(this.db, async (manager) => {
      const article = await this.articles.forChange(manager, slug);
      if (!article) throw notFound('article');
      await apply(manager, article.id);
      return article.id;
    });
    // favoritesCount is in every list and article an anonymous reader is shown.
    this.anonymous.invalidate();
    return this.views.view(viewerId, { id: articleId });
  }
}
