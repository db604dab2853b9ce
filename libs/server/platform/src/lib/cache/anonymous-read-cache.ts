import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
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
 * Each key names one shape of answer, kept and read by one call site with one load.
 */
@Injectable()
export class AnonymousReadCache extends ReadThroughCache<object> {
  constructor(config: AppConfig) {
    super({
      ttlMs: config.cache.articlesTtlMs,
      maxEntries: MAX_ENTRIES,
      maxSize: { total: MAX_JSON_LENGTH, sizeOf: (answer) => JSON.stringify(answer).length },
    });
  }
}
