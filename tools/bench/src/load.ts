/**
 * `npm run load`: a bounded mixed load on the built API (SQLite, limits off): many users read,
 * register, write articles, comment and favorite at once, first against one process, then
 * against two processes sharing the SQLite file (what a rolling replacement on one volume
 * does). Every write that got a 2xx is recorded and read back afterwards from each process.
 * Exits 1 on any 5xx, network error, unexpected 4xx or lost write. The one 5xx that is not a
 * failure is the documented load shedding of password hashing (`HASH_CONCURRENCY`: a 503 with
 * `Retry-After` on registration and login): it is counted, and the request is sent again
 * after the time the API asked for, as a client should.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type StartedApi } from '@conduit/testing/api-process';
import { http } from '@conduit/testing/http';
import { pool } from './lib/pool';
import { median } from './lib/measure';
import { prng, seed, type SeedUser } from './lib/seed';

const seconds = Number(process.env['LOAD_SECONDS'] ?? 60);
/** The second phase: two processes on the one file. */
const sharedSeconds = Number(process.env['LOAD_SHARED_SECONDS'] ?? 20);
const connections = Number(process.env['LOAD_CONNECTIONS'] ?? 50);
/** Registrations are scrypt-bound (and each is logged in again at the end): keep them bounded. */
const maxRegistrations = Number(process.env['LOAD_MAX_REGISTRATIONS'] ?? 60);
const REQUEST_TIMEOUT_MS = 30_000;
/** The routes that hash a password, where a 503 with `Retry-After` sheds load by design. */
const HASHING_ROUTES = new Set(['POST /users', 'POST /users/login']);
/** Sheds of one request before its 503 counts as a failure. */
const MAX_SHEDS = 5;

const log = (line: string) => process.stdout.write(`${line}\n`);

type OpName =
  | 'list'
  | 'article'
  | 'tags'
  | 'comments'
  | 'profile'
  | 'feed'
  | 'user'
  | 'register'
  | 'create'
  | 'comment'
  | 'favorite';

const WEIGHTS: Record<OpName, number> = {
  list: 18,
  article: 18,
  tags: 8,
  comments: 8,
  profile: 5,
  feed: 5,
  user: 5,
  register: 2,
  create: 12,
  comment: 10,
  favorite: 9,
};

interface Stats {
  count: number;
  ok: number;
  client4xx: number;
  server5xx: number;
  /** 503 + Retry-After from a hashing route, sent again after that time. */
  shed: number;
  network: number;
  latencies: number[];
}

interface Outcome {
  status: number;
  body: unknown;
}

const stats = new Map<string, Stats>();
const problems: string[] = [];

function statsFor(name: string): Stats {
  let entry = stats.get(name);
  if (!entry) stats.set(name, (entry = { count: 0, ok: 0, client4xx: 0, server5xx: 0, shed: 0, network: 0, latencies: [] }));
  return entry;
}

