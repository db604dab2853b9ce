import { Injectable } from '@nestjs/common';
import type { ArticleDto } from '@conduit/contracts';
import { ArticleEntity, Database, FavoriteEntity } from '@conduit/server/data-access';
import type { EntityManager } from 'typeorm';
import { requireExistingUser } from '@conduit/server/users';
import { ArticlesService } from '../articles/articles.service';

/**
 * Favoriting is idempotent both ways. `articles.favorites_count` is recomputed from
 * `favorites` in the same transaction as every change, so lists can read it directly
 * and it heals itself should it ever drift.
 */
@Injectable()
export class FavoritesService {
  constructor(
    private readonly db: Database,
    private readonly articles: ArticlesService,
  ) {}

  async favorite(viewerId: number, slug: string): Promise<ArticleDto> {
    const articleId = await this.db.write(async (manager) => {
      const article = await this.articles.requireBySlug(slug, manager);
      await requireExistingUser(manager, viewerId);
      await manager
        .createQueryBuilder()
        .insert()
        .into(FavoriteEntity)
        .values({ userId: viewerId, articleId: article.id, createdAt: new Date() })
        .orIgnore()
        .execute();
      await recountFavorites(manager, article.id);
      return article.id;
    });
    return this.articles.view(viewerId, { id: articleId });
  }

  async unfavorite(viewerId: number, slug: string): Promise<ArticleDto> {
    const articleId = await this.db.write(async (manager) => {
      const article = await this.articles.requireBySlug(slug, manager);
      await manager.delete(FavoriteEntity, { userId: viewerId, articleId: article.id });
      await recountFavorites(manager, article.id);
      return article.id;
    });
    return this.articles.view(viewerId, { id: articleId });
  }
}

async function recountFavorites(manager: EntityManager, articleId: number): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(ArticleEntity)
    .set({ favoritesCount: () => '(SELECT COUNT(*) FROM favorites WHERE favorites.article_id = :articleId)' })
    .where('id = :articleId', { articleId })
    .execute();
}
