import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { expectErrorBody } from '../support/error-body';
import { clientFor, registerUser, type TestUser } from '../support/users';

describe.each(databaseKinds())('article lists, feed and tags on %s', (kind) => {
  let api: ApiProcess;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const slugs: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
    [alice, bob, carol] = [await registerUser(api.baseUrl, 'alice'), await registerUser(api.baseUrl, 'bob'), await registerUser(api.baseUrl, 'carol')];
    // Created in this order; lists are newest first.
    for (const [name, user, tags] of [
      ['a1', alice, ['dragons', 'training']],
      ['b1', bob, ['dragons']],
      ['a2', alice, ['cooking']],
      ['c1', carol, []],
      ['b2', bob, ['training']],
    ] as const) {
      slugs[name] = (await user.client.articles.create({ title: `Article ${name}`, description: 'd', body: `body of ${name}`, tagList: [...tags] })).slug;
    }
    await carol.client.articles.favorite(slugs['a1']);
    await carol.client.articles.favorite(slugs['b2']);
    await bob.client.articles.favorite(slugs['a1']);
    await carol.client.profiles.follow(alice.username);
    await carol.client.profiles.follow(bob.username);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const titles = (page: { articles: { title: string }[] }) => page.articles.map((article) => article.title.replace('Article ', ''));

  it('lists every article newest first, without body, with the total count', async () => {
    const response = await http(api.baseUrl, 'GET', '/articles');
    expect(response.status).toBe(200);
    const page = response.json as { articles: Record<string, unknown>[]; articlesCount: number };
    expect(titles(page as never)).toEqual(['b2', 'c1', 'a2', 'b1', 'a1']);
    expect(page.articlesCount).toBe(5);
    for (const article of page.articles) expect(article).not.toHaveProperty('body');
    expect(page.articles[4]).toMatchObject({ slug: slugs['a1'], tagList: ['dragons', 'training'], favoritesCount: 2, favorited: false });
  });

  it('pages with limit and offset; articlesCount stays the total', async () => {
    const page = await clientFor(api.baseUrl).articles.list({ limit: 2, offset: 1 });
    expect(titles(page)).toEqual(['c1', 'a2']);
    expect(page.articlesCount).toBe(5);
    const past = await clientFor(api.baseUrl).articles.list({ limit: 2, offset: 10 });
    expect(past).toEqual({ articles: [], articlesCount: 5 });
  });

  it('filters by tag, author and favorited, alone and together', async () => {
    const client = clientFor(api.baseUrl);
    expect(titles(await client.articles.list({ tag: 'dragons' }))).toEqual(['b1', 'a1']);
    expect(titles(await client.articles.list({ author: alice.username }))).toEqual(['a2', 'a1']);
    expect(titles(await client.articles.list({ favorited: carol.username }))).toEqual(['b2', 'a1']);
    const combined = await client.articles.list({ tag: 'training', favorited: carol.username, author: bob.username });
    expect(titles(combined)).toEqual(['b2']);
    expect(combined.articlesCount).toBe(1);
    expect(await client.articles.list({ author: 'nobody-at-all' })).toEqual({ articles: [], articlesCount: 0 });
    expect(await client.articles.list({ tag: 'no-such-tag' })).toEqual({ articles: [], articlesCount: 0 });
  });

  it('shows favorited and following for the viewer', async () => {
    const page = await carol.client.articles.list({ author: alice.username });
    expect(page.articles.map((article) => [article.favorited, article.author.following])).toEqual([
      [false, true],
      [true, true],
    ]);
  });

  it('pages through everything with the client’s iterator', async () => {
    const seen: string[] = [];
    for await (const article of clientFor(api.baseUrl).articles.iterate({}, { pageSize: 2 })) seen.push(article.slug);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('feeds articles by followed authors only, newest first', async () => {
    const feed = await carol.client.articles.feed();
    expect(titles(feed)).toEqual(['b2', 'a2', 'b1', 'a1']);
    expect(feed.articlesCount).toBe(4);
    expect(feed.articles.every((article) => article.author.following)).toBe(true);
    expect(titles(await carol.client.articles.feed({ limit: 1, offset: 1 }))).toEqual(['a2']);
    expect(await alice.client.articles.feed()).toEqual({ articles: [], articlesCount: 0 });
  });

  it('answers 401 to the feed without a token', async () => {
    expectErrorBody(await http(api.baseUrl, 'GET', '/articles/feed'), 401);
  });

  it.each([
    ['limit=0'],
    ['limit=101'],
    ['limit=abc'],
    ['limit=1.5'],
    ['offset=-1'],
    ['offset=ten'],
    ['limit=10&limit=20'],
  ])('answers 422 for %s', async (query) => {
    expectErrorBody(await http(api.baseUrl, 'GET', `/articles?${query}`), 422);
    expectErrorBody(await http(api.baseUrl, 'GET', `/articles/feed?${query}`, { token: carol.token }), 422);
  });

  it('lists the distinct tags in use, sorted', async () => {
    await expect(clientFor(api.baseUrl).tags.list()).resolves.toEqual(['cooking', 'dragons', 'training']);
  });
});
