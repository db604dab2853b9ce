import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { ArticleListQueryDto } from '@conduit/contracts';
import {
  ArticleEntity,
  ArticleTagEntity,
  CommentEntity,
  Database,
  FavoriteEntity,
  FollowEntity,
  Reads,
  UserEntity,
  dataSourceOptions,
  runPendingMigrations,
} from '@conduit/server/data-access';
import { AnonymousReadCache, AppConfig, createLogger } from '@conduit/server/platform';
import { ArticlesRepository } from './articles/articles.repository';
import { ArticlesService, withFreshSlug } from './articles/articles.service';
import { CommentsRepository } from './comments/comments.repository';
import { CommentsService } from './comments/comments.service';
import { FavoritesRepository } from './favorites/favorites.repository';
import { FavoritesService } from './favorites/favorites.service';
import { TagsRepository } from './tags/tags.repository';
import { TagsService } from './tags/tags.service';

/**
 * Counts the SQL statements a piece of work sends: TypeORM's (the writes, through its logger)
 * and the prepared reads (each `Reads.all` call is one statement and one round trip).
 */
class QueryCounter implements TypeOrmLogger {
  recording = false;
  readonly queries: string[] = [];
  reads?: Reads;

  logQuery(query: string): void {
    if (this.recording) this.queries.push(query);
  }
  logQueryError(): void {
    /* errors surface as exceptions */
  }
  logQuerySlow(): void {
    /* not measured here */
  }
  logSchemaBuild(): void {
    /* migrations only */
  }
  logMigration(): void {
    /* migrations only */
  }
  log(): void {
    /* nothing to count */
  }

  async count<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    this.queries.length = 0;
    const reads = this.reads as Reads;
    const original = reads.all.bind(reads);
    const spy = jest.spyOn(reads, 'all').mockImplementation((text: string, params?: readonly unknown[]) => {
      this.queries.push(text);
      return original(text, params);
    });
    this.recording = true;
    try {
      const result = await work();
      return { result, queries: [...this.queries] };
    } finally {
      this.recording = false;
      spy.mockRestore();
    }
  }
}

/** The HTTP status a service call fails with. */
async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException) return error.getStatus();
    throw error;
  }
  throw new Error('expected the call to fail');
}

