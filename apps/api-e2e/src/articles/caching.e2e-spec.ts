import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl, sqliteFileUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { registerUser } from '../support/users';

describe.each(databaseKinds())('ETags and the tags cache on %s', (kind) => {
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
