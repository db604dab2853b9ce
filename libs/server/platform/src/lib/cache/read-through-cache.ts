import { LRUCache } from 'lru-cache';

export interface ReadThroughCacheOptions<V> {
  /** How long a value is served from memory; 0 stores nothing (concurrent misses still share one load). */
  readonly ttlMs: number;
  /** The most values kept, the least recently read going first. */
  readonly maxEntries: number;
  /** Bounds the values' total size as `sizeOf` counts it (a value over it is never kept); without it only `maxEntries` bounds them. */
  readonly maxSize?: { readonly total: number; readonly sizeOf: (value: V) => number };
  /** The clock the TTL is measured by, in ms (tests turn it by hand); `performance.now` by default. */
  readonly now?: () => number;
}

/**
 * Values read from the database, served from memory for `ttlMs`. It bounds how stale a value
 * may be when another instance writes; this process calls `invalidate()` after each of its
 * own writes that could change one, so its own readers see every write at once. Concurrent
 * misses of a key share one load; a load that was running when `invalidate()` was called
 * may predate the write, so it answers its callers but is not kept. `undefined` (nothing
 * found) is never kept: another instance may create it any moment.
 *
 * lru-cache keeps the values (recency, TTL, size bound). Its own `fetch()` is not used: it
 * rejects every caller of a load that `clear()` interrupts, where a reader should get an answer.
 */
export class ReadThroughCache<V extends NonNullable<unknown>> {
  private readonly values: LRUCache<string, V> | undefined;
  private readonly loading = new Map<string, Promise<V | undefined>>();
  private generation = 0;

  constructor(options: ReadThroughCacheOptions<V>) {
    this.values =
      options.ttlMs > 0
        ? new LRUCache<string, V>({
            max: options.maxEntries,
            ttl: options.ttlMs,
            ...(options.maxSize && { maxSize: options.maxSize.total, sizeCalculation: options.maxSize.sizeOf }),
            ...(options.now && { perf: { now: options.now }, ttlResolution: 0 }),
          })
        : undefined;
  }

  /**
   * The value of `key`: from memory while fresh, else from `load` (shared with concurrent
   * callers). A key is always read with the same `load`, so what is kept under it is what
   * that load answers (`R`: a load that never answers `undefined` makes `get` never answer it).
   */
  get<R extends V | undefined>(key: string, load: () => Promise<R>): Promise<R> {
    const kept = this.values?.get(key) as R | undefined;
    if (kept !== undefined) return Promise.resolve(kept);
    const running = this.loading.get(key) as Promise<R> | undefined;
    if (running !== undefined) return running;
    const pending: Promise<R> = this.load(key, load).finally(() => {
      // After an invalidate() the map may hold a newer load of the key: leave that one.
      if (this.loading.get(key) === pending) this.loading.delete(key);
    });
    this.loading.set(key, pending);
    return pending;
  }

  /** This process wrote something a kept value may show: every later `get` loads afresh. */
  invalidate(): void {
    this.generation += 1;
    this.values?.clear();
    this.loading.clear();
  }

  private async load<R extends V | undefined>(key: string, load: () => Promise<R>): Promise<R> {
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation) this.values?.set(key, value);
    return value;
  }
}
