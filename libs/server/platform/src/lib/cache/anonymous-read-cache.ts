import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { prepareJson, preparedJsonLength } from '../http/prepared-json';
import { ReadThroughCache } from './read-through-cache';

/** Enough for every list page and article a bench or a busy front page reads; far under the heap. */
const MAX_ENTRIES = 1_000;
/** The kept answers' JSON, in UTF-16 code units, at most (an article over it is never kept). */
const MAX_JSON_LENGTH = 4_000_000;

/**
 * What an anonymous reader is shown of the articles (a list page, one article): the same
 * for every anonymous reader, so kept for `ARTICLES_CACHE_TTL_MS`, the longest another
 * instance's write may stay unseen by them. Every write of this process that could change
 * one (an article, a favorite, an author's profile) calls `invalidate()`, so this process's
 * readers see it at once. A viewer's own answers (`favorited`, `following`) are never kept.
 * Each key names one shape of answer, kept and read by one call site with one load. An answer
 * is kept as the handler returns it (envelope included), so it is sent as prepared.
 */
@Injectable()
export class AnonymousReadCache extends ReadThroughCache<object> {
  constructor(config: AppConfig) {
    super({
      ttlMs: config.cache.articlesTtlMs,
      maxEntries: MAX_ENTRIES,
      // Every answer `get` keeps is prepared; one that were not would count as over the bound.
      maxSize: { total: MAX_JSON_LENGTH, sizeOf: (answer) => preparedJsonLength(answer) ?? MAX_JSON_LENGTH + 1 },
    });
  }

  /** As `ReadThroughCache.get`; what `load` answers is prepared (its JSON and ETag made once) before it is kept. */
  override get<R extends object | undefined>(key: string, load: () => Promise<R>): Promise<R> {
    return super.get(key, async () => {
      const answer = await load();
      return answer === undefined ? answer : prepareJson(answer);
    });
  }
}
