import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ErrorMessages, type ErrorMap } from '@conduit/contracts';

/**
 * The error factories: each decides its status and key; the words come from the contract's
 * `ErrorMessages`. Services throw these and never spell a message themselves, so a change
 * of the spec's errors is an edit here or in `ErrorMessages`.
 */

/** Builds the contract's error body: `{"errors": {"<key>": ["<message>"]}}`. */
export function errorBody(key: string, message: string): { errors: ErrorMap } {
  return { errors: { [key]: [message] } };
}

/** What a 404 can name (API.md "Errors"); `route` is an unknown path. */
export type MissingThing = 'article' | 'profile' | 'comment' | 'route';
/** What only its author may change. */
export type AuthoredThing = 'article' | 'comment';
/** The account fields that must be unique. */
export type UniqueUserField = 'email' | 'username';

/**
 * A 429 or 503 that tells the client when to try again: the error filter sends
 * `Retry-After` with it.
 */
export class RetryLaterException extends HttpException {
  constructor(
    status: 429 | 503,
    key: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(errorBody(key, message), status);
  }
}

/** 404: an unknown slug, username or comment id. */
export const notFound = (what: MissingThing): HttpException => new NotFoundException(errorBody(what, ErrorMessages.notFound));

/** 403: a valid token, but not the author of what is being changed. */
export const forbidden = (what: AuthoredThing): HttpException => new ForbiddenException(errorBody(what, ErrorMessages.forbidden));

/** 401: a route that needs a token got no `Authorization` header. */
export const tokenMissing = (): HttpException => new UnauthorizedException(errorBody('token', ErrorMessages.tokenMissing));

/**
 * 401: a malformed, expired, forged or revoked token, or one whose user no longer exists
 * (e.g. a reset database): the client must sign in again.
 */
export const tokenInvalid = (): HttpException => new UnauthorizedException(errorBody('token', ErrorMessages.tokenInvalid));

/** 401: login with a wrong email or password; the same answer for both, so accounts cannot be probed. */
export const invalidCredentials = (): HttpException =>
  new UnauthorizedException(errorBody('credentials', ErrorMessages.credentialsInvalid));

/** 409: registration or an account update with an email and/or username someone else has. */
export const alreadyTaken = (fields: readonly UniqueUserField[]): HttpException =>
  new ConflictException({ errors: Object.fromEntries(fields.map((field) => [field, [ErrorMessages.taken]])) });

/** 422: validation failed; `errors` has one key per wrong field. */
export const unprocessable = (errors: ErrorMap): HttpException => new UnprocessableEntityException({ errors });

/** 422: an update (`{"user": {}}`, `{"article": {}}`) that changes nothing. */
export const nothingToChange = (root: 'user' | 'article'): HttpException => unprocessable({ [root]: [ErrorMessages.nothingToChange] });

/** 422: following yourself. */
export const cannotFollowYourself = (): HttpException => unprocessable({ username: [ErrorMessages.cannotFollowYourself] });

/** 400: a JSON body nested deeper than `limit` levels (no Conduit body is). */
export const bodyTooDeep = (limit: number): HttpException =>
  new BadRequestException({ errors: { body: [`${ErrorMessages.nestedTooDeeply} (at most ${limit} levels)`] } });

/** 429: a rate limit was reached; try again in `retryAfterSeconds`. */
export const tooManyRequests = (retryAfterSeconds: number): HttpException =>
  new RetryLaterException(429, 'rate', ErrorMessages.tooManyRequests, Math.max(1, Math.ceil(retryAfterSeconds)));

/** 503: the server is too busy for this request right now (it sheds load rather than queue for ever). */
export const overloaded = (retryAfterSeconds: number): HttpException =>
  new RetryLaterException(503, 'server', ErrorMessages.busy, Math.max(1, Math.ceil(retryAfterSeconds)));
