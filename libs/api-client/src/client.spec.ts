import { ConduitApiError, createConduitClient, isConduitApiError, type ArticleListItem, type FetchLike } from './index';

const BASE = 'http://conduit.test/api';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fake `fetch` recording every request and answering with `handler`. */
function fakeFetch(handler: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch: FetchLike = async (request) => {
    requests.push(request.clone());
    return handler(request);
  };
  return { fetch, requests };
}

/** Never answers; rejects with the signal's reason when the request is aborted, like real fetch. */
const hang = (request: Request) =>
  new Promise<Response>((_resolve, reject) => {
    if (request.signal.aborted) return reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

const user = { email: 'jake@jake.jake', token: 'jwt.from.login', username: 'jake', bio: 'I work at statefarm', image: 'https://i.test/jake.png' };
const profile = { username: 'jake', bio: 'I work at statefarm', image: 'https://i.test/jake.png', following: false };
const listItem = (n: number): ArticleListItem => ({
  slug: `article-${n}`,
  title: `Article ${n}`,
  description: 'd',
  tagList: [],
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  favorited: false,
  favoritesCount: 0,
  author: profile,
});

describe('createConduitClient', () => {
  it('requires a baseUrl', () => {
    expect(() => createConduitClient({ baseUrl: '' })).toThrow(/baseUrl is required/);
  });

  it('sends no Authorization header without a token, and `Token <jwt>` with one', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, { tags: ['a', 'b'] }));
    const client = createConduitClient({ baseUrl: BASE, fetch });

    await expect(client.tags.list()).resolves.toEqual(['a', 'b']);
    expect(requests[0].url).toBe(`${BASE}/tags`);
    expect(requests[0].headers.get('Authorization')).toBeNull();

    client.setToken('abc.def.ghi');
    await client.tags.list();
    expect(requests[1].headers.get('Authorization')).toBe('Token abc.def.ghi');

    client.setToken(undefined);
    await client.tags.list();
    expect(requests[2].headers.get('Authorization')).toBeNull();
  });

  it('uses the token given at creation', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, { user }));
    const client = createConduitClient({ baseUrl: `${BASE}/`, token: 'initial', fetch });
    await expect(client.users.current()).resolves.toEqual(user);
    expect(requests[0].url).toBe(`${BASE}/user`);
    expect(requests[0].headers.get('Authorization')).toBe('Token initial');
  });

  it('stores the token returned by login and register, and reports the change', async () => {
    const { fetch, requests } = fakeFetch((request) =>
      request.url.endsWith('/users/login') ? json(200, { user }) : json(201, { user: { ...user, token: 'jwt.from.register' } }),
    );
    const seen: (string | undefined)[] = [];
    const client = createConduitClient({ baseUrl: BASE, fetch, onTokenChange: (t) => seen.push(t) });

    await expect(client.users.login({ email: user.email, password: 'secret-password' })).resolves.toEqual(user);
    expect(requests[0].method).toBe('POST');
    expect(await requests[0].json()).toEqual({ user: { email: user.email, password: 'secret-password' } });
    expect(client.token).toBe('jwt.from.login');

    await client.users.register({ username: 'jake', email: user.email, password: 'secret-password' });
    expect(requests[1].url).toBe(`${BASE}/users`);
    expect(requests[1].headers.get('Authorization')).toBe('Token jwt.from.login');
    expect(client.token).toBe('jwt.from.register');
    expect(seen).toEqual(['jwt.from.login', 'jwt.from.register']);
  });

  it('maps a 401 to ConduitApiError with status and errors', async () => {
    const errors = { 'email or password': ['is invalid'] };
    const { fetch } = fakeFetch(() => json(401, { errors }));
    const client = createConduitClient({ baseUrl: BASE, fetch });

    const error = await client.users.login({ email: 'a@b.c', password: 'wrong-password' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConduitApiError);
    expect(error).toMatchObject({ name: 'ConduitApiError', status: 401, errors, method: 'POST', url: `${BASE}/users/login` });
    expect(isConduitApiError(error, 401)).toBe(true);
    expect(isConduitApiError(error, 422)).toBe(false);
    expect(client.token).toBeUndefined();
  });

  it('maps a 409 (taken) and a 422 (invalid) to ConduitApiErrors a caller can tell apart', async () => {
    const taken = { email: ['has already been taken'], username: ['has already been taken'] };
    const invalid = { password: ["can't be blank"] };
    const answers = [json(409, { errors: taken }), json(422, { errors: invalid })];
    const { fetch } = fakeFetch(() => answers.shift() as Response);
    const client = createConduitClient({ baseUrl: BASE, fetch });
    const register = () => client.users.register({ username: 'jake', email: 'jake@jake.jake', password: 'secret-password' }).catch((e: unknown) => e);

    const conflict = await register();
    expect(conflict).toBeInstanceOf(ConduitApiError);
    expect(conflict).toMatchObject({ status: 409, errors: taken });
    expect(isConduitApiError(conflict, 409)).toBe(true);
    expect(isConduitApiError(conflict, 422)).toBe(false);
    expect((conflict as ConduitApiError).message).toBe(
      `POST ${BASE}/users failed with 409: email has already been taken; username has already been taken`,
    );
    const validation = await register();
    expect(validation).toMatchObject({ status: 422, errors: invalid });
    expect(isConduitApiError(validation, 422)).toBe(true);
  });

  it('stores the token of a user update (a new email or password revokes the old one)', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, { user: { email: 'new@x.test', token: 'new-token', username: 'jake', bio: null, image: null } }));
    const client = createConduitClient({ baseUrl: BASE, fetch, token: 'old-token' });
    await client.users.update({ email: 'new@x.test' });
    await client.users.current();
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual(['Token old-token', 'Token new-token']);
    expect(client.token).toBe('new-token');
  });

  it('keeps a non-JSON error body as errors.body', async () => {
    const { fetch } = fakeFetch(() => new Response('Bad Gateway', { status: 502 }));
    const client = createConduitClient({ baseUrl: BASE, fetch });
    await expect(client.articles.get('x')).rejects.toMatchObject({ status: 502, errors: { body: ['Bad Gateway'] } });
  });

  it('throws ConduitApiError from the typed raw client too', async () => {
    const { fetch } = fakeFetch(() => json(404, { errors: { article: ['not found'] } }));
    const client = createConduitClient({ baseUrl: BASE, fetch });
    await expect(client.raw.GET('/articles/{slug}', { params: { path: { slug: 'nope' } } })).rejects.toMatchObject({
      status: 404,
      errors: { article: ['not found'] },
    });
  });

  it('builds paths, query strings and bodies for each resource', async () => {
    const article = { ...listItem(1), body: 'b' };
    const comment = { id: 7, createdAt: article.createdAt, updatedAt: article.updatedAt, body: 'hi', author: profile };
    const { fetch, requests } = fakeFetch((request) => {
      const { pathname } = new URL(request.url);
      if (request.method === 'DELETE' && !pathname.endsWith('/follow') && !pathname.endsWith('/favorite')) {
        return new Response(null, { status: 204 });
      }
      if (pathname.startsWith('/api/profiles/')) return json(200, { profile });
      if (pathname.endsWith('/comments')) return request.method === 'GET' ? json(200, { comments: [comment] }) : json(200, { comment });
      if (pathname === '/api/articles' && request.method === 'GET') return json(200, { articles: [], articlesCount: 0 });
      if (pathname === '/api/articles/feed') return json(200, { articles: [], articlesCount: 0 });
      return json(request.method === 'POST' && pathname === '/api/articles' ? 201 : 200, { article });
    });
    const client = createConduitClient({ baseUrl: BASE, fetch, token: 't' });

    await expect(client.profiles.get('jake doe')).resolves.toEqual(profile);
    await client.profiles.follow('jake');
    await client.profiles.unfollow('jake');
    await expect(client.articles.list({ tag: 'dragons', limit: 5, offset: 10 })).resolves.toEqual({ articles: [], articlesCount: 0 });
    await client.articles.feed({ limit: 2 });
    await expect(client.articles.create({ title: 't', description: 'd', body: 'b', tagList: ['x'] })).resolves.toEqual(article);
    await client.articles.update('article-1', { title: 'new' });
    await expect(client.articles.delete('article-1')).resolves.toBeUndefined();
    await client.articles.favorite('article-1');
    await client.articles.unfavorite('article-1');
    await expect(client.comments.list('article-1')).resolves.toEqual([comment]);
    await expect(client.comments.create('article-1', { body: 'hi' })).resolves.toEqual(comment);
    await expect(client.comments.delete('article-1', 7)).resolves.toBeUndefined();

    expect(requests.map((r) => `${r.method} ${r.url.slice(BASE.length)}`)).toEqual([
      'GET /profiles/jake%20doe',
      'POST /profiles/jake/follow',
      'DELETE /profiles/jake/follow',
      'GET /articles?tag=dragons&limit=5&offset=10',
      'GET /articles/feed?limit=2',
      'POST /articles',
      'PUT /articles/article-1',
      'DELETE /articles/article-1',
      'POST /articles/article-1/favorite',
      'DELETE /articles/article-1/favorite',
      'GET /articles/article-1/comments',
      'POST /articles/article-1/comments',
      'DELETE /articles/article-1/comments/7',
    ]);
    expect(await requests[5].json()).toEqual({ article: { title: 't', description: 'd', body: 'b', tagList: ['x'] } });
    expect(await requests[6].json()).toEqual({ article: { title: 'new' } });
    expect(await requests[11].json()).toEqual({ comment: { body: 'hi' } });
    expect(requests.every((r) => r.headers.get('Authorization') === 'Token t')).toBe(true);
  });
});

