import { call, isSuccess, type CallOptions, type CallResult } from '../lib/http-client.ts';
import type { Backend, LoadBalancer } from './load-balancer.ts';

export interface User {
  username: string;
  email: string;
  password: string;
  token: string;
}

interface Article {
  slug: string;
  title: string;
}

/** Writes the API acknowledged (2xx): each must be readable afterwards. */
export interface Acknowledged {
  articles: Article[];
  comments: Array<{ slug: string; id: number; body: string }>;
  favorites: Array<{ slug: string; user: User }>;
}

export interface PhaseCount {
  requests: number;
  ok: number;
  failed: number;
  /** Requests per backend name. */
  by: Record<string, number>;
}

export interface Failure {
  phase: string;
  backend: string;
  result: CallResult;
}

/**
 * Mixed reads and writes through the load balancer, counted per phase, every acknowledged
 * write remembered: article lists, articles, tags, the current user, new articles, comments
 * and favorites by a handful of users.
 */
export class Workload {
  phase = 'setup';
  readonly counts = new Map<string, PhaseCount>();
  readonly failures: Failure[] = [];
  readonly acknowledged: Acknowledged = { articles: [], comments: [], favorites: [] };
  private readonly users: User[] = [];
  private running = false;
  private loops: Array<Promise<void>> = [];
  private serial = 0;
  private readonly balancer: LoadBalancer;

  constructor(balancer: LoadBalancer) {
    this.balancer = balancer;
  }

  /** Sends one request to `to` and counts it in the current phase. */
  async send(to: Backend, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const phase = this.phase;
    const result = await call(to.url, method, path, { agent: to.agent, ...options });
    const count = this.counts.get(phase) ?? { requests: 0, ok: 0, failed: 0, by: {} };
    count.requests += 1;
    count.by[to.name] = (count.by[to.name] ?? 0) + 1;
    if (isSuccess(result)) count.ok += 1;
    else {
      count.failed += 1;
      if (this.failures.length < 20) this.failures.push({ phase, backend: to.name, result });
    }
    this.counts.set(phase, count);
    return result;
  }

  /** Registers the users and one article each, through the pool. */
  async setUp(users: number): Promise<void> {
    for (let i = 0; i < users; i += 1) {
      const id = `${Date.now().toString(36)}${i}`;
      const user = { username: `rehearsal${id}`, email: `rehearsal${id}@example.test`, password: `pw-${id}-Secret!` };
      const res = await this.send(this.balancer.pick(), 'POST', '/api/users', { body: { user } });
      if (res.status !== 201) throw new Error(`registering a user failed: ${res.status ?? res.error} ${res.text}`);
      this.users.push({ ...user, token: (res.json as { user: { token: string } }).user.token });
      await this.createArticle(this.balancer.pick(), this.users[i] as User);
    }
  }

  private pickOne<T>(items: readonly T[]): T {
    return items[Math.floor(Math.random() * items.length)] as T;
  }

  private async createArticle(to: Backend, author: User, trickleMs = 0): Promise<CallResult> {
    const n = (this.serial += 1);
    const title = `Rehearsal ${this.phase} ${n} ${Date.now().toString(36)}`;
    const article = { title, description: `written during ${this.phase}`, body: `Body ${n}: kept across releases.`, tagList: ['rehearsal', `phase-${this.phase}`] };
    const res = await this.send(to, 'POST', '/api/articles', { body: { article }, token: author.token, trickleMs });
    if (res.status === 201) this.acknowledged.articles.push({ slug: (res.json as { article: { slug: string } }).article.slug, title });
    return res;
  }

  /** One request of the mix to the balancer's choice. */
  private async step(): Promise<void> {
    const to = this.balancer.pick();
    const user = this.pickOne(this.users);
    const article = this.pickOne(this.acknowledged.articles);
    const roll = Math.random();
    if (roll < 0.3) await this.send(to, 'GET', `/api/articles/${article.slug}`);
    else if (roll < 0.45) await this.send(to, 'GET', '/api/articles?limit=10');
    else if (roll < 0.55) await this.send(to, 'GET', '/api/tags');
    else if (roll < 0.65) await this.send(to, 'GET', '/api/user', { token: user.token });
    else if (roll < 0.8) await this.createArticle(to, user);
    else if (roll < 0.9) {
      const body = `Comment ${(this.serial += 1)} in ${this.phase}`;
      const res = await this.send(to, 'POST', `/api/articles/${article.slug}/comments`, { body: { comment: { body } }, token: user.token });
      if (res.status === 200 || res.status === 201) {
        this.acknowledged.comments.push({ slug: article.slug, id: (res.json as { comment: { id: number } }).comment.id, body });
      }
    } else {
      const res = await this.send(to, 'POST', `/api/articles/${article.slug}/favorite`, { token: user.token });
      if (isSuccess(res)) this.acknowledged.favorites.push({ slug: article.slug, user });
    }
  }

  start(workers: number): void {
    this.running = true;
    this.loops = Array.from({ length: workers }, async () => {
      while (this.running) await this.step();
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Slow article POSTs (bodies over `trickleMs`) to one backend: its last requests when it is stopped. */
  lastRequests(to: Backend, count: number, trickleMs: number): Array<Promise<CallResult>> {
    return Array.from({ length: count }, (_, i) => this.createArticle(to, this.users[i % this.users.length] as User, trickleMs));
  }

  /** Reads every acknowledged write back from `from`; returns what is missing or wrong. */
  async verify(from: Backend): Promise<{ checked: number; problems: string[] }> {
    const problems: string[] = [];
    let checked = 0;
    const read = async <T>(path: string, token?: string): Promise<T | undefined> => {
      const res = await call(from.url, 'GET', path, { agent: from.agent, ...(token ? { token } : {}) });
      if (res.status !== 200) {
        problems.push(`GET ${path}: ${res.status ?? res.error}`);
        return undefined;
      }
      return res.json as T;
    };
    for (const { slug, title } of this.acknowledged.articles) {
      checked += 1;
      const got = await read<{ article: { title: string } }>(`/api/articles/${slug}`);
      if (got && got.article.title !== title) problems.push(`article ${slug}: title "${got.article.title}"`);
    }
    const bySlug = new Map<string, Array<{ id: number; body: string }>>();
    for (const comment of this.acknowledged.comments) bySlug.set(comment.slug, [...(bySlug.get(comment.slug) ?? []), comment]);
    for (const [slug, comments] of bySlug) {
      const got = await read<{ comments: Array<{ id: number; body: string }> }>(`/api/articles/${slug}/comments`);
      for (const comment of comments) {
        checked += 1;
        if (got && !got.comments.some((c) => c.id === comment.id && c.body === comment.body)) problems.push(`comment ${comment.id} on ${slug} is missing`);
      }
    }
    const seen = new Set<string>();
    for (const { slug, user } of this.acknowledged.favorites) {
      const key = `${slug} ${user.username}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checked += 1;
      const got = await read<{ article: { favorited: boolean } }>(`/api/articles/${slug}`, user.token);
      if (got && !got.article.favorited) problems.push(`favorite of ${slug} by ${user.username} is missing`);
    }
    return { checked, problems };
  }

  writes(): number {
    return this.acknowledged.articles.length + this.acknowledged.comments.length + this.acknowledged.favorites.length;
  }
}
