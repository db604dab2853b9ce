/** The two engines this API runs on; their SQL differs in a few functions. */
export type Dialect = 'sqlite' | 'postgres';

/** A select list as `[name, SQL expression]` pairs, in the order a row should have them. */
export type Columns = readonly (readonly [name: string, expression: string])[];

/** A row as a feature maps it: each column by the name its `Columns` gave it. */
export type RecordRow = Readonly<Record<string, unknown>>;

/**
 * The few expressions that differ between the engines, so that a feature's read statements
 * are written once. Placeholders are PostgreSQL's `$1`, `$2`, …; `Reads` rewrites them for
 * SQLite.
 */
export interface SqlDialect {
  readonly name: Dialect;
  /** An instant column as ISO 8601 text with milliseconds in UTC (`2026-11-26T10:00:00.000Z`), made by the database. */
  isoTimestamp(column: string): string;
  /** The values of a one-column subquery as a JSON array (in its order); selected through `selectRecord`, it comes back as an array. */
  jsonArray(subquery: string, column: string): string;
  /**
   * The select list of `columns` in the form this engine hands back fastest, each row then read
   * with `recordOf`. PostgreSQL: plain columns (node-postgres builds rows in JavaScript).
   * SQLite: one `json_object` per row, made on libuv's thread with the query, then one
   * `JSON.parse`: sqlite3 builds a row's object on the event loop one named property at a time,
   * which was a quarter of a list's CPU (~580 → ~310 µs of the event loop per page of 20).
   */
  selectRecord(columns: Columns): string;
  /** A row of a `selectRecord` statement as the record its columns name. */
  recordOf(row: unknown): RecordRow;
}

/** The one column SQLite's `selectRecord` hands back. */
const RECORD = 'record';

const sqlite: SqlDialect = {
  name: 'sqlite',
  // TypeORM stores instants as `YYYY-MM-DD HH:MM:SS.SSS` text in UTC.
  isoTimestamp: (column) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`,
  // json(): a subquery's value loses its JSON subtype, and json_object would embed it as text.
  jsonArray: (subquery, column) => `json((SELECT json_group_array(${column}) FROM (${subquery})))`,
  selectRecord: (columns) => `json_object(${columns.map(([name, expression]) => `'${name}', ${expression}`).join(', ')}) AS ${RECORD}`,
  recordOf: (row) => JSON.parse((row as Record<string, string>)[RECORD]) as RecordRow,
};

const postgres: SqlDialect = {
  name: 'postgres',
  isoTimestamp: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  // node-postgres parses `json` values itself.
  jsonArray: (subquery, column) => `(SELECT COALESCE(json_agg(${column}), '[]'::json) FROM (${subquery}) AS list)`,
  selectRecord: (columns) => columns.map(([name, expression]) => `${expression} AS ${name}`).join(', '),
  recordOf: (row) => row as RecordRow,
};

export const SQL_DIALECTS: Readonly<Record<Dialect, SqlDialect>> = { sqlite, postgres };

/** `$1` … `$n` → `?1` … `?n`: SQLite's numbered parameters, bound from the same array. */
export function toSqliteParameters(text: string): string {
  return text.replace(/\$(\d+)/g, '?$1');
}
