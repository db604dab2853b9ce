import { randomInt } from 'node:crypto';
import slugify from 'slugify';
import { FieldRules } from '@conduit/contracts';

/** The `articles.slug` column width. */
export const MAX_SLUG_LENGTH = FieldRules.slug.max;

/**
 * Long titles give long slugs, cut at a word boundary, so that a URL stays readable and
 * shareable: base (at most 80) + `-` + suffix (6) is at most 87 characters.
 */
export const MAX_BASE_LENGTH = 80;
const SUFFIX_LENGTH = 6;
const SUFFIX_SPACE = 36 ** SUFFIX_LENGTH;

/** Used when the title has no ASCII letters or digits at all (e.g. "日本語", "---"). */
const FALLBACK_BASE = 'article';

/** Every slug this service has ever produced has this shape. */
const SLUG_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Six base-36 characters from the CSPRNG: about 2.2 billion suffixes per title. */
export function randomSuffix(): string {
  return randomInt(0, SUFFIX_SPACE).toString(36).padStart(SUFFIX_LENGTH, '0');
}

/**
 * `Hello, World!` → `hello-world-k3x9q2`. The base is the title lower-cased, transliterated
 * to ASCII and joined with hyphens; the random suffix lets two articles share a title.
 * A clash of the whole slug is still possible (very unlikely) and is settled by the unique
 * index: the caller retries with a new suffix.
 */
export function slugFor(title: string, suffix: () => string = randomSuffix): string {
  const base = truncateAtWord(slugify(title, { lower: true, strict: true, trim: true }), MAX_BASE_LENGTH).replace(/-+$/, '') || FALLBACK_BASE;
  return `${base}-${suffix()}`;
}

/** `a-very-long-title` cut to 9 → `a-very`, not `a-very-lo`; a single long word is simply cut. */
function truncateAtWord(base: string, max: number): string {
  if (base.length <= max) return base;
  const cut = base.slice(0, max);
  const lastHyphen = cut.lastIndexOf('-');
  return base[max] === '-' || lastHyphen <= 0 ? cut : cut.slice(0, lastHyphen);
}

/**
 * Whether a path parameter could name an article at all. Anything else (too long, upper
 * case, control characters) is a 404 without a database round trip, and never reaches a
 * driver that might choke on it (PostgreSQL rejects NUL bytes in text).
 */
export function isPlausibleSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && SLUG_SHAPE.test(slug);
}
