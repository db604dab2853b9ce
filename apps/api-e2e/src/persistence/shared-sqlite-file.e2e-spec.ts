import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { sqliteFileUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { registerUser, type TestUser } from '../support/users';

/**
 * A rolling replacement on one host: the old and the new container share the SQLite volume,
 * and both take writes until the old one leaves. No client may see SQLITE_BUSY as a 5xx, and
 * every acknowledged write must be readable from either process.
 */
describe('two API processes on one SQLite file', () => {
  let old: ApiProcess;
  let next: ApiProcess;

  beforeAll(async () => {
    const { url } = sqliteFileUrl('shared.sqlite');
    old = await startApi({ DATABASE_URL: url, APP_VERSION: '1.0.0' });
    next = await startApi({ DATABASE_URL: url, APP_VERSION: '1.0.1' });
  });
  afterAll(async () => {
    await Promise.all([old?.stop(), next?.stop()]);
  });

  it('serves parallel writes through both with no 5xx, and every acknowledged write is readable from both', async () => {
    const [oldWriter, nextWriter] = [await registerUser(old.baseUrl, 'old'), await registerUser(next.baseUrl, 'next')];
    const target = await oldWriter.client.articles.create({ title: 'Shared', description: 'd', body: 'b' });
    const write = (api: ApiProcess, user: TestUser, i: number) =>
      i % 4 === 3
        ? http(api.baseUrl, 'POST', `/articles/${target.slug}/comments`, { token: user.token, body: { comment: { body: `comment ${i}` } } })
        : http(api.baseUrl, 'POST', '/articles', { token: user.token, body: { article: { title: `Article ${i}`, description: 'd', body: 'b', tagList: [`t${i % 7}`] } } });
    // 100 writes in flight at once, alternating between the processes.
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? write(old, oldWriter, i) : write(next, nextWriter, i))),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status === 201)).toBe(true);

    const slugs = responses.filter((r) => (r.json as { article?: unknown }).article).map((r) => (r.json as { article: { slug: string } }).article.slug);
    const comments = responses.filter((r) => (r.json as { comment?: unknown }).comment).map((r) => (r.json as { comment: { id: number } }).comment.id);
    for (const api of [old, next]) {
      for (const slug of slugs) expect((await http(api.baseUrl, 'GET', `/articles/${slug}`)).status).toBe(200);
      const listed = (await http(api.baseUrl, 'GET', `/articles/${target.slug}/comments`)).json as { comments: Array<{ id: number }> };
      expect(listed.comments.map((comment) => comment.id).sort((a, b) => a - b)).toEqual([...comments].sort((a, b) => a - b));
    }
  });
});
