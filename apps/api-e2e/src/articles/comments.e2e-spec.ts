import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { expectErrorBody } from '../support/error-body';
import { clientFor, registerUser, type TestUser } from '../support/users';

const ISO_WITH_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(databaseKinds())('comments on %s', (kind) => {
  let api: ApiProcess;
  let author: TestUser;
  let reader: TestUser;
  let slug: string;

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
    author = await registerUser(api.baseUrl, 'author');
    reader = await registerUser(api.baseUrl, 'reader');
    slug = (await author.client.articles.create({ title: 'Commented', description: 'd', body: 'b' })).slug;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('adds a comment with 201 and lists comments oldest first, anonymously or with following', async () => {
    const response = await http(api.baseUrl, 'POST', `/articles/${slug}/comments`, { token: reader.token, body: { comment: { body: 'first!' } } });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({
      comment: {
        id: expect.any(Number),
        createdAt: expect.stringMatching(ISO_WITH_MS),
        updatedAt: expect.stringMatching(ISO_WITH_MS),
        body: 'first!',
        author: { username: reader.username, bio: null, image: null, following: false },
      },
    });
    await author.client.comments.create(slug, { body: 'second' });
    const anonymous = await clientFor(api.baseUrl).comments.list(slug);
    expect(anonymous.map((comment) => comment.body)).toEqual(['first!', 'second']);
    await author.client.profiles.follow(reader.username);
    const asAuthor = await author.client.comments.list(slug);
    expect(asAuthor[0].author).toMatchObject({ username: reader.username, following: true });
  });

  it('lets only the comment’s author delete it (204, empty body)', async () => {
    const comment = await reader.client.comments.create(slug, { body: 'mine' });
    expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/${comment.id}`, { token: author.token }), 403);
    expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/${comment.id}`), 401);
    const deleted = await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/${comment.id}`, { token: reader.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const remaining = await clientFor(api.baseUrl).comments.list(slug);
    expect(remaining.map((listed) => listed.id)).not.toContain(comment.id);
    expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/${comment.id}`, { token: reader.token }), 404);
  });

  it('answers 404 for a comment of another article and for unknown ids and slugs', async () => {
    const other = await author.client.articles.create({ title: 'Other', description: 'd', body: 'b' });
    const comment = await reader.client.comments.create(other.slug, { body: 'elsewhere' });
    expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/${comment.id}`, { token: reader.token }), 404);
    expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/999999`, { token: reader.token }), 404);
    expectErrorBody(await http(api.baseUrl, 'GET', '/articles/no-such-article/comments'), 404);
    expectErrorBody(await http(api.baseUrl, 'POST', '/articles/no-such-article/comments', { token: reader.token, body: { comment: { body: 'x' } } }), 404);
  });

  it.each(['abc', '1.5', '-1', '99999999999999999999999'])('answers a 4xx for the malformed comment id %s', async (id) => {
    const response = await http(api.baseUrl, 'DELETE', `/articles/${slug}/comments/${id}`, { token: reader.token });
    expect([404, 422]).toContain(response.status);
    expectErrorBody(response, response.status);
  });

  it('answers 401 without a token and 422 for a blank or missing body', async () => {
    expectErrorBody(await http(api.baseUrl, 'POST', `/articles/${slug}/comments`, { body: { comment: { body: 'x' } } }), 401);
    expectErrorBody(await http(api.baseUrl, 'POST', `/articles/${slug}/comments`, { token: reader.token, body: { comment: { body: '' } } }), 422, 'body');
    expectErrorBody(await http(api.baseUrl, 'POST', `/articles/${slug}/comments`, { token: reader.token, body: { comment: {} } }), 422, 'body');
    expectErrorBody(await http(api.baseUrl, 'POST', `/articles/${slug}/comments`, { token: reader.token, body: {} }), 422, 'comment');
  });
});
