import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';
import { FieldRules } from '@conduit/contracts';

@Entity('articles')
@Index('idx_articles_author', ['authorId'])
@Index('idx_articles_created', ['createdAt'])
export class ArticleEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: FieldRules.slug.max, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: FieldRules.title.max })
  title!: string;

  @Column({ type: 'varchar', length: FieldRules.description.max })
  description!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'author_id', type: 'integer' })
  authorId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;

  /**
   * Kept in step with `favorites` inside the same transaction as every favorite change,
   * so lists read it without a COUNT per article.
   */
  @Column({ name: 'favorites_count', type: 'integer', default: 0 })
  favoritesCount!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
