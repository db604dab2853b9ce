/**
 * Entity, input and query types, all derived from the generated OpenAPI `paths`
 * (never from `components.schemas` names, which depend on the generator): when the
 * document changes, these change with it and the compiler points at every use.
 */
import type { paths } from './generated/schema.js';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** Every path of the API (relative to a baseUrl ending in `/api`). */
export type ConduitPaths = paths;

/** The operation object for one path and method. */
export type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessStatus = 200 | 201 | 202 | 203;

/** The JSON body of the operation's success (2xx) response. */
export type ResponseBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { responses: infer R }
    ? { [S in keyof R]: S extends SuccessStatus ? JsonContent<R[S]> : never }[keyof R]
    : never;

/** The JSON request body of the operation. */
export type RequestBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;

/** The query parameters of the operation. */
export type QueryParams<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The authenticated user, with its JWT in `token`. */
export type User = ResponseBody<'/user', 'get'>['user'];
export type Profile = ResponseBody<'/profiles/{username}', 'get'>['profile'];
/** A full article (with `body`), as returned by get/create/update/favorite. */
export type Article = ResponseBody<'/articles/{slug}', 'get'>['article'];
/** One page of `GET /articles` or `GET /articles/feed`. */
export type ArticlePage = ResponseBody<'/articles', 'get'>;
/** An article as listed (without `body`). */
export type ArticleListItem = ArticlePage['articles'][number];
export type Comment = ResponseBody<'/articles/{slug}/comments', 'get'>['comments'][number];

export type LoginInput = RequestBody<'/users/login', 'post'>['user'];
export type RegisterInput = RequestBody<'/users', 'post'>['user'];
export type UpdateUserInput = RequestBody<'/user', 'put'>['user'];
export type NewArticleInput = RequestBody<'/articles', 'post'>['article'];
export type UpdateArticleInput = RequestBody<'/articles/{slug}', 'put'>['article'];
export type NewCommentInput = RequestBody<'/articles/{slug}/comments', 'post'>['comment'];

/** Filters and paging of `GET /articles` (`tag`, `author`, `favorited`, `limit`, `offset`). */
export type ArticleListQuery = QueryParams<'/articles', 'get'>;
/** Paging of `GET /articles/feed` (`limit`, `offset`). */
export type FeedQuery = QueryParams<'/articles/feed', 'get'>;
/** `ArticleListQuery` without the paging keys, for `articles.iterate()`. */
export type ArticleFilter = Omit<ArticleListQuery, 'limit' | 'offset'>;
