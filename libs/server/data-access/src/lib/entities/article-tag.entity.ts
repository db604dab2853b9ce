import { Entity, Index, PrimaryColumn } from 'typeorm';
import { FieldRules } from '@conduit/contracts';

@Entity('article_tags')
@Index('idx_article_tags_tag', ['tag'])
export class ArticleTagEntity {
  @PrimaryColumn({ name: 'article_id', type: 'integer' })
  articleId!: number;

  @PrimaryColumn({ type: 'varchar', length: FieldRules.tag.max })
  tag!: string;
}
