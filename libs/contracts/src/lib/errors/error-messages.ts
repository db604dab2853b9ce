/**
 * The messages the contract fixes (../shared/conduit/API.md "Errors"): clients show them and
 * the public conformance suite checks the first message of each key. Every error the API
 * sends takes its words from here, so a change of the spec's wording is an edit of this file.
 * Statuses and keys are decided by the error factories (`@conduit/server/platform`,
 * `errors/http-errors.ts`) and the validation mapping (`errors/validation.ts`).
 */
export const ErrorMessages = {
  /** 401 `token`: no `Authorization` header on a route that needs one. */
  tokenMissing: 'is missing',
  /** 401 `token`: malformed, expired, forged, revoked, or naming a user that no longer exists. */
  tokenInvalid: 'is invalid',
  /** 401 `credentials`: wrong email or password (one answer for both). */
  credentialsInvalid: 'invalid',
  /** 403 `article` / `comment`: a valid token, but not the author. */
  forbidden: 'forbidden',
  /** 404 `article` / `profile` / `comment` (and `route` for an unknown path). */
  notFound: 'not found',
  /** 409 `email` / `username`. */
  taken: 'has already been taken',
  /** 422 `<field>`: a required field is missing, `null` or blank. */
  blank: "can't be blank",
  /** 422 `tagList`: `null` or another non-array where a list of tags belongs. */
  notAnArray: 'must be an array',
  /** 422 on the request root of an update that changes nothing. */
  nothingToChange: 'must change at least one field',
  /** 422 `username`: following yourself. */
  cannotFollowYourself: 'cannot follow yourself',
  /** 422 on a field whose text holds a NUL character (PostgreSQL cannot store one). */
  nulCharacter: 'must not contain NUL characters',
  /** 422 `image`: anything but an http(s) URL (`javascript:`, `data:`). */
  notAnHttpUrl: 'must be an http or https URL',
  /** 400 `body`: not JSON. */
  notJson: 'is not valid JSON',
  /** 400 `body`: nested deeper than any Conduit body. */
  nestedTooDeeply: 'is nested too deeply',
  /** 429 `rate`: too many attempts or writes; `Retry-After` says when to try again. */
  tooManyRequests: 'too many requests, try again later',
  /** 503 `server`: too busy right now (e.g. hashing passwords); `Retry-After` says when to try again. */
  busy: 'is busy, try again shortly',
} as const;
