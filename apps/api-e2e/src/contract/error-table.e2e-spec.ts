import { startApi, TEST_JWT_SECRET, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl } from '../support/databases';
import { http, type HttpRequest, type HttpResponse } from '@conduit/testing/http';
import { registerUser, unique, type TestUser } from '../support/users';

/**
 * ../shared/conduit/API.md (spec 2.0.0), "Errors" and "Updates", row by row: the exact status,
 * every key and the first message of each key, against the real process on each engine.
 */

type Expected = Record<string, string>;

/** The status, and for each expected key its first message; no other key may be present. */
function expectError(response: HttpResponse, status: number, expected: Expected): void {
  const errors = (response.json as { errors?: Record<string, string[]> } | undefined)?.errors ?? {};
  const firstMessages = Object.fromEntries(Object.entries(errors).map(([key, messages]) => [key, messages[0]]));
  expect({ status: response.status, errors: firstMessages }).toEqual({ status, errors: expected });
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
}

const BLANK = "can't be blank";

describe.each(databaseKinds())('the contract error table on %s', (kind) => {
  let api: ApiProcess;
  let author: TestUser;
  let other: TestUser;
  let slug: string;
  let commentId: number;
  const call = (method: string, path: string, request?: HttpRequest) => http(api.baseUrl, method, path, request);

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind), JWT_TTL: '60' });
    author = await registerUser(api.baseUrl, 'author');
    other = await registerUser(api.baseUrl, 'other');
    slug = (await author.client.articles.create({ title: 'Errors', description: 'd', body: 'b', tagList: ['kept'] })).slug;
    commentId = (await author.client.comments.create(slug, { body: 'by the author' })).id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  describe('401', () => {
    const needsAuth = (): Array<[string, string, HttpRequest?]> => [
      ['GET', '/user'],
      ['PUT', '/user', { body: { user: { bio: 'x' } } }],
      ['GET', '/articles/feed'],
      ['POST', '/articles', { body: { article: { title: 't', description: 'd', body: 'b' } } }],
      ['PUT', `/articles/${slug}`, { body: { article: { body: 'x' } } }],
      ['DELETE', `/articles/${slug}`],
      ['POST', `/articles/${slug}/comments`, { body: { comment: { body: 'x' } } }],
      ['DELETE', `/articles/${slug}/comments/${commentId}`],
      ['POST', `/articles/${slug}/favorite`],
      ['DELETE', `/articles/${slug}/favorite`],
      ['POST', `/profiles/${author.username}/follow`],
      ['DELETE', `/profiles/${author.username}/follow`],
    ];

    it('no Authorization header where auth is required: token "is missing" (every such route)', async () => {
      for (const [method, path, request] of needsAuth()) {
        expectError(await call(method, path, request), 401, { token: 'is missing' });
      }
    });

    it.each([
      ['a malformed token', 'Token not-a-jwt'],
      ['an unknown scheme', 'Basic dXNlcjpwYXNz'],
      ['a forged signature', 'Token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjF9.c2lnbmF0dXJlLWZvcmdlZA'],
      ['the none algorithm', 'Token eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOjF9.'],
    ])('%s: token "is invalid", also where auth is optional', async (_case, authorization) => {
      expectError(await call('GET', '/user', { headers: { authorization } }), 401, { token: 'is invalid' });
      expectError(await call('GET', '/articles', { headers: { authorization } }), 401, { token: 'is invalid' });
    });

    it('an expired token: token "is invalid"', async () => {
      const shortLived = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind), JWT_TTL: '1' });
      try {
        const user = await registerUser(shortLived.baseUrl);
        await new Promise((resolve) => setTimeout(resolve, 2_100));
        expectError(await http(shortLived.baseUrl, 'GET', '/user', { token: user.token }), 401, { token: 'is invalid' });
      } finally {
        await shortLived.stop();
      }
    });

    it('a token whose user no longer exists: token "is invalid" on every route that reads a token', async () => {
      // Same secret, another database: its users do not exist here (this database holds 2).
      const elsewhere = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind), JWT_SECRET: TEST_JWT_SECRET });
      let ghost: TestUser;
      try {
        for (let i = 0; i < 3; i++) await registerUser(elsewhere.baseUrl, 'filler');
        ghost = await registerUser(elsewhere.baseUrl, 'ghost');
      } finally {
        await elsewhere.stop();
      }
      const reads: Array<[string, string]> = [
        ['GET', '/articles'],
        ['GET', `/articles/${slug}`],
        ['GET', `/articles/${slug}/comments`],
        ['GET', `/profiles/${author.username}`],
      ];
      for (const [method, path, request] of [...needsAuth(), ...reads] as Array<[string, string, HttpRequest?]>) {
        expectError(await call(method, path, { ...request, token: ghost.token }), 401, { token: 'is invalid' });
      }
    });

    it('login with a wrong password or an unknown email: credentials "invalid", one answer for both', async () => {
      const wrong = await call('POST', '/users/login', { body: { user: { email: author.email, password: 'wrong-password' } } });
      const unknown = await call('POST', '/users/login', { body: { user: { email: 'nobody@example.test', password: 'whatever1' } } });
      expectError(wrong, 401, { credentials: 'invalid' });
      expect(unknown.json).toEqual(wrong.json);
    });
  });

  describe('403', () => {
    it('changing or deleting somebody else’s article: article "forbidden"', async () => {
      expectError(await call('PUT', `/articles/${slug}`, { token: other.token, body: { article: { title: 'mine now' } } }), 403, { article: 'forbidden' });
      expectError(await call('DELETE', `/articles/${slug}`, { token: other.token }), 403, { article: 'forbidden' });
    });

    it('deleting somebody else’s comment: comment "forbidden"', async () => {
      expectError(await call('DELETE', `/articles/${slug}/comments/${commentId}`, { token: other.token }), 403, { comment: 'forbidden' });
    });
  });

  describe('404', () => {
    it.each([
      ['GET', '/articles/no-such-article-abc123'],
      ['PUT', '/articles/no-such-article-abc123'],
      ['DELETE', '/articles/no-such-article-abc123'],
      ['GET', '/articles/no-such-article-abc123/comments'],
      ['POST', '/articles/no-such-article-abc123/comments'],
      ['POST', '/articles/no-such-article-abc123/favorite'],
      ['DELETE', '/articles/no-such-article-abc123/favorite'],
      ['GET', `/articles/${'x'.repeat(2_000)}`],
      ['GET', '/articles/Not%20A%20Slug'],
    ])('an unknown slug (%s %s): article "not found"', async (method, path) => {
      const body = method === 'PUT' ? { article: { body: 'x' } } : method === 'POST' && path.endsWith('comments') ? { comment: { body: 'x' } } : undefined;
      expectError(await call(method, path, { token: author.token, body }), 404, { article: 'not found' });
    });

    it.each([
      ['GET', '/profiles/nobody-here'],
      ['POST', '/profiles/nobody-here/follow'],
      ['DELETE', '/profiles/nobody-here/follow'],
      ['GET', '/profiles/has%20a%20space'],
    ])('an unknown username (%s %s): profile "not found"', async (method, path) => {
      expectError(await call(method, path, { token: author.token }), 404, { profile: 'not found' });
    });

    it.each(['999999', 'abc', '1.5', '0', '99999999999999999999'])('an unknown comment id (%s): comment "not found"', async (id) => {
      expectError(await call('DELETE', `/articles/${slug}/comments/${id}`, { token: author.token }), 404, { comment: 'not found' });
    });
  });

  describe('409', () => {
    it('registration with a taken email (any case), a taken username, or both: one key each', async () => {
      const taken = { username: author.username, email: author.email.toUpperCase(), password: 'password123' };
      expectError(await call('POST', '/users', { body: { user: { ...taken, username: unique('free') } } }), 409, { email: 'has already been taken' });
      expectError(await call('POST', '/users', { body: { user: { ...taken, email: `${unique('free')}@example.test` } } }), 409, {
        username: 'has already been taken',
      });
      expectError(await call('POST', '/users', { body: { user: taken } }), 409, { email: 'has already been taken', username: 'has already been taken' });
    });

    it('a user update to somebody else’s email or username', async () => {
      const change = (user: Record<string, string>) => call('PUT', '/user', { token: other.token, body: { user } });
      expectError(await change({ email: author.email }), 409, { email: 'has already been taken' });
      expectError(await change({ username: author.username }), 409, { username: 'has already been taken' });
      expectError(await change({ email: author.email, username: author.username }), 409, {
        email: 'has already been taken',
        username: 'has already been taken',
      });
    });
  });

  describe('422', () => {
    const blankVariants = (field: string) => [
      ['missing', undefined],
      ['null', null],
      ['empty', ''],
      ['white space', '   '],
    ].map(([label, value]) => [`${field} ${String(label)}`, field, value] as const);

    it.each([...blankVariants('username'), ...blankVariants('email'), ...blankVariants('password')])(
      'registration, %s: can’t be blank',
      async (_label, field, value) => {
        const user: Record<string, unknown> = { username: unique('reg'), email: `${unique('reg')}@example.test`, password: 'password123' };
        if (value === undefined) delete user[field];
        else user[field] = value;
        expectError(await call('POST', '/users', { body: { user } }), 422, { [field]: BLANK });
      },
    );

    it.each([...blankVariants('email'), ...blankVariants('password')])('login, %s: can’t be blank', async (_label, field, value) => {
      const user: Record<string, unknown> = { email: author.email, password: author.password };
      if (value === undefined) delete user[field];
      else user[field] = value;
      expectError(await call('POST', '/users/login', { body: { user } }), 422, { [field]: BLANK });
    });

    it.each([...blankVariants('title'), ...blankVariants('description'), ...blankVariants('body')])(
      'a new article, %s: can’t be blank',
      async (_label, field, value) => {
        const article: Record<string, unknown> = { title: 't', description: 'd', body: 'b' };
        if (value === undefined) delete article[field];
        else article[field] = value;
        expectError(await call('POST', '/articles', { token: author.token, body: { article } }), 422, { [field]: BLANK });
      },
    );

    it.each(blankVariants('body'))('a new comment, %s: can’t be blank', async (_label, field, value) => {
      const comment: Record<string, unknown> = value === undefined ? {} : { [field]: value };
      expectError(await call('POST', `/articles/${slug}/comments`, { token: author.token, body: { comment } }), 422, { body: BLANK });
    });

    it('a missing or null request root: can’t be blank on the root', async () => {
      expectError(await call('POST', '/users', { body: {} }), 422, { user: BLANK });
      expectError(await call('POST', '/articles', { token: author.token, body: { article: null } }), 422, { article: BLANK });
    });

    it('several wrong fields: every wrong field has its key', async () => {
      expectError(await call('POST', '/users', { body: { user: { username: '', email: 'not-an-email', password: 'short' } } }), 422, {
        username: BLANK,
        email: 'is invalid',
        password: 'must be 8 to 256 characters',
      });
      const article = { title: '', description: 5, body: null, tagList: 'one' };
      const response = await call('POST', '/articles', { token: author.token, body: { article } });
      expectError(response, 422, { title: BLANK, description: 'must be a string', body: BLANK, tagList: 'must be an array' });
    });

    it.each([
      ['a too long username', '/users', { user: { username: 'x'.repeat(65), email: 'a@b.test', password: 'password123' } }, 'username'],
      ['a bad email', '/users', { user: { username: 'someone', email: 'nope', password: 'password123' } }, 'email'],
      ['a numeric password', '/users', { user: { username: 'someone', email: 'a@b.test', password: 12345678 } }, 'password'],
    ])('other validation, %s: a 422 on that key with what is wrong', async (_case, path, body, key) => {
      const response = await call('POST', path, { body });
      expect(response.status).toBe(422);
      expect(Object.keys((response.json as { errors: object }).errors)).toEqual([key]);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
    ])('a list with %s: a 422 on %s', async (query, key) => {
      const response = await call('GET', `/articles?${query}`);
      expect(response.status).toBe(422);
      expect(Object.keys((response.json as { errors: object }).errors)).toEqual([key]);
    });
  });

  describe('the other statuses of the table', () => {
    it('a body that is not valid JSON: 400 on body', async () => {
      expectError(await call('POST', '/users', { rawBody: '{"user": {' }), 400, { body: 'is not valid JSON' });
    });
  });

  describe('updates (PUT /user, PUT /articles/:slug)', () => {
    it('a field left out is unchanged', async () => {
      const user = await registerUser(api.baseUrl, 'keep');
      await user.client.users.update({ bio: 'my bio', image: 'https://img.test/me.png' });
      const updated = await user.client.users.update({ bio: 'new bio' });
      expect(updated).toMatchObject({ email: user.email, username: user.username, bio: 'new bio', image: 'https://img.test/me.png' });
      const article = await user.client.articles.create({ title: 'Kept title', description: 'kept', body: 'b', tagList: ['a', 'b'] });
      const changed = await user.client.articles.update(article.slug, { body: 'new body' });
      expect(changed).toMatchObject({ slug: article.slug, title: 'Kept title', description: 'kept', body: 'new body', tagList: ['a', 'b'] });
    });

    it.each([
      ['null', null],
      ['""', ''],
    ])('bio and image set to %s are cleared: null afterwards, also on the profile', async (_label, value) => {
      const user = await registerUser(api.baseUrl, 'clear');
      await user.client.users.update({ bio: 'something', image: 'https://img.test/a.png' });
      const response = await call('PUT', '/user', { token: user.token, body: { user: { bio: value, image: value } } });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ user: { bio: null, image: null } });
      await expect(user.client.users.current()).resolves.toMatchObject({ bio: null, image: null });
      expect((await call('GET', `/profiles/${user.username}`)).json).toMatchObject({ profile: { bio: null, image: null } });
    });

    it('tagList: left out keeps the tags, [] removes them all, null is a 422 "must be an array"', async () => {
      const article = await author.client.articles.create({ title: 'Tagged', description: 'd', body: 'b', tagList: ['x', 'y'] });
      await expect(author.client.articles.update(article.slug, { description: 'no tags sent' })).resolves.toMatchObject({ tagList: ['x', 'y'] });
      const rejected = await call('PUT', `/articles/${article.slug}`, { token: author.token, body: { article: { tagList: null } } });
      expectError(rejected, 422, { tagList: 'must be an array' });
      await expect(author.client.articles.get(article.slug)).resolves.toMatchObject({ tagList: ['x', 'y'] });
      await expect(author.client.articles.update(article.slug, { tagList: [] })).resolves.toMatchObject({ tagList: [] });
    });

    it.each(['title', 'description', 'body'])('an article’s %s set to null or blank: 422 can’t be blank, nothing changed', async (field) => {
      for (const value of [null, '', '  ']) {
        expectError(await call('PUT', `/articles/${slug}`, { token: author.token, body: { article: { [field]: value } } }), 422, { [field]: BLANK });
      }
      await expect(author.client.articles.get(slug)).resolves.toMatchObject({ title: 'Errors', description: 'd', body: 'b' });
    });

    it.each(['email', 'username', 'password'])('a user’s %s set to null or blank: 422 can’t be blank, nothing changed', async (field) => {
      for (const value of [null, '', '  ']) {
        expectError(await call('PUT', '/user', { token: author.token, body: { user: { [field]: value } } }), 422, { [field]: BLANK });
      }
      await expect(author.client.users.current()).resolves.toMatchObject({ email: author.email, username: author.username });
    });
  });

  describe('changed success statuses of 2.0.0, and the unchanged ones', () => {
    it('POST /articles/:slug/comments answers 201 with the comment', async () => {
      const response = await call('POST', `/articles/${slug}/comments`, { token: other.token, body: { comment: { body: 'hello' } } });
      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({ comment: { body: 'hello', author: { username: other.username } } });
    });

    it('follow and favorite still answer 200, deletes 204, and both auth schemes work', async () => {
      expect((await call('POST', `/profiles/${author.username}/follow`, { token: other.token })).status).toBe(200);
      expect((await call('POST', `/articles/${slug}/favorite`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(200);
      const comment = await other.client.comments.create(slug, { body: 'to delete' });
      expect((await call('DELETE', `/articles/${slug}/comments/${comment.id}`, { token: other.token })).status).toBe(204);
    });
  });
});
