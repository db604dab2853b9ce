import { Injectable } from '@nestjs/common';
import { ArticleTagEntity, Database } from '@conduit/server/data-access';

@Injectable()
export class TagsService {
  constructor(private readonly db: Database) {}

  /** Every tag some article carries, once, sorted by code unit (not by a database collation). */
  async inUse(): Promise<string[]> {
    const rows = await this.db.reader
      .createQueryBuilder(ArticleTagEntity, 'articleTag')
      .select('articleTag.tag', 'tag')
      .distinct(true)
      .getRawMany<{ tag: string }>();
    return rows.map((row) => row.tag).sort();
  }
}
