import { Injectable } from '@nestjs/common';
import type { TagListResponseDto } from '@conduit/contracts';
import { AppConfig, prepareJson, ReadThroughCache } from '@conduit/server/platform';
import { TagsRepository } from './tags.repository';

/**
 * `GET /tags` from memory: the list changes only when an article's tags do. This process
 * forgets it on each of its own article writes; another instance's writes show within
 * `TAGS_CACHE_TTL_MS` (the longest a list may be stale across instances; 0: no cache).
 */
@Injectable()
export class TagsService {
  private readonly list: ReadThroughCache<TagListResponseDto>;

  constructor(
    private readonly tags: TagsRepository,
    config: AppConfig,
  ) {
    this.list = new ReadThroughCache<TagListResponseDto>({ ttlMs: config.cache.tagsTtlMs, maxEntries: 1 });
  }

  /**
   * `GET /tags`: every tag some article carries, once, sorted by code unit (not by a database
   * collation). Kept as the answer itself, prepared: sent with its JSON and ETag made once.
   */
  inUse(): Promise<TagListResponseDto> {
    return this.list.get('tags', async () => prepareJson({ tags: (await this.tags.inUse()).sort() }));
  }

  /** An article of this process was created, changed or deleted: the next read goes to the database. */
  invalidate(): void {
    this.list.invalidate();
  }
}
