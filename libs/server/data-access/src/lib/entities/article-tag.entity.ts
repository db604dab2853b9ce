import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('article_tags')
@Index('idx_article_tags_tag', ['tag'])
export class ArticleTagEntity {
  @PrimaryColumn({ name: 'article_id', type: 'integer' })
  articleId!: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  tag!: string;
}