/** One request, counted under `name`; resolves with undefined on a network error. */
async function call(baseUrl: string, name: string, method: string, path: string, token?: string, body?: unknown): Promise<Outcome | undefined> {
  const entry = statsFor(name);
  entry.count++;
  try {
    for (let sheds = 0; ; sheds++) {
      const response = await http(baseUrl, method, path, { token, body, timeoutMs: REQUEST_TIMEOUT_MS });
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 503 && HASHING_ROUTES.has(`${method} ${path}`) && retryAfter > 0 && sheds < MAX_SHEDS) {
        entry.shed++;
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
        continue;
      }
      entry.latencies.push(response.ms);
      if (response.status < 300) entry.ok++;
      else if (response.status >= 500) entry.server5xx++;
      else entry.client4xx++;
      if (response.status >= 400 && problems.length < 50) problems.push(`${response.status} ${method} ${path} ${response.text.slice(0, 300)}`);
      return { status: response.status, body: response.json };
    }
  } catch (error) {
    entry.network++;
    if (problems.length < 50) problems.push(`network ${method} ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

interface Written {
  users: SeedUser[];
  articles: { slug: string; title: string; author: string }[];
  comments: { slug: string; id: number; body: string }[];
  /** slug → usernames that favorited it (seed and load). */
  favorites: Map<string, Set<string>>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-load-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'load.sqlite')}`, NODE_ENV: 'production' };
  const api = await startApi(env);
  let second: StartedApi | undefined;
  let failed = false;
  try {
    log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')} on ${cpus().length} cores`);
    const seeded = await seed(api.baseUrl, { users: 10, articles: 30, favoritesPerUser: 5, followsPerUser: 3, comments: 20, concurrency: 8 }, 'load');
    log(`seeded ${JSON.stringify(seeded.counts)}; running ${seconds} s with ${connections} connections`);
    const users: SeedUser[] = [...seeded.users];
    const slugs: string[] = [...seeded.slugs];
    const written: Written = { users: [], articles: [], comments: [], favorites: new Map() };
    for (const { username, slug } of seeded.favorites) {
      if (!written.favorites.has(slug)) written.favorites.set(slug, new Set());
      written.favorites.get(slug)?.add(username);
    }
    const favoriteChecks: { username: string; token: string; slug: string }[] = [];
    const run = Date.now().toString(36);
    let registrations = 0;
    let sequence = 0;

    const names = Object.keys(WEIGHTS) as OpName[];
    const totalWeight = names.reduce((sum, name) => sum + WEIGHTS[name], 0);
    const worker = async (index: number, bases: readonly string[], deadline: number) => {
      const base = bases[index % bases.length];
      const random = prng(1000 + index);
      const any = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      while (performance.now() < deadline) {
        let roll = random() * totalWeight;
        let op = names[0];
        for (const name of names) {
          if ((roll -= WEIGHTS[name]) < 0) {
            op = name;
            break;
          }
        }
        if (op === 'register' && registrations >= maxRegistrations) op = 'list';
        const user = any(users);
        const slug = any(slugs);
        const path = `/articles/${encodeURIComponent(slug)}`;
        switch (op) {
          case 'list': {
            const filter = any(['', `&tag=${any(seeded.tags)}`, `&author=${user.username}`, `&favorited=${user.username}`]);
            await call(base, 'GET /articles', 'GET', `/articles?limit=${any([10, 20, 50])}&offset=${any([0, 0, 20])}${filter}`, random() < 0.5 ? user.token : undefined);
            break;
          }
          case 'article':
            await call(base, 'GET /articles/:slug', 'GET', path, random() < 0.5 ? user.token : undefined);
            break;
          case 'tags':
            await call(base, 'GET /tags', 'GET', '/tags');
            break;
          case 'comments':
            await call(base, 'GET /articles/:slug/comments', 'GET', `${path}/comments`);
            break;
          case 'profile':
            await call(base, 'GET /profiles/:username', 'GET', `/profiles/${encodeURIComponent(any(users).username)}`, user.token);
            break;
          case 'feed':
            await call(base, 'GET /articles/feed', 'GET', '/articles/feed?limit=20', user.token);
            break;
          case 'user':
            await call(base, 'GET /user', 'GET', '/user', user.token);
            break;
          case 'register': {
            registrations++;
            const username = `load${run}r${index}x${sequence++}`;
            const credentials = { username, email: `${username}@load.test`, password: `pw-${username}` };
            const outcome = await call(base, 'POST /users', 'POST', '/users', undefined, { user: credentials });
            if (outcome?.status === 201) {
              const registered = { ...credentials, token: (outcome.body as { user: { token: string } }).user.token };
              written.users.push(registered);
              users.push(registered);
            }
            break;
          }
          case 'create': {
            const title = `Load ${index}-${sequence++} ${any(['über', 'naïve', '速い', 'plain'])} title`;
            const outcome = await call(base, 'POST /articles', 'POST', '/articles', user.token, {
              article: { title, description: 'written under load', body: `Body ${sequence} `.repeat(30), tagList: [any(seeded.tags), 'load'] },
            });
            if (outcome?.status === 201) {
              const created = (outcome.body as { article: { slug: string } }).article.slug;
              written.articles.push({ slug: created, title, author: user.username });
              slugs.push(created);
            }
            break;
          }
          case 'comment': {
            const body = `comment ${index}-${sequence++} under load`;
            const outcome = await call(base, 'POST /articles/:slug/comments', 'POST', `${path}/comments`, user.token, { comment: { body } });
            if (outcome?.status === 201) written.comments.push({ slug, id: (outcome.body as { comment: { id: number } }).comment.id, body });
            break;
          }
          case 'favorite': {
            const outcome = await call(base, 'POST /articles/:slug/favorite', 'POST', `${path}/favorite`, user.token);
            if (outcome?.status === 200) {
              if (!written.favorites.has(slug)) written.favorites.set(slug, new Set());
              written.favorites.get(slug)?.add(user.username);
              favoriteChecks.push({ username: user.username, token: user.token, slug });
            }
            break;
          }
        }
      }
    };
    const phase = async (bases: readonly string[], phaseSeconds: number) => {
      const deadline = performance.now() + phaseSeconds * 1000;
      await Promise.all(Array.from({ length: connections }, (_, i) => worker(i, bases, deadline)));
    };
    const started = performance.now();
    await phase([api.baseUrl], seconds);
    if (sharedSeconds > 0) {
      second = await startApi(env);
      log(`then ${sharedSeconds} s with a second process on the same SQLite file (connections alternate between the two)`);
      await phase([api.baseUrl, second.baseUrl], sharedSeconds);
    }
    const elapsed = (performance.now() - started) / 1000;
    const processes = second ? [api, second] : [api];
    const alive = processes.every((p) => p.child.exitCode === null && p.child.signalCode === null);
    const base = api.baseUrl;

    // Read every acknowledged write back.
    const lost: string[] = [];
    const verifyStarted = performance.now();
    await pool(written.users, 4, async (user) => {
      const outcome = await call(base, 'verify: login', 'POST', '/users/login', undefined, { user: { email: user.email, password: user.password } });
      const name = (outcome?.body as { user?: { username?: string } } | undefined)?.user?.username;
      if (outcome?.status !== 200 || name !== user.username) lost.push(`user ${user.username}: login ${outcome?.status}`);
    });
    // Every article, comment and favorite must be readable from each process.
    for (const reader of processes) {
      const base = reader.baseUrl;
      await pool(written.articles, 16, async (article) => {
        const outcome = await call(base, 'verify: GET /articles/:slug', 'GET', `/articles/${encodeURIComponent(article.slug)}`);
        const got = (outcome?.body as { article?: { title?: string; author?: { username?: string } } } | undefined)?.article;
        if (outcome?.status !== 200 || got?.title !== article.title || got?.author?.username !== article.author) {
          lost.push(`article ${article.slug}: ${outcome?.status}`);
        }
      });
      const commentSlugs = [...new Set(written.comments.map((c) => c.slug))];
      await pool(commentSlugs, 16, async (slug) => {
        const outcome = await call(base, 'verify: GET comments', 'GET', `/articles/${encodeURIComponent(slug)}/comments`);
        const listed = new Map(((outcome?.body as { comments?: { id: number; body: string }[] } | undefined)?.comments ?? []).map((c) => [c.id, c.body]));
        for (const comment of written.comments.filter((c) => c.slug === slug)) {
          if (listed.get(comment.id) !== comment.body) lost.push(`comment ${comment.id} on ${slug}: ${outcome?.status}, not listed`);
        }
      });
      await pool(favoriteChecks, 16, async ({ username, token, slug }) => {
        const outcome = await call(base, 'verify: favorited', 'GET', `/articles/${encodeURIComponent(slug)}`, token);
        const got = (outcome?.body as { article?: { favorited?: boolean; favoritesCount?: number } } | undefined)?.article;
        const expected = written.favorites.get(slug)?.size ?? 0;
        if (outcome?.status !== 200 || got?.favorited !== true) lost.push(`favorite of ${slug} by ${username}: ${outcome?.status} favorited=${got?.favorited}`);
        else if (got.favoritesCount !== expected) lost.push(`favoritesCount of ${slug}: ${got.favoritesCount}, expected ${expected}`);
      });
    }
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    const healthy = (await call(base, 'verify: health', 'GET', '/health'))?.status === 200;

    // Report.
    const rows = [...stats.entries()];
    const sum = (key: keyof Omit<Stats, 'latencies'>, filter = (name: string) => !name.startsWith('verify')) =>
      rows.filter(([name]) => filter(name)).reduce((total, [, s]) => total + s[key], 0);
    const loadRequests = sum('count');
    const pct = (values: number[], p: number) => {
      if (values.length === 0) return 0;
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    };
    const width = Math.max(...rows.map(([name]) => name.length));
    log('');
    log(`${'request'.padEnd(width)}  ${['count', '2xx', '4xx', '5xx', 'shed', 'net err', 'p50 ms', 'p99 ms'].map((h) => h.padStart(7)).join(' ')}`);
    for (const [name, s] of rows) {
      const cells = [s.count, s.ok, s.client4xx, s.server5xx, s.shed, s.network].map(String);
      cells.push(median(s.latencies.length ? s.latencies : [0]).toFixed(1), pct(s.latencies, 99).toFixed(1));
      log(`${name.padEnd(width)}  ${cells.map((c) => c.padStart(7)).join(' ')}`);
    }
    const fiveXx = sum('server5xx', () => true);
    const network = sum('network', () => true);
    const unexpected4xx = sum('client4xx', () => true);
    log('');
    log(`load: ${loadRequests} requests in ${elapsed.toFixed(1)} s = ${(loadRequests / elapsed).toFixed(0)} req/s with ${connections} connections`);
    log(
      `acknowledged writes: ${written.users.length} registrations, ${written.articles.length} articles, ${written.comments.length} comments, ${favoriteChecks.length} favorites` +
        ` (verified in ${verifySeconds.toFixed(1)} s)`,
    );
    log(`5xx: ${fiveXx}  network errors: ${network}  unexpected 4xx: ${unexpected4xx}  lost writes: ${lost.length}`);
    log(`shed by the hash limit and sent again after Retry-After (not failures): ${sum('shed', () => true)}`);
    log(`API process alive after load: ${alive}; health after verification: ${healthy ? 200 : 'FAILED'}`);
    log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
    for (const line of lost.slice(0, 20)) log(`  lost: ${line}`);
    for (const line of problems.slice(0, 20)) log(`  problem: ${line}`);
    failed = fiveXx > 0 || network > 0 || unexpected4xx > 0 || lost.length > 0 || !alive || !healthy;
    log(failed ? '\nLOAD FAILED' : '\nLOAD OK');
    if (fiveXx > 0 || !alive) for (const p of processes) log(p.output().slice(-4000));
  } finally {
    await Promise.all([api.stop(), second?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
