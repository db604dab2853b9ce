import { Injectable } from '@nestjs/common';
import { Reads } from '@conduit/server/data-access';

/** The tags' statement: every tag some article carries, once. */
@Injectable()
export class TagsRepository {
  constructor(private readonly reads: Reads) {}

  async inUse(): Promise<string[]> {
    return (await this.reads.all<{ tag: string }>('SELECT DISTINCT tag FROM article_tags')).map((row) => row.tag);
  }
}