const page = (query: Partial<ArticleListQueryDto> = {}): ArticleListQueryDto => ({ limit: 20, offset: 0, ...query }) as ArticleListQueryDto;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('articles feature against a real SQLite database', () => {
  let dir: string;
  let dataSource: DataSource;
  let db: Database;
  let articles: ArticlesService;
  let comments: CommentsService;
  let favorites: FavoritesService;
  let tags: TagsService;
  let anonymousReads: AnonymousReadCache;
  const counter = new QueryCounter();
  const ids: Record<'alice' | 'bob' | 'carol', number> = { alice: 0, bob: 0, carol: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conduit-articles-'));
    dataSource = new DataSource({
      ...dataSourceOptions({ kind: 'sqlite', path: join(dir, 'test.sqlite') }, createLogger({ version: 'test', logging: { level: 'silent' } })),
      logging: true,
      logger: counter,
    });
    await dataSource.initialize();
    await runPendingMigrations(dataSource);
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: AppConfig, useValue: { cache: { tagsTtlMs: 60_000, articlesTtlMs: 60_000 }, database: { sqliteReaders: 2 } } },
        AnonymousReadCache,
        Database,
        Reads,
        ArticlesService,
        ArticlesRepository,
        CommentsService,
        CommentsRepository,
        FavoritesService,
        FavoritesRepository,
        TagsService,
        TagsRepository,
      ],
    }).compile();
    db = moduleRef.get(Database);
    counter.reads = moduleRef.get(Reads);
    articles = moduleRef.get(ArticlesService);
    comments = moduleRef.get(CommentsService);
    favorites = moduleRef.get(FavoritesService);
    tags = moduleRef.get(TagsService);
    anonymousReads = moduleRef.get(AnonymousReadCache);
    for (const username of ['alice', 'bob', 'carol'] as const) {
      const now = new Date();
      const user = await db.write((manager) =>
        manager.save(
          manager.create(UserEntity, { email: `${username}@example.com`, username, passwordHash: 'x', bio: null, image: null, createdAt: now, updatedAt: now }),
        ),
      );
      ids[username] = user.id;
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const follow = (follower: number, followed: number) =>
    db.write((manager) => manager.insert(FollowEntity, { followerId: follower, followedId: followed, createdAt: new Date() }));

  describe('create and read', () => {
    it('creates an article with a slug from its title, sorted tags and ISO timestamps', async () => {
      const article = await articles.create(ids.alice, { title: 'Hello, World!', description: 'd', body: 'b', tagList: ['zeta', 'alpha'] });
      expect(article.slug).toMatch(/^hello-world-[0-9a-z]{6}$/);
      expect(article).toMatchObject({
        title: 'Hello, World!',
        body: 'b',
        tagList: ['alpha', 'zeta'],
        favorited: false,
        favoritesCount: 0,
        author: { username: 'alice', bio: null, image: null, following: false },
      });
      expect(article.createdAt).toMatch(ISO_MS);
      expect(article.updatedAt).toBe(article.createdAt);
      expect(await articles.view(undefined, { slug: article.slug })).toEqual(article);
    });

    it('gives a title without ASCII letters a valid slug, and two equal titles two slugs', async () => {
      const first = await articles.create(ids.alice, { title: '日本語', description: 'd', body: 'b' });
      const second = await articles.create(ids.alice, { title: '日本語', description: 'd', body: 'b' });
      expect(first.slug).toMatch(/^article-[0-9a-z]{6}$/);
      expect(second.slug).not.toBe(first.slug);
      expect(first.tagList).toEqual([]);
    });

    it('answers 404 for unknown, malformed and very long slugs', async () => {
      expect(await statusOf(articles.view(undefined, { slug: 'no-such-article-abc123' }))).toBe(404);
      expect(await statusOf(articles.view(undefined, { slug: 'x'.repeat(10_000) }))).toBe(404);
      expect(await statusOf(articles.view(undefined, { slug: "' OR 1=1 --" }))).toBe(404);
    });

    it('retries a write whose slug was taken meanwhile (a real SQLite unique violation)', async () => {
      const taken = await articles.create(ids.alice, { title: 'Taken', description: 'd', body: 'b' });
      const slugs = [taken.slug, 'taken-second'];
      let attempts = 0;
      await withFreshSlug(() =>
        db.write((manager) => {
          const now = new Date();
          const slug = slugs[attempts++];
          return manager.insert(ArticleEntity, { slug, title: 't', description: 'd', body: 'b', authorId: ids.alice, favoritesCount: 0, createdAt: now, updatedAt: now });
        }),
      );
      expect(attempts).toBe(2);
      expect((await articles.view(undefined, { slug: 'taken-second' })).title).toBe('t');
    });
  });

  describe('update and delete: author only', () => {
    it('lets the author change fields; a new title gives a new slug and the old one is gone', async () => {
      const original = await articles.create(ids.alice, { title: 'Before', description: 'd', body: 'b', tagList: ['one'] });
      const updated = await articles.update(ids.alice, original.slug, { title: 'After', tagList: ['two', 'three'] });
      expect(updated.slug).toMatch(/^after-[0-9a-z]{6}$/);
      expect(updated).toMatchObject({ title: 'After', description: 'd', body: 'b', tagList: ['three', 'two'] });
      expect(await statusOf(articles.view(undefined, { slug: original.slug }))).toBe(404);
      const sameTitle = await articles.update(ids.alice, updated.slug, { title: 'After', body: 'new body' });
      expect(sameTitle.slug).toBe(updated.slug);
      expect(sameTitle.body).toBe('new body');
    });

    it('refuses other users (403), unknown slugs (404) and empty changes (422)', async () => {
      const article = await articles.create(ids.alice, { title: 'Mine', description: 'd', body: 'b' });
      expect(await statusOf(articles.update(ids.bob, article.slug, { body: 'hijack' }))).toBe(403);
      expect(await statusOf(articles.delete(ids.bob, article.slug))).toBe(403);
      expect(await statusOf(articles.update(ids.alice, 'unknown-abc123', { body: 'x' }))).toBe(404);
      expect(await statusOf(articles.delete(ids.alice, 'unknown-abc123'))).toBe(404);
      expect(await statusOf(articles.update(ids.alice, article.slug, {}))).toBe(422);
      expect((await articles.view(undefined, { slug: article.slug })).body).toBe('b');
    });

    it('deletes the article with its comments, favorites and tags, and nothing else', async () => {
      const doomed = await articles.create(ids.alice, { title: 'Doomed', description: 'd', body: 'b', tagList: ['doomed-only', 'shared'] });
      const kept = await articles.create(ids.alice, { title: 'Kept', description: 'd', body: 'b', tagList: ['shared'] });
      await comments.create(ids.bob, doomed.slug, { body: 'bye' });
      await comments.create(ids.bob, kept.slug, { body: 'stay' });
      await favorites.favorite(ids.bob, doomed.slug);
      await favorites.favorite(ids.bob, kept.slug);
      const doomedId = (await dataSource.manager.findOneByOrFail(ArticleEntity, { slug: doomed.slug })).id;

      await articles.delete(ids.alice, doomed.slug);

      expect(await statusOf(articles.view(undefined, { slug: doomed.slug }))).toBe(404);
      expect(await db.reader.countBy(CommentEntity, { articleId: doomedId })).toBe(0);
      expect(await db.reader.countBy(FavoriteEntity, { articleId: doomedId })).toBe(0);
      expect(await db.reader.countBy(ArticleTagEntity, { articleId: doomedId })).toBe(0);
      expect((await tags.inUse()).tags).not.toContain('doomed-only');
      expect((await tags.inUse()).tags).toContain('shared');
      const survivor = await articles.view(ids.bob, { slug: kept.slug });
      expect(survivor).toMatchObject({ favorited: true, favoritesCount: 1 });
      expect(await comments.list(undefined, kept.slug)).toHaveLength(1);
      expect(await db.reader.existsBy(UserEntity, { id: ids.bob })).toBe(true);
    });
  });

  describe('comments', () => {
    it('adds, lists oldest first and deletes comments with the contract rules', async () => {
      const article = await articles.create(ids.alice, { title: 'Discuss', description: 'd', body: 'b' });
      const other = await articles.create(ids.alice, { title: 'Elsewhere', description: 'd', body: 'b' });
      const first = await comments.create(ids.bob, article.slug, { body: 'first' });
      const second = await comments.create(ids.carol, article.slug, { body: 'second' });
      expect(first).toMatchObject({ body: 'first', author: { username: 'bob', following: false } });
      expect(Number.isInteger(first.id)).toBe(true);
      expect(first.createdAt).toMatch(ISO_MS);

      await follow(ids.alice, ids.carol);
      const listed = await comments.list(ids.alice, article.slug);
      expect(listed.map((comment) => comment.body)).toEqual(['first', 'second']);
      expect(listed.map((comment) => comment.author.following)).toEqual([false, true]);
      expect(await comments.list(undefined, article.slug)).toEqual(listed.map((c) => ({ ...c, author: { ...c.author, following: false } })));

      expect(await statusOf(comments.delete(ids.alice, article.slug, first.id))).toBe(403);
      expect(await statusOf(comments.delete(ids.bob, other.slug, first.id))).toBe(404);
      expect(await statusOf(comments.delete(ids.bob, article.slug, 999_999))).toBe(404);
      expect(await statusOf(comments.delete(ids.bob, 'unknown-abc123', first.id))).toBe(404);
      expect(await statusOf(comments.create(ids.bob, 'unknown-abc123', { body: 'x' }))).toBe(404);
      expect(await statusOf(comments.list(undefined, 'unknown-abc123'))).toBe(404);

      await comments.delete(ids.bob, article.slug, first.id);
      expect((await comments.list(undefined, article.slug)).map((comment) => comment.id)).toEqual([second.id]);
    });
  });

  describe('favorites', () => {
    it('is idempotent and keeps favoritesCount in step', async () => {
      const article = await articles.create(ids.alice, { title: 'Likeable', description: 'd', body: 'b' });
      expect(await favorites.favorite(ids.bob, article.slug)).toMatchObject({ favorited: true, favoritesCount: 1 });
      expect(await favorites.favorite(ids.bob, article.slug)).toMatchObject({ favorited: true, favoritesCount: 1 });
      expect(await favorites.favorite(ids.carol, article.slug)).toMatchObject({ favorited: true, favoritesCount: 2 });
      expect(await articles.view(ids.alice, { slug: article.slug })).toMatchObject({ favorited: false, favoritesCount: 2 });
      expect(await favorites.unfavorite(ids.bob, article.slug)).toMatchObject({ favorited: false, favoritesCount: 1 });
      expect(await favorites.unfavorite(ids.bob, article.slug)).toMatchObject({ favorited: false, favoritesCount: 1 });
      expect(await statusOf(favorites.favorite(ids.bob, 'unknown-abc123'))).toBe(404);
    });

    it('answers 401, not a foreign-key 500, for a token whose user no longer exists', async () => {
      const article = await articles.create(ids.alice, { title: 'Ghosts', description: 'd', body: 'b' });
      expect(await statusOf(favorites.favorite(987_654, article.slug))).toBe(401);
      expect(await statusOf(comments.create(987_654, article.slug, { body: 'boo' }))).toBe(401);
      expect(await statusOf(articles.create(987_654, { title: 't', description: 'd', body: 'b' }))).toBe(401);
    });
  });

  describe('lists', () => {
    // A separate author, so earlier tests' articles do not disturb counts.
    let dave: number;
    let erin: number;

    beforeAll(async () => {
      const now = new Date();
      const make = (username: string) =>
        db.write((manager) =>
          manager.save(manager.create(UserEntity, { email: `${username}@example.com`, username, passwordHash: 'x', bio: `${username} bio`, image: null, createdAt: now, updatedAt: now })),
        );
      dave = (await make('dave')).id;
      erin = (await make('erin')).id;
      for (let i = 1; i <= 25; i++) {
        await articles.create(dave, { title: `Dave ${i}`, description: 'd', body: 'a body lists never show', tagList: ['dave', `n${i % 3}`, 'zz'] });
      }
      for (let i = 1; i <= 5; i++) await articles.create(erin, { title: `Erin ${i}`, description: 'd', body: 'b', tagList: ['erin'] });
      await follow(ids.bob, dave);
      for (const slug of (await articles.list(undefined, page({ author: 'dave', limit: 4 }))).articles.map((a) => a.slug)) {
        await favorites.favorite(ids.bob, slug);
      }
    });

    it('filters by author, tag and favorited; newest first; articlesCount counts every match', async () => {
      const byDave = await articles.list(undefined, page({ author: 'dave', limit: 10, offset: 5 }));
      expect(byDave.articlesCount).toBe(25);
      expect(byDave.articles.map((a) => a.title)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11].map((n) => `Dave ${n}`));
      expect(byDave.articles[0]).not.toHaveProperty('body');
      expect(byDave.articles[0].tagList).toEqual(['dave', 'n2', 'zz']);
      expect(byDave.articles[0].author).toEqual({ username: 'dave', bio: 'dave bio', image: null, following: false });

      const tagged = await articles.list(undefined, page({ tag: 'n0' }));
      expect(tagged.articlesCount).toBe(8);
      expect(tagged.articles.every((a) => a.tagList.includes('n0'))).toBe(true);

      const combined = await articles.list(undefined, page({ tag: 'erin', author: 'erin' }));
      expect(combined.articlesCount).toBe(5);
      expect((await articles.list(undefined, page({ tag: 'erin', author: 'dave' }))).articlesCount).toBe(0);

      const liked = await articles.list(ids.carol, page({ favorited: 'bob' }));
      expect(liked.articlesCount).toBeGreaterThanOrEqual(4);
      expect(liked.articles.filter((a) => a.author.username === 'dave').map((a) => a.title)).toEqual(['Dave 25', 'Dave 24', 'Dave 23', 'Dave 22']);
      expect(liked.articles.every((a) => a.favorited === false)).toBe(true);

      const mine = await articles.list(ids.bob, page({ favorited: 'bob', author: 'dave' }));
      expect(mine.articles.every((a) => a.favorited && a.favoritesCount === 1 && a.author.following)).toBe(true);
    });

    it('answers an unknown author, favoriter or tag with an empty list, not a 404', async () => {
      for (const filter of [{ author: 'nobody' }, { favorited: 'nobody' }, { tag: 'no-such-tag' }, { author: 'a\u0000b' }]) {
        expect(await articles.list(undefined, page(filter))).toEqual({ articles: [], articlesCount: 0 });
      }
    });

    it('pages past the end with an empty page and the full count', async () => {
      expect(await articles.list(undefined, page({ author: 'dave', offset: 1000 }))).toEqual({ articles: [], articlesCount: 25 });
    });

    it('shows the feed: followed authors only, newest first', async () => {
      const feed = await articles.feed(ids.bob, page({ limit: 3 }));
      expect(feed.articlesCount).toBe(25);
      expect(feed.articles.map((a) => a.title)).toEqual(['Dave 25', 'Dave 24', 'Dave 23']);
      expect(feed.articles.every((a) => a.author.following)).toBe(true);
      expect(await articles.feed(ids.carol, page())).toEqual({ articles: [], articlesCount: 0 });
    });

    it('reads a page in one statement, whatever its size and filters (no N+1)', async () => {
      const measure = async (viewerId: number | undefined, query: Partial<ArticleListQueryDto>) => {
        // The statements of a read that reaches the database, not one an earlier test left in memory.
        anonymousReads.invalidate();
        const { result, queries } = await counter.count(() => articles.list(viewerId, page(query)));
        return { size: result.articles.length, queries: queries.length };
      };
      // The page, its total, tags, favorited and following: one statement.
      expect(await measure(undefined, { author: 'dave', limit: 5 })).toEqual({ size: 5, queries: 1 });
      expect(await measure(undefined, { author: 'dave', limit: 20 })).toEqual({ size: 20, queries: 1 });
      expect(await measure(ids.bob, { limit: 5 })).toEqual({ size: 5, queries: 1 });
      expect(await measure(ids.bob, { limit: 20 })).toEqual({ size: 20, queries: 1 });
      expect(await measure(ids.bob, { tag: 'zz', favorited: 'bob', limit: 20 })).toEqual({ size: 4, queries: 1 });
      // Past the last page the window counts nothing: one more statement for the total.
      expect(await measure(undefined, { author: 'dave', offset: 1000 })).toEqual({ size: 0, queries: 2 });

      const feed = async (limit: number) => (await counter.count(() => articles.feed(ids.bob, page({ limit })))).queries.length;
      expect(await feed(5)).toBe(1);
      expect(await feed(20)).toBe(1);
    });

    it('binds every filter value as a parameter', async () => {
      const hostile = "x' OR '1'='1";
      const { result, queries } = await counter.count(() => articles.list(ids.bob, page({ tag: hostile, author: hostile, favorited: hostile })));
      expect(result).toEqual({ articles: [], articlesCount: 0 });
      expect(queries.join('\n')).not.toContain(hostile);
    });

    it('lists the distinct tags in use, sorted', async () => {
      const { tags: inUse } = await tags.inUse();
      expect(inUse).toEqual([...new Set(inUse)].sort());
      expect(inUse).toEqual(expect.arrayContaining(['dave', 'erin', 'n0', 'n1', 'n2', 'zz']));
    });

    it("answers an anonymous reader's repeat reads from memory, and shows this process's writes at once", async () => {
      const article = await articles.create(erin, { title: 'Remembered', description: 'd', body: 'first body', tagList: ['erin'] });
      const list = page({ author: 'erin', limit: 1 });
      const reads = async () => {
        const { result, queries } = await counter.count(async () => [await articles.list(undefined, list), (await articles.bySlug(undefined, article.slug)).article] as const);
        return { page: result[0], article: result[1], queries: queries.length };
      };
      expect(await reads()).toMatchObject({ page: { articles: [{ slug: article.slug, favoritesCount: 0 }] }, article: { body: 'first body' }, queries: 2 });
      expect((await reads()).queries).toBe(0);
      // A viewer's answers are their own: never from memory.
      expect((await counter.count(() => articles.bySlug(ids.bob, article.slug))).queries).toHaveLength(1);

      await favorites.favorite(ids.bob, article.slug);
      expect(await reads()).toMatchObject({ page: { articles: [{ favoritesCount: 1 }] }, article: { favoritesCount: 1, favorited: false }, queries: 2 });
      await articles.update(erin, article.slug, { body: 'second body' });
      expect(await reads()).toMatchObject({ article: { body: 'second body' }, queries: 2 });
      await articles.delete(erin, article.slug);
      expect(await statusOf(articles.bySlug(undefined, article.slug))).toBe(404);
      expect((await articles.list(undefined, list)).articles[0]?.slug).not.toBe(article.slug);
    });

    it("reads one article, with the viewer's favorited and following, in one statement", async () => {
      const [first] = (await articles.list(undefined, page({ author: 'dave', limit: 1 }))).articles;
      const { result, queries } = await counter.count(() => articles.view(ids.bob, { slug: first.slug }));
      expect(result).toMatchObject({ body: 'a body lists never show', favorited: true, author: { following: true } });
      expect(queries).toHaveLength(1);
    });

    it("lists an article's comments in one statement, an unknown slug too", async () => {
      const [first] = (await articles.list(undefined, page({ author: 'dave', limit: 1 }))).articles;
      expect((await counter.count(() => comments.list(ids.bob, first.slug))).queries).toHaveLength(1);
      expect((await counter.count(() => statusOf(comments.list(ids.bob, 'no-such-article-abc123')))).queries).toHaveLength(1);
    });
  });
});
