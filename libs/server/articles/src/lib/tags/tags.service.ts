import { Injectable } from '@nestjs/common';
import { AppConfig, ReadThroughCache } from '@conduit/server/platform';
import { TagsRepository } from './tags.repository';

/**
 * `GET /tags` from memory: the list changes only when an article's tags do. This process
 * forgets it on each of its own article writes; another instance's writes show within
 * `TAGS_CACHE_TTL_MS` (the longest a list may be stale across instances; 0: no cache).
 */
@Injectable()
export class TagsService {
  private readonly list: ReadThroughCache<string[]>;

  constructor(
    private readonly tags: TagsRepository,
    config: AppConfig,
  ) {
    this.list = new ReadThroughCache<string[]>({ ttlMs: config.cache.tagsTtlMs, maxEntries: 1 });
  }

  /** Every tag some article carries, once, sorted by code unit (not by a database collation). */
  inUse(): Promise<string[]> {
    return this.list.get('tags', async () => (await this.tags.inUse()).sort());
  }

  /** An article of this process was created, changed or deleted: the next read goes to the database. */
  invalidate(): void {
    this.list.invalidate();
  }
}
