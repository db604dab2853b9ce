import type { ProfileDto } from '@conduit/contracts';
import type { Columns } from '@conduit/server/data-access';

/**
 * How a profile is read, for statements of other features that show a user (an article's or a
 * comment's author): the users feature owns what a profile is and what `following` means; the
 * other features embed these fragments in their own statements (one round trip per page).
 */

/** The columns a profile needs, from the `users` row `alias`, named with `prefix`. */
export function profileColumns(alias: string, prefix: string, viewerParameter: string | undefined): Columns {
  const following =
    viewerParameter === undefined
      ? 'FALSE'
      : `EXISTS (SELECT 1 FROM follows ${prefix}f WHERE ${prefix}f.follower_id = ${viewerParameter} AND ${prefix}f.followed_id = ${alias}.id)`;
  return [
    [`${prefix}username`, `${alias}.username`],
    [`${prefix}bio`, `${alias}.bio`],
    [`${prefix}image`, `${alias}.image`],
    [`${prefix}following`, following],
  ];
}

/** Ids of the users `viewerParameter` follows, as a subquery (the feed). */
export function followedBy(viewerParameter: string): string {
  return `SELECT followed_id FROM follows WHERE follower_id = ${viewerParameter}`;
}

/** The contract's Profile from the columns `profileColumns` named with `prefix`. */
export function profileFromRow(row: Readonly<Record<string, unknown>>, prefix: string): ProfileDto {
  return {
    username: row[`${prefix}username`] as string,
    bio: (row[`${prefix}bio`] as string | null) ?? null,
    image: (row[`${prefix}image`] as string | null) ?? null,
    // SQLite answers 0/1, PostgreSQL false/true.
    following: Boolean(row[`${prefix}following`]),
  };
}