describe('paging iterators', () => {
  /** Serves `total` articles from `path`, honouring limit/offset. */
  function pagedServer(total: number, path = '/api/articles') {
    return fakeFetch((request) => {
      const url = new URL(request.url);
      expect(url.pathname).toBe(path);
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      const all = Array.from({ length: total }, (_, i) => listItem(i));
      return json(200, { articles: all.slice(offset, offset + limit), articlesCount: total });
    });
  }

  it('pages through GET /articles until articlesCount, keeping the filter', async () => {
    const { fetch, requests } = pagedServer(7);
    const client = createConduitClient({ baseUrl: BASE, fetch });

    const slugs: string[] = [];
    for await (const article of client.articles.iterate({ author: 'jake' }, { pageSize: 3 })) slugs.push(article.slug);

    expect(slugs).toEqual(Array.from({ length: 7 }, (_, i) => `article-${i}`));
    expect(requests.map((r) => new URL(r.url).search)).toEqual([
      '?author=jake&limit=3&offset=0',
      '?author=jake&limit=3&offset=3',
      '?author=jake&limit=3&offset=6',
    ]);
  });

  it('makes one request when the count fits a page, and stops on an empty page', async () => {
    const { fetch, requests } = pagedServer(2);
    const client = createConduitClient({ baseUrl: BASE, fetch });
    const all = [];
    for await (const a of client.articles.iterate()) all.push(a);
    expect(all).toHaveLength(2);
    expect(requests).toHaveLength(1);

    // A count larger than what the server really returns must not loop forever.
    const lying = fakeFetch(() => json(200, { articles: [], articlesCount: 50 }));
    const other = createConduitClient({ baseUrl: BASE, fetch: lying.fetch });
    for await (const a of other.articles.iterate()) all.push(a);
    expect(lying.requests).toHaveLength(1);
  });

  it('pages through the feed and stops early when the consumer breaks', async () => {
    const { fetch, requests } = pagedServer(10, '/api/articles/feed');
    const client = createConduitClient({ baseUrl: BASE, fetch, token: 't' });
    const seen: string[] = [];
    for await (const a of client.articles.iterateFeed({ pageSize: 4 })) {
      seen.push(a.slug);
      if (seen.length === 5) break;
    }
    expect(seen).toHaveLength(5);
    expect(requests).toHaveLength(2);
    expect(requests[1].headers.get('Authorization')).toBe('Token t');
  });

  it('rejects a pageSize outside 1–100', async () => {
    const client = createConduitClient({ baseUrl: BASE, fetch: pagedServer(1).fetch });
    await expect(client.articles.iterate({}, { pageSize: 0 }).next()).rejects.toThrow(RangeError);
    await expect(client.articles.iterate({}, { pageSize: 101 }).next()).rejects.toThrow(RangeError);
  });
});

describe('timeouts and aborts', () => {
  it('aborts a request after timeoutMs with a TimeoutError', async () => {
    const client = createConduitClient({ baseUrl: BASE, fetch: hang, timeoutMs: 20 });
    await expect(client.tags.list()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('lets a call override the client timeout', async () => {
    const client = createConduitClient({ baseUrl: BASE, fetch: hang, timeoutMs: 0 });
    const started = Date.now();
    await expect(client.articles.get('slow', { timeoutMs: 30 })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('aborts when the caller signal aborts (with a timeout running too)', async () => {
    const client = createConduitClient({ baseUrl: BASE, fetch: hang });
    const controller = new AbortController();
    const pending = client.users.current({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops an iterator when its signal aborts between pages', async () => {
    const controller = new AbortController();
    const { fetch, requests } = fakeFetch(() => json(200, { articles: [listItem(0)], articlesCount: 3 }));
    const client = createConduitClient({ baseUrl: BASE, fetch });
    const iterator = client.articles.iterate({}, { pageSize: 1, signal: controller.signal });
    await expect(iterator.next()).resolves.toMatchObject({ done: false });
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });
});
