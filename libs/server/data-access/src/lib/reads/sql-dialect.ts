/** The two engines this API runs on; their SQL differs in a few functions. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The few expressions that differ between the engines, so that a feature's read statements
 * are written once. Placeholders are PostgreSQL's `$1`, `$2`, …; `Reads` rewrites them for
 * SQLite.
 */
export interface SqlDialect {
  readonly name: Dialect;
  /** An instant column as ISO 8601 text with milliseconds in UTC (`2026-11-26T10:00:00.000Z`), made by the database. */
  isoTimestamp(column: string): string;
  /** The values of a one-column subquery as a JSON array (in its order). */
  jsonArray(subquery: string, column: string): string;
  /** What the database hands back for `jsonArray`, as strings. */
  decodeJsonArray(value: unknown): string[];
}

const sqlite: SqlDialect = {
  name: 'sqlite',
  // TypeORM stores instants as `YYYY-MM-DD HH:MM:SS.SSS` text in UTC.
  isoTimestamp: (column) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`,
  jsonArray: (subquery, column) => `(SELECT json_group_array(${column}) FROM (${subquery}))`,
  decodeJsonArray: (value) => JSON.parse(String(value)) as string[],
};

const postgres: SqlDialect = {
  name: 'postgres',
  isoTimestamp: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  // node-postgres parses `json` values itself.
  jsonArray: (subquery, column) => `(SELECT COALESCE(json_agg(${column}), '[]'::json) FROM (${subquery}) AS list)`,
  decodeJsonArray: (value) => value as string[],
};

export const SQL_DIALECTS: Readonly<Record<Dialect, SqlDialect>> = { sqlite, postgres };

/** `$1` … `$n` → `?1` … `?n`: SQLite's numbered parameters, bound from the same array. */
export function toSqliteParameters(text: string): string {
  return text.replace(/\$(\d+)/g, '?$1');
}
