/**
 * Limits the contract leaves to us (../shared/conduit/API.md "Rules not written in the
 * public spec"). One place, so the DTOs, the OpenAPI document and the database columns
 * (the entities) agree. Migrations keep the numbers of their own day: they describe history.
 */
export const FieldRules = {
  username: { pattern: /^[A-Za-z0-9_-]+$/, min: 1, max: 64 },
  email: { max: 254 },
  // scrypt cost grows with input size only mildly, but a megabyte password is still abuse.
  password: { min: 8, max: 256 },
  bio: { max: 10_000 },
  image: { max: 2_048 },
  title: { max: 255 },
  description: { max: 1_000 },
  articleBody: { max: 100_000 },
  tag: { max: 64 },
  tagList: { max: 32 },
  commentBody: { max: 20_000 },
  /** A slug as a path parameter: the column width (the API makes slugs of at most 87 characters). */
  slug: { max: 320 },
  limit: { min: 1, max: 100, default: 20 },
} as const;
