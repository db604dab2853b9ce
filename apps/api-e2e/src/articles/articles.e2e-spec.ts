import type { Article } from '@conduit/api-client';
import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { expectErrorBody } from '../support/error-body';
import { clientFor, registerUser, type TestUser } from '../support/users';

const ISO_WITH_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(databaseKinds())('articles on %s', (kind) => {
  let api: ApiProcess;
  let author: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
    author = await registerUser(api.baseUrl, 'author');
    reader = await registerUser(api.baseUrl, 'reader');
  });
  afterAll(async () => {
    await api?.stop();
  });

  const newArticle = (title = 'How to train your dragon') => ({
    title,
    description: 'Ever wonder how?',
    body: 'You have to believe',
    tagList: [' training', 'dragons', 'training', 'Zebra'],
  });

  describe('POST /articles', () => {
    it('creates an article: 201, sorted and deduplicated tags, ISO timestamps with ms, author profile', async () => {
      const response = await http(api.baseUrl, 'POST', '/articles', { token: author.token, body: { article: newArticle() } });
      expect(response.status).toBe(201);
      const { article } = response.json as { article: Article };
      expect(article).toEqual({
        slug: expect.stringMatching(/^how-to-train-your-dragon-[a-z0-9]+$/),
        title: 'How to train your dragon',
        description: 'Ever wonder how?',
        body: 'You have to believe',
        tagList: ['Zebra', 'dragons', 'training'],
        createdAt: expect.stringMatching(ISO_WITH_MS),
        updatedAt: expect.stringMatching(ISO_WITH_MS),
        favorited: false,
        favoritesCount: 0,
        author: { username: author.username, bio: null, image: null, following: false },
      });
    });

    it('gives two articles with one title two slugs', async () => {
      const first = await author.client.articles.create(newArticle('Same title'));
      const second = await author.client.articles.create(newArticle('Same title'));
      expect(first.slug).not.toBe(second.slug);
      await expect(clientFor(api.baseUrl).articles.get(second.slug)).resolves.toMatchObject({ title: 'Same title' });
    });

    it('makes a usable slug from a title without ASCII letters', async () => {
      const article = await author.client.articles.create(newArticle('日本語のタイトル 🚀'));
      expect(article.slug).toMatch(/^[a-z0-9-]+$/);
      await expect(clientFor(api.baseUrl).articles.get(article.slug)).resolves.toMatchObject({ title: '日本語のタイトル 🚀' });
    });

    it('needs a token', async () => {
      expectErrorBody(await http(api.baseUrl, 'POST', '/articles', { body: { article: newArticle() } }), 401);
    });

    it.each([
      ['no root', {}, 'article'],
      ['a missing title', { article: { description: 'd', body: 'b' } }, 'title'],
      ['a blank title', { article: { title: '  ', description: 'd', body: 'b' } }, 'title'],
      ['a missing body', { article: { title: 't', description: 'd' } }, 'body'],
      ['a numeric description', { article: { title: 't', description: 5, body: 'b' } }, 'description'],
      ['a string tagList', { article: { title: 't', description: 'd', body: 'b', tagList: 'dragons' } }, 'tagList'],
      ['an empty tag', { article: { title: 't', description: 'd', body: 'b', tagList: ['ok', ' '] } }, 'tagList'],
      ['a numeric tag', { article: { title: 't', description: 'd', body: 'b', tagList: [1] } }, 'tagList'],
      ['a 256-character title', { article: { title: 'x'.repeat(256), description: 'd', body: 'b' } }, 'title'],
    ])('answers 422 for %s', async (_case, body, field) => {
      expectErrorBody(await http(api.baseUrl, 'POST', '/articles', { token: author.token, body }), 422, field);
    });
  });

  describe('GET /articles/:slug', () => {
    it('answers anonymously and with the viewer’s favorited/following', async () => {
      const article = await author.client.articles.create(newArticle());
      await reader.client.profiles.follow(author.username);
      await reader.client.articles.favorite(article.slug);
      await expect(clientFor(api.baseUrl).articles.get(article.slug)).resolves.toMatchObject({
        favorited: false,
        favoritesCount: 1,
        author: { following: false },
      });
      await expect(reader.client.articles.get(article.slug)).resolves.toMatchObject({
        favorited: true,
        favoritesCount: 1,
        author: { username: author.username, following: true },
      });
      await reader.client.profiles.unfollow(author.username);
    });

    it('answers 404 for an unknown slug, including hostile ones', async () => {
      for (const slug of ['no-such-article', encodeURIComponent("' OR 1=1 --"), 'x'.repeat(2_000), '%E2%80%AE']) {
        expectErrorBody(await http(api.baseUrl, 'GET', `/articles/${slug}`), 404);
      }
    });
  });

  describe('PUT /articles/:slug', () => {
    it('lets the author change fields; a new title gives a new slug and the old one is gone', async () => {
      const article = await author.client.articles.create(newArticle('Original title'));
      const updated = await author.client.articles.update(article.slug, { title: 'Brand new title', body: 'New body' });
      expect(updated).toMatchObject({ title: 'Brand new title', body: 'New body', description: article.description, tagList: article.tagList });
      expect(updated.slug).toMatch(/^brand-new-title-/);
      expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(article.updatedAt).getTime());
      expectErrorBody(await http(api.baseUrl, 'GET', `/articles/${article.slug}`), 404);
      const unchangedSlug = await author.client.articles.update(updated.slug, { description: 'only this' });
      expect(unchangedSlug.slug).toBe(updated.slug);
    });

    it('answers 403 to another user, 401 without a token, 404 for an unknown slug, 422 for bad fields', async () => {
      const article = await author.client.articles.create(newArticle());
      expectErrorBody(await http(api.baseUrl, 'PUT', `/articles/${article.slug}`, { token: reader.token, body: { article: { title: 'mine now' } } }), 403);
      expectErrorBody(await http(api.baseUrl, 'PUT', `/articles/${article.slug}`, { body: { article: { title: 'x' } } }), 401);
      expectErrorBody(await http(api.baseUrl, 'PUT', '/articles/no-such-article', { token: author.token, body: { article: { title: 'x' } } }), 404);
      expectErrorBody(await http(api.baseUrl, 'PUT', `/articles/${article.slug}`, { token: author.token, body: { article: { title: '' } } }), 422, 'title');
      await expect(clientFor(api.baseUrl).articles.get(article.slug)).resolves.toMatchObject({ title: article.title });
    });
  });

  describe('DELETE /articles/:slug', () => {
    it('lets only the author delete; 204 with an empty body; comments and favorites go with it', async () => {
      const article = await author.client.articles.create(newArticle('To be deleted'));
      const comment = await reader.client.comments.create(article.slug, { body: 'nice' });
      await reader.client.articles.favorite(article.slug);
      expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${article.slug}`, { token: reader.token }), 403);
      expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${article.slug}`), 401);
      const deleted = await http(api.baseUrl, 'DELETE', `/articles/${article.slug}`, { token: author.token });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectErrorBody(await http(api.baseUrl, 'GET', `/articles/${article.slug}`), 404);
      expectErrorBody(await http(api.baseUrl, 'GET', `/articles/${article.slug}/comments`), 404);
      expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${article.slug}/comments/${comment.id}`, { token: reader.token }), 404);
      const favorites = await clientFor(api.baseUrl).articles.list({ favorited: reader.username, limit: 100 });
      expect(favorites.articles.map((listed) => listed.slug)).not.toContain(article.slug);
      // Nothing else was deleted: the users are still there.
      await expect(clientFor(api.baseUrl).profiles.get(reader.username)).resolves.toMatchObject({ username: reader.username });
      expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${article.slug}`, { token: author.token }), 404);
    });
  });

  describe('favorites', () => {
    it('favorites and unfavorites idempotently with 200 and the article', async () => {
      const article = await author.client.articles.create(newArticle());
      const post = await http(api.baseUrl, 'POST', `/articles/${article.slug}/favorite`, { token: reader.token });
      expect(post.status).toBe(200);
      expect(post.json).toMatchObject({ article: { slug: article.slug, favorited: true, favoritesCount: 1 } });
      await expect(reader.client.articles.favorite(article.slug)).resolves.toMatchObject({ favorited: true, favoritesCount: 1 });
      await expect(author.client.articles.favorite(article.slug)).resolves.toMatchObject({ favorited: true, favoritesCount: 2 });
      await expect(reader.client.articles.unfavorite(article.slug)).resolves.toMatchObject({ favorited: false, favoritesCount: 1 });
      await expect(reader.client.articles.unfavorite(article.slug)).resolves.toMatchObject({ favorited: false, favoritesCount: 1 });
    });

    it('answers 401 without a token and 404 for an unknown slug', async () => {
      const article = await author.client.articles.create(newArticle());
      expectErrorBody(await http(api.baseUrl, 'POST', `/articles/${article.slug}/favorite`), 401);
      expectErrorBody(await http(api.baseUrl, 'DELETE', `/articles/${article.slug}/favorite`), 401);
      expectErrorBody(await http(api.baseUrl, 'POST', '/articles/no-such-article/favorite', { token: reader.token }), 404);
      expectErrorBody(await http(api.baseUrl, 'DELETE', '/articles/no-such-article/favorite', { token: reader.token }), 404);
    });
  });
});
