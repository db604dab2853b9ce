import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ConduitApiError } from './errors.js';
import type { paths } from './generated/schema.js';
import { requestSignal, type RequestOptions } from './signals.js';
import type {
  Article,
  ArticleFilter,
  ArticleListItem,
  ArticleListQuery,
  ArticlePage,
  Comment,
  FeedQuery,
  LoginInput,
  NewArticleInput,
  NewCommentInput,
  Profile,
  RegisterInput,
  UpdateArticleInput,
  UpdateUserInput,
  User,
} from './types.js';

/** A `fetch` implementation: the global one, or any function with its call shape. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export interface ConduitClientOptions {
  /** The API root including `/api`, e.g. `http://localhost:3000/api`. */
  baseUrl: string;
  /** A JWT to send as `Authorization: Token <jwt>`. `users.login`/`users.register` set it. */
  token?: string;
  /** A `fetch` to use instead of `globalThis.fetch` (tests, proxies, instrumentation). */
  fetch?: FetchLike;
  /** Default per-request timeout in milliseconds (default 30 000; `0`: none). */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Called whenever the client's token changes (e.g. to persist it). */
  onTokenChange?: (token: string | undefined) => void;
}

export interface IterateOptions extends RequestOptions {
  /** Articles fetched per request (1–100, default 20). */
  pageSize?: number;
  /** Where to start (default 0). */
  offset?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_PAGE_SIZE = 20;

export type ConduitClient = ReturnType<typeof createConduitClient>;

/**
 * Creates a client for the Conduit API. Every method resolves with the unwrapped entity
 * (`User`, `Article`, …) and rejects with a `ConduitApiError` for any non-2xx answer.
 */
export function createConduitClient(options: ConduitClientOptions) {
  if (!options?.baseUrl) throw new TypeError('createConduitClient: baseUrl is required, e.g. "http://localhost:3000/api"');
  let token = options.token || undefined;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const raw: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Accept: 'application/json', ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const conduitMiddleware: Middleware = {
    onRequest({ request }) {
      if (token && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Token ${token}`);
      }
      return request;
    },
    async onResponse({ request, response }) {
      if (!response.ok) {
        throw await ConduitApiError.fromResponse(response, request.method, request.url);
      }
      return undefined;
    },
  };
  raw.use(conduitMiddleware);

  const setToken = (next: string | undefined): void => {
    token = next || undefined;
    options.onTokenChange?.(token);
  };

  /** Fetch options for one call: the combined abort/timeout signal. */
  const init = (opts?: RequestOptions) => ({
    signal: requestSignal(opts?.timeoutMs ?? defaultTimeout, opts?.signal),
  });

  /** Errors are thrown by the middleware, so a result here is a success. */
  const ok = async <T>(call: Promise<{ data?: T; response: Response }>): Promise<T> => (await call).data as T;

  async function* paginate(
    fetchPage: (query: { limit: number; offset: number }, opts: RequestOptions) => Promise<ArticlePage>,
    opts: IterateOptions = {},
  ): AsyncGenerator<ArticleListItem, void, undefined> {
    const limit = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new RangeError(`pageSize must be an integer from 1 to 100 (got ${limit})`);
    }
    let offset = opts.offset ?? 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const page = await fetchPage({ limit, offset }, opts);
      yield* page.articles;
      offset += page.articles.length;
      if (page.articles.length === 0 || offset >= page.articlesCount) return;
    }
  }

  const users = {
    /** `POST /users/login`; stores the returned token on the client. */
    async login(credentials: LoginInput, opts?: RequestOptions): Promise<User> {
      const { user } = await ok(raw.POST('/users/login', { body: { user: credentials }, ...init(opts) }));
      setToken(user.token);
      return user;
    },
    /** `POST /users` (registration); stores the returned token on the client. */
    async register(user: RegisterInput, opts?: RequestOptions): Promise<User> {
      const data = await ok(raw.POST('/users', { body: { user }, ...init(opts) }));
      setToken(data.user.token);
      return data.user;
    },
    /** `GET /user`: the user of the current token. */
    async current(opts?: RequestOptions): Promise<User> {
      return (await ok(raw.GET('/user', init(opts)))).user;
    },
    /**
     * `PUT /user`: any subset of email, username, password, image, bio. A new email or
     * password revokes earlier tokens: the client stores the token of the answer.
     */
    async update(changes: UpdateUserInput, opts?: RequestOptions): Promise<User> {
      const { user } = await ok(raw.PUT('/user', { body: { user: changes }, ...init(opts) }));
      setToken(user.token);
      return user;
    },
  };

  const profiles = {
    /** `GET /profiles/{username}`. */
    async get(username: string, opts?: RequestOptions): Promise<Profile> {
      return (await ok(raw.GET('/profiles/{username}', { params: { path: { username } }, ...init(opts) }))).profile;
    },
    /** `POST /profiles/{username}/follow`. */
    async follow(username: string, opts?: RequestOptions): Promise<Profile> {
      return (await ok(raw.POST('/profiles/{username}/follow', { params: { path: { username } }, ...init(opts) })))
        .profile;
    },
    /** `DELETE /profiles/{username}/follow`. */
    async unfollow(username: string, opts?: RequestOptions): Promise<Profile> {
      return (await ok(raw.DELETE('/profiles/{username}/follow', { params: { path: { username } }, ...init(opts) })))
        .profile;
    },
  };

  const articles = {
    /** `GET /articles`: one page (`{ articles, articlesCount }`), newest first. */
    async list(query: ArticleListQuery = {}, opts?: RequestOptions): Promise<ArticlePage> {
      return ok(raw.GET('/articles', { params: { query }, ...init(opts) }));
    },
    /** Every article matching `filter`, fetched page by page as you iterate. */
    iterate(filter: ArticleFilter = {}, opts?: IterateOptions): AsyncGenerator<ArticleListItem, void, undefined> {
      return paginate((page, o) => articles.list({ ...filter, ...page }, o), opts);
    },
    /** `GET /articles/feed`: one page of articles by followed authors (auth required). */
    async feed(query: FeedQuery = {}, opts?: RequestOptions): Promise<ArticlePage> {
      return ok(raw.GET('/articles/feed', { params: { query }, ...init(opts) }));
    },
    /** The whole feed, fetched page by page as you iterate. */
    iterateFeed(opts?: IterateOptions): AsyncGenerator<ArticleListItem, void, undefined> {
      return paginate((page, o) => articles.feed(page, o), opts);
    },
    /** `GET /articles/{slug}`. */
    async get(slug: string, opts?: RequestOptions): Promise<Article> {
      return (await ok(raw.GET('/articles/{slug}', { params: { path: { slug } }, ...init(opts) }))).article;
    },
    /** `POST /articles`. */
    async create(article: NewArticleInput, opts?: RequestOptions): Promise<Article> {
      return (await ok(raw.POST('/articles', { body: { article }, ...init(opts) }))).article;
    },
    /** `PUT /articles/{slug}` (author only); a new title gives a new slug. */
    async update(slug: string, changes: UpdateArticleInput, opts?: RequestOptions): Promise<Article> {
      return (
        await ok(raw.PUT('/articles/{slug}', { params: { path: { slug } }, body: { article: changes }, ...init(opts) }))
      ).article;
    },
    /** `DELETE /articles/{slug}` (author only). */
    async delete(slug: string, opts?: RequestOptions): Promise<void> {
      await ok(raw.DELETE('/articles/{slug}', { params: { path: { slug } }, ...init(opts) }));
    },
    /** `POST /articles/{slug}/favorite`. */
    async favorite(slug: string, opts?: RequestOptions): Promise<Article> {
      return (await ok(raw.POST('/articles/{slug}/favorite', { params: { path: { slug } }, ...init(opts) }))).article;
    },
    /** `DELETE /articles/{slug}/favorite`. */
    async unfavorite(slug: string, opts?: RequestOptions): Promise<Article> {
      return (await ok(raw.DELETE('/articles/{slug}/favorite', { params: { path: { slug } }, ...init(opts) })))
        .article;
    },
  };

  const comments = {
    /** `GET /articles/{slug}/comments`, oldest first. */
    async list(slug: string, opts?: RequestOptions): Promise<Comment[]> {
      return (await ok(raw.GET('/articles/{slug}/comments', { params: { path: { slug } }, ...init(opts) }))).comments;
    },
    /** `POST /articles/{slug}/comments`. */
    async create(slug: string, comment: NewCommentInput, opts?: RequestOptions): Promise<Comment> {
      return (
        await ok(raw.POST('/articles/{slug}/comments', { params: { path: { slug } }, body: { comment }, ...init(opts) }))
      ).comment;
    },
    /** `DELETE /articles/{slug}/comments/{id}` (comment author only). */
    async delete(slug: string, id: number, opts?: RequestOptions): Promise<void> {
      await ok(raw.DELETE('/articles/{slug}/comments/{id}', { params: { path: { slug, id } }, ...init(opts) }));
    },
  };

  const tags = {
    /** `GET /tags`: the distinct tags in use. */
    async list(opts?: RequestOptions): Promise<string[]> {
      return (await ok(raw.GET('/tags', init(opts)))).tags;
    },
  };

  return {
    users,
    profiles,
    articles,
    comments,
    tags,
    /** The current token (set by login/register or `setToken`). */
    get token(): string | undefined {
      return token;
    },
    /** Sets or clears (`undefined`) the token sent with every request. */
    setToken,
    /**
     * The underlying openapi-fetch client, typed by path (`raw.GET('/articles/{slug}', …)`),
     * with the same token and error handling (non-2xx answers throw `ConduitApiError`).
     */
    raw,
  };
}
