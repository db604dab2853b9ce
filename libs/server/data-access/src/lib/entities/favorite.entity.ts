import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `userId` favorited `articleId`. */
@Entity('favorites')
@Index('idx_favorites_article', ['articleId'])
export class FavoriteEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  @PrimaryColumn({ name: 'article_id', type: 'integer' })
  articleId!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
