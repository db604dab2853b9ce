import { expectStatus } from '@conduit/testing/http';
import { pool } from './pool';

export interface SeedUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

export interface SeedOptions {
  users: number;
  articles: number;
  /** Favorites per user (distinct articles). */
  favoritesPerUser: number;
  /** Follows per user (distinct other users). */
  followsPerUser: number;
  comments: number;
  concurrency: number;
}

const DEFAULT_SEED: SeedOptions = {
  users: 20,
  articles: 200,
  favoritesPerUser: 20,
  followsPerUser: 5,
  comments: 100,
  concurrency: 8,
};

export interface SeedResult {
  users: SeedUser[];
  slugs: string[];
  tags: string[];
  favorites: { username: string; slug: string }[];
  counts: { users: number; articles: number; favorites: number; follows: number; comments: number };
  ms: number;
}

export const SEED_PASSWORD = 'bench-password-123';

const TAGS = ['nestjs', 'fastify', 'typeorm', 'sqlite', 'postgres', 'node', 'typescript', 'nx', 'testing', 'perf', 'http', 'json', 'docker', 'aws', 'realworld'];

/** mulberry32: a tiny deterministic PRNG, so two runs seed the same shape. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[], count: number): T[] {
  const copy = [...items];
  const picked: T[] = [];
  while (picked.length < count && copy.length > 0) picked.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
  return picked;
}

/** Fills an empty database through the public API only (registration, articles, favorites, follows, comments). */
export async function seed(baseUrl: string, options: SeedOptions = DEFAULT_SEED, prefix = 'bench'): Promise<SeedResult> {
  const started = performance.now();
  const random = prng(42);
  const run = Date.now().toString(36);

  const users = await pool(
    Array.from({ length: options.users }, (_, i) => i),
    options.concurrency,
    async (i) => {
      const username = `${prefix}${run}u${i}`;
      const email = `${username}@bench.test`;
      const { user } = await expectStatus<{ user: { token: string } }>(201, baseUrl, 'POST', '/users', {
        body: { user: { username, email, password: SEED_PASSWORD } },
      });
      return { username, email, password: SEED_PASSWORD, token: user.token };
    },
  );

  const plans = Array.from({ length: options.articles }, (_, i) => ({
    author: users[i % users.length],
    title: `Benchmark article ${i}: ${['fast', 'correct', 'boring', 'typed'][i % 4]} APIs`,
    tagList: pick(random, TAGS, 1 + Math.floor(random() * 4)),
    body: `Body of article ${i}. `.repeat(20 + Math.floor(random() * 40)),
  }));
  const slugs = await pool(plans, options.concurrency, async (plan) => {
    const { article } = await expectStatus<{ article: { slug: string } }>(201, baseUrl, 'POST', '/articles', {
      token: plan.author.token,
      body: { article: { title: plan.title, description: `About ${plan.tagList.join(', ')}`, body: plan.body, tagList: plan.tagList } },
    });
    return article.slug;
  });

  const favorites = users.flatMap((user) => pick(random, slugs, options.favoritesPerUser).map((slug) => ({ user, slug })));
  await pool(favorites, options.concurrency, ({ user, slug }) =>
    expectStatus(200, baseUrl, 'POST', `/articles/${encodeURIComponent(slug)}/favorite`, { token: user.token }),
  );

  const follows = users.flatMap((user) =>
    pick(
      random,
      users.filter((other) => other !== user),
      options.followsPerUser,
    ).map((other) => ({ user, other })),
  );
  await pool(follows, options.concurrency, ({ user, other }) =>
    expectStatus(200, baseUrl, 'POST', `/profiles/${encodeURIComponent(other.username)}/follow`, { token: user.token }),
  );

  const comments = Array.from({ length: options.comments }, (_, i) => ({
    user: users[Math.floor(random() * users.length)],
    slug: slugs[Math.floor(random() * slugs.length)],
    body: `Comment ${i}: thanks for writing this.`,
  }));
  await pool(comments, options.concurrency, ({ user, slug, body }) =>
    expectStatus(201, baseUrl, 'POST', `/articles/${encodeURIComponent(slug)}/comments`, { token: user.token, body: { comment: { body } } }),
  );

  return {
    users,
    slugs,
    tags: TAGS,
    favorites: favorites.map(({ user, slug }) => ({ username: user.username, slug })),
    counts: { users: users.length, articles: slugs.length, favorites: favorites.length, follows: follows.length, comments: comments.length },
    ms: performance.now() - started,
  };
}
