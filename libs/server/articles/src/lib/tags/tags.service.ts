import { Injectable } from '@nestjs/common';
import { AppConfig } from '@conduit/server/platform';
import { TagsRepository } from './tags.repository';

/**
 * `GET /tags` from memory: the list changes only when an article's tags do. This process
 * forgets it on each of its own article writes; another instance's writes show within
 * `TAGS_CACHE_TTL_MS` (the longest a list may be stale across instances; 0: no cache).
 */
@Injectable()
export class TagsService {
  private cached: { tags: string[]; until: number } | undefined;
  /** The query in flight, shared by concurrent misses; a write drops it, so later reads see the write. */
  private loading: Promise<string[]> | undefined;
  private generation = 0;

  constructor(
    private readonly tags: TagsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Every tag some article carries, once, sorted by code unit (not by a database collation). */
  async inUse(): Promise<string[]> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.tags;
    if (!this.loading) {
      const loading = this.load();
      this.loading = loading;
      void loading.finally(() => {
        if (this.loading === loading) this.loading = undefined;
      }).catch(() => undefined);
    }
    return this.loading;
  }

  /** An article of this process was created, changed or deleted: the next read goes to the database. */
  invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
    this.loading = undefined;
  }

  private async load(): Promise<string[]> {
    const generation = this.generation;
    const tags = (await this.tags.inUse()).sort();
    // A write that happened while the query ran may not be in it: then do not keep it.
    const ttl = this.config.cache.tagsTtlMs;
    if (generation === this.generation && ttl > 0) this.cached = { tags, until: Date.now() + ttl };
    return tags;
  }
}
