import { ReadThroughCache } from './read-through-cache';

/** A load whose answer the test gives when it chooses, counting how often it was asked. */
function controlledLoad<V>() {
  const answers: Array<(value: V | undefined) => void> = [];
  const load = jest.fn(() => new Promise<V | undefined>((resolve) => answers.push(resolve)));
  const answer = (value: V | undefined, which = answers.length - 1) => answers[which]?.(value);
  return { load, answer };
}

describe('ReadThroughCache', () => {
  let clock = 0;
  const now = () => clock;
  const cache = (ttlMs = 1_000, more: { maxEntries?: number; total?: number } = {}) =>
    new ReadThroughCache<string>({
      ttlMs,
      maxEntries: more.maxEntries ?? 10,
      ...(more.total === undefined ? {} : { maxSize: { total: more.total, sizeOf: (value: string) => value.length } }),
      now,
    });
  beforeEach(() => {
    clock = 1_000;
  });

  it('serves a value from memory until its TTL has passed, then loads it again', async () => {
    const tags = cache(1_000);
    const load = jest.fn().mockResolvedValueOnce('first').mockResolvedValueOnce('second');
    expect(await tags.get('k', load)).toBe('first');
    clock += 999;
    expect(await tags.get('k', load)).toBe('first');
    clock += 2;
    expect(await tags.get('k', load)).toBe('second');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps each key apart', async () => {
    const pages = cache();
    expect(await pages.get('a', async () => 'A')).toBe('A');
    expect(await pages.get('b', async () => 'B')).toBe('B');
    expect(await pages.get('a', async () => 'not asked')).toBe('A');
  });

  it('makes concurrent misses of a key share one load', async () => {
    const pages = cache();
    const { load, answer } = controlledLoad<string>();
    const both = Promise.all([pages.get('k', load), pages.get('k', load)]);
    answer('once');
    expect(await both).toEqual(['once', 'once']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads afresh after invalidate()', async () => {
    const pages = cache();
    await pages.get('k', async () => 'before the write');
    pages.invalidate();
    expect(await pages.get('k', async () => 'after the write')).toBe('after the write');
  });

  it('answers the callers of a load that invalidate() interrupted, but does not keep its value', async () => {
    const pages = cache();
    const { load, answer } = controlledLoad<string>();
    const early = pages.get('k', load);
    pages.invalidate();
    // A read after the write does not join the load that may predate it.
    const late = pages.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    answer('from before the write', 0);
    expect(await early).toBe('from before the write');
    // The interrupted load ending does not drop the newer one: a third reader joins it.
    const third = pages.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    answer('from after the write', 1);
    expect(await Promise.all([late, third])).toEqual(['from after the write', 'from after the write']);
    expect(await pages.get('k', load)).toBe('from after the write');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('never keeps "nothing found": another instance may create it any moment', async () => {
    const pages = cache();
    const load = jest.fn().mockResolvedValueOnce(undefined).mockResolvedValueOnce('created');
    expect(await pages.get('k', load)).toBeUndefined();
    expect(await pages.get('k', load)).toBe('created');
  });

  it('passes a failed load on to its callers and asks again next time', async () => {
    const pages = cache();
    const load = jest.fn().mockRejectedValueOnce(new Error('database gone')).mockResolvedValueOnce('back');
    await expect(pages.get('k', load)).rejects.toThrow('database gone');
    expect(await pages.get('k', load)).toBe('back');
  });

  it('keeps nothing with a TTL of 0, but still shares a load between concurrent misses', async () => {
    const pages = cache(0);
    const { load, answer } = controlledLoad<string>();
    const both = Promise.all([pages.get('k', load), pages.get('k', load)]);
    answer('shared');
    expect(await both).toEqual(['shared', 'shared']);
    const again = pages.get('k', load);
    answer('asked again');
    expect(await again).toBe('asked again');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops the least recently read key past maxEntries, and never keeps a value over the size bound', async () => {
    const pages = cache(1_000, { maxEntries: 2, total: 10 });
    await pages.get('a', async () => 'A');
    await pages.get('b', async () => 'B');
    await pages.get('a', async () => 'not asked');
    await pages.get('c', async () => 'C');
    expect(await pages.get('b', async () => 'B again')).toBe('B again');
    expect(await pages.get('a', async () => 'A again')).toBe('A again');
    await pages.get('big', async () => 'x'.repeat(11));
    expect(await pages.get('big', async () => 'loaded again')).toBe('loaded again');
  });
});
