import { Injectable } from '@nestjs/common';
import { ArticleEntity, FavoriteEntity } from '@conduit/server/data-access';
import type { EntityManager } from 'typeorm';

/**
 * The favorites' statements. `articles.favorites_count` is recomputed from `favorites` in the
 * same transaction as every change, so lists read it directly and it heals itself should it
 * ever drift.
 */
@Injectable()
export class FavoritesRepository {
  /** Idempotent: favoriting twice is still favoriting. */
  async add(manager: EntityManager, userId: number, articleId: number): Promise<void> {
    await manager.createQueryBuilder().insert().into(FavoriteEntity).values({ userId, articleId, createdAt: new Date() }).orIgnore().execute();
    await this.recount(manager, articleId);
  }

  async remove(manager: EntityManager, userId: number, articleId: number): Promise<void> {
    await manager.delete(FavoriteEntity, { userId, articleId });
    await this.recount(manager, articleId);
  }

  private async recount(manager: EntityManager, articleId: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(ArticleEntity)
      .set({ favoritesCount: () => '(SELECT COUNT(*) FROM favorites WHERE favorites.article_id = :articleId)' })
      .where('id = :articleId', { articleId })
      .execute();
  }
}
