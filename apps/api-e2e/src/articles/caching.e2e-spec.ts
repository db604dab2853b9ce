import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl, sqliteFileUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { clientFor, registerUser } from '../support/users';

describe.each(databaseKinds())('ETags, the tags cache and the anonymous reads cache on %s', (kind) => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers a GET whose If-None-Match still matches with 304 and no body, and 200 once it changed', async () => {
    const author = await registerUser(api.baseUrl);
    const article = await author.client.articles.create({ title: 'Cached', description: 'd', body: 'b', tagList: ['etag'] });
    for (const path of ['/tags', `/articles/${article.slug}`]) {
      const first = await http(api.baseUrl, 'GET', path);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/"/);
      const again = await http(api.baseUrl, 'GET', path, { headers: { 'if-none-match': etag as string } });
      expect({ status: again.status, body: again.text }).toEqual({ status: 304, body: '' });
    }
    const before = (await http(api.baseUrl, 'GET', `/articles/${article.slug}`)).headers.get('etag') as string;
    await author.client.articles.update(article.slug, { body: 'changed' });
    const changed = await http(api.baseUrl, 'GET', `/articles/${article.slug}`, { headers: { 'if-none-match': before } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ article: { body: 'changed' } });
  });

  it('shows a new tag at once to the process that wrote it, and drops a deleted one', async () => {
    const author = await registerUser(api.baseUrl);
    expect((await http(api.baseUrl, 'GET', '/tags')).json).not.toEqual({ tags: expect.arrayContaining(['fresh-tag']) });
    const article = await author.client.articles.create({ title: 'Tagged', description: 'd', body: 'b', tagList: ['fresh-tag'] });
    expect((await http(api.baseUrl, 'GET', '/tags')).json).toEqual({ tags: expect.arrayContaining(['fresh-tag']) });
    await author.client.articles.delete(article.slug);
    expect((await http(api.baseUrl, 'GET', '/tags')).json).not.toEqual({ tags: expect.arrayContaining(['fresh-tag']) });
  });

  it("shows an anonymous reader this process's article, favorite and profile writes at once", async () => {
    const author = await registerUser(api.baseUrl, 'cached');
    const fan = await registerUser(api.baseUrl);
    const article = await author.client.articles.create({ title: 'Seen at once', description: 'd', body: 'first' });
    const list = `/articles?author=${author.username}`;
    const anonymous = async () => {
      const [one, page] = await Promise.all([http(api.baseUrl, 'GET', `/articles/${article.slug}`), http(api.baseUrl, 'GET', list)]);
      return { article: (one.json as { article: unknown }).article, listed: (page.json as { articles: unknown[] }).articles[0] };
    };
    // Read once, so the answers are in memory before each write.
    expect(await anonymous()).toMatchObject({ article: { body: 'first' }, listed: { slug: article.slug } });
    await author.client.articles.update(article.slug, { body: 'second' });
    expect(await anonymous()).toMatchObject({ article: { body: 'second' } });
    await fan.client.articles.favorite(article.slug);
    expect(await anonymous()).toMatchObject({ article: { favoritesCount: 1, favorited: false }, listed: { favoritesCount: 1, favorited: false } });
    await author.client.users.update({ bio: 'a new bio' });
    expect(await anonymous()).toMatchObject({ article: { author: { bio: 'a new bio' } }, listed: { author: { bio: 'a new bio' } } });
    // A signed-in reader gets their own answer, never an anonymous one.
    expect(await fan.client.articles.get(article.slug)).toMatchObject({ favorited: true });
    await author.client.articles.delete(article.slug);
    expect((await http(api.baseUrl, 'GET', `/articles/${article.slug}`)).status).toBe(404);
    expect((await http(api.baseUrl, 'GET', list)).json).toEqual({ articles: [], articlesCount: 0 });
  });
});

describe('the anonymous reads cache across two processes (ARTICLES_CACHE_TTL_MS)', () => {
  it("keeps another process's edit from anonymous readers for at most the TTL", async () => {
    const { url } = sqliteFileUrl('articles-cache.sqlite');
    const writer = await startApi({ DATABASE_URL: url });
    const [remembering, forgetting] = [
      await startApi({ DATABASE_URL: url, ARTICLES_CACHE_TTL_MS: '60000' }),
      await startApi({ DATABASE_URL: url, ARTICLES_CACHE_TTL_MS: '500' }),
    ];
    try {
      const author = await registerUser(writer.baseUrl);
      const article = await author.client.articles.create({ title: 'Edited elsewhere', description: 'd', body: 'before' });
      const bodyOn = async (reader: ApiProcess) => ((await http(reader.baseUrl, 'GET', `/articles/${article.slug}`)).json as { article: { body: string } }).article.body;
      expect([await bodyOn(remembering), await bodyOn(forgetting)]).toEqual(['before', 'before']);
      await author.client.articles.update(article.slug, { body: 'after' });
      await new Promise((resolve) => setTimeout(resolve, 700));
      // The reader whose TTL has passed asked again; the other still answers from memory.
      expect([await bodyOn(remembering), await bodyOn(forgetting)]).toEqual(['before', 'after']);
      // A signed-in reader is never answered from memory.
      expect(await clientFor(remembering.baseUrl, author.token).articles.get(article.slug)).toMatchObject({ body: 'after' });
    } finally {
      await Promise.all([writer.stop(), remembering.stop(), forgetting.stop()]);
    }
  });
});

describe('the tags cache across two processes (TAGS_CACHE_TTL_MS)', () => {
  it("shows another process's new tag once the TTL has passed", async () => {
    const { url } = sqliteFileUrl('tags.sqlite');
    const [writer, reader] = [await startApi({ DATABASE_URL: url }), await startApi({ DATABASE_URL: url, TAGS_CACHE_TTL_MS: '500' })];
    try {
      const author = await registerUser(writer.baseUrl);
      expect((await http(reader.baseUrl, 'GET', '/tags')).json).toEqual({ tags: [] });
      await author.client.articles.create({ title: 'Elsewhere', description: 'd', body: 'b', tagList: ['from-the-writer'] });
      // Within the TTL the reader may still answer from memory; after it, it must have asked again.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await http(reader.baseUrl, 'GET', '/tags')).json).toEqual({ tags: ['from-the-writer'] });
    } finally {
      await Promise.all([writer.stop(), reader.stop()]);
    }
  });
});
