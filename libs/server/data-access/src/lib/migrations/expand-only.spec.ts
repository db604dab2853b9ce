import { createLogger } from '@conduit/server/platform';
import { DataSource, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { ALL_MIGRATIONS } from './index';

/**
 * Expand only (docs/releasing.md, "Migrations in a rolling deploy"): during a rollout the
 * previous release runs beside the new one on the same database, so a release's migrations
 * only add (tables, nullable or defaulted columns, indexes). Dropping or renaming a table or
 * a column breaks the version still serving; it waits for a later release, in a migration
 * whose name starts with `Contract` (a contract step, shipped once no running version reads
 * what it removes).
 *
 * Each migration's `up()` runs against a real SQLite database through a QueryRunner that
 * records what the migration itself asks for (TypeORM's own statements inside, such as the
 * table copy SQLite needs for an added column, are not the migration's).
 */

type Change = { kind: 'drops' | 'renames' | 'drops or renames' | 'adds a required column without a default'; what: string };

const CONTRACT_NAME = /^Contract[A-Z0-9]/;

const tableName = (table: unknown): string => (typeof table === 'string' ? table : ((table as { name?: string })?.name ?? String(table)));
const columnName = (column: unknown): string => (typeof column === 'string' ? column : ((column as { name?: string })?.name ?? String(column)));
const required = (column: TableColumn): boolean => !column.isNullable && column.default === undefined && !column.isGenerated;

/** Statements in raw SQL that remove or rename a table or a column (any engine). */
const RAW_CONTRACTION = [
  /\bdrop\s+table\b/i,
  /\balter\s+table\b[\s\S]*\bdrop\s+(column\b|(?!constraint|index|default|not\b)["`\w])/i,
  /\balter\s+table\b[\s\S]*\brename\b/i,
  /\bsp_rename\b/i,
];

/** What a migration's `up()` would change that the running version depends on. */
function contractions(calls: Array<{ method: string; args: unknown[] }>): Change[] {
  const changes: Change[] = [];
  for (const { method, args } of calls) {
    const [table, a, b] = args;
    switch (method) {
      case 'dropTable':
        changes.push({ kind: 'drops', what: `table ${tableName(table)}` });
        break;
      case 'dropColumn':
        changes.push({ kind: 'drops', what: `column ${tableName(table)}.${columnName(a)}` });
        break;
      case 'dropColumns':
        for (const column of a as unknown[]) changes.push({ kind: 'drops', what: `column ${tableName(table)}.${columnName(column)}` });
        break;
      case 'renameTable':
        changes.push({ kind: 'renames', what: `table ${tableName(table)} → ${tableName(a)}` });
        break;
      case 'renameColumn':
        changes.push({ kind: 'renames', what: `column ${tableName(table)}.${columnName(a)} → ${columnName(b)}` });
        break;
      case 'changeColumn':
        if (columnName(a) !== columnName(b)) changes.push({ kind: 'renames', what: `column ${tableName(table)}.${columnName(a)} → ${columnName(b)}` });
        break;
      case 'changeColumns':
        for (const { oldColumn, newColumn } of a as Array<{ oldColumn: unknown; newColumn: unknown }>) {
          if (columnName(oldColumn) !== columnName(newColumn)) {
            changes.push({ kind: 'renames', what: `column ${tableName(table)}.${columnName(oldColumn)} → ${columnName(newColumn)}` });
          }
        }
        break;
      case 'addColumn':
        if (required(a as TableColumn)) changes.push({ kind: 'adds a required column without a default', what: `${tableName(table)}.${columnName(a)}` });
        break;
      case 'addColumns':
        for (const column of a as TableColumn[]) {
          if (required(column)) changes.push({ kind: 'adds a required column without a default', what: `${tableName(table)}.${columnName(column)}` });
        }
        break;
      case 'query':
        if (RAW_CONTRACTION.some((pattern) => pattern.test(String(table)))) {
          changes.push({ kind: 'drops or renames', what: `(raw SQL) ${String(table).trim().slice(0, 120)}` });
        }
        break;
    }
  }
  return changes;
}

/** The QueryRunner a migration gets, recording the calls it makes (TypeORM's inner calls run on the real one). */
function recording(runner: QueryRunner, calls: Array<{ method: string; args: unknown[] }>): QueryRunner {
  return new Proxy(runner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(property), args });
        return value.apply(target, args);
      };
    },
  });
}

type MigrationClass = new () => MigrationInterface;

/** Runs the migrations' `up()` in order on a fresh SQLite database; returns, per migration, what it contracts. */
async function check(migrations: readonly MigrationClass[]): Promise<Array<{ name: string; contract: boolean; changes: Change[] }>> {
  const dataSource = await new DataSource(dataSourceOptions({ kind: 'sqlite', path: ':memory:' }, createLogger({ version: 'test', logging: { level: 'silent' } }))).initialize();
  const runner = dataSource.createQueryRunner();
  try {
    const results = [];
    for (const Migration of migrations) {
      const migration = new Migration();
      const name = migration.name ?? Migration.name;
      const calls: Array<{ method: string; args: unknown[] }> = [];
      await migration.up(recording(runner, calls));
      results.push({ name, contract: CONTRACT_NAME.test(name), changes: contractions(calls) });
    }
    return results;
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

const violations = (results: Awaited<ReturnType<typeof check>>): string[] =>
  results.filter((r) => !r.contract).flatMap((r) => r.changes.map((c) => `${r.name} ${c.kind} ${c.what}`));

/* ---------------------------------------------------------------------------------------- */
/* Planted migrations (fixtures of this test only; never in ALL_MIGRATIONS)                  */

/** A planted migration: only its name and its `up()` matter here. */
const planted = (name: string, up: (queryRunner: QueryRunner) => Promise<unknown>): MigrationClass => {
  const Planted = class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      await up(queryRunner);
    }
    async down(): Promise<void> {
      // never run
    }
  };
  Object.defineProperty(Planted, 'name', { value: name });
  return Planted;
};

const DropUserBio = planted('DropUserBio1799000000001', (q) => q.dropColumn('users', 'bio'));
const RenameArticleTitle = planted('RenameArticleTitle1799000000002', (q) => q.renameColumn('articles', 'title', 'headline'));
const RenameByChange = planted('RenameByChange1799000000003', (q) =>
  q.changeColumn('users', 'image', new TableColumn({ name: 'avatar', type: 'varchar', length: '2048', isNullable: true })),
);
const DropFollows = planted('DropFollows1799000000004', (q) => q.dropTable('follows'));
const RenameCommentsInSql = planted('RenameCommentsInSql1799000000005', (q) => q.query('ALTER TABLE "comments" RENAME TO "remarks"'));
// A table with rows refuses this anyway; on an empty one the old version's INSERTs would fail.
const AddRequiredColumn = planted('AddRequiredColumn1799000000006', (q) =>
  q.addColumn('favorites', new TableColumn({ name: 'source', type: 'varchar', isNullable: false })),
);
const ContractDropUserBio = planted('ContractDropUserBio1799000000007', (q) => q.dropColumn('users', 'bio'));
const AddArticleSubtitle = planted('AddArticleSubtitle1799000000008', async (q) => {
  await q.addColumn('articles', new TableColumn({ name: 'subtitle', type: 'varchar', length: '255', isNullable: true }));
  await q.addColumn('articles', new TableColumn({ name: 'reads', type: 'integer', isNullable: false, default: 0 }));
  await q.query('CREATE INDEX "idx_articles_updated" ON "articles" ("updated_at")');
});

describe('migrations are expand-only (a rolling deploy runs two versions on one database)', () => {
  it('holds for every migration of the real set', async () => {
    const results = await check(ALL_MIGRATIONS);
    expect(results.map((r) => r.name)).toEqual(ALL_MIGRATIONS.map((M) => new M().name));
    expect(violations(results)).toEqual([]);
  });

  const bad: Array<[MigrationClass, string]> = [
    [DropUserBio, 'DropUserBio1799000000001 drops column users.bio'],
    [RenameArticleTitle, 'RenameArticleTitle1799000000002 renames column articles.title → headline'],
    [RenameByChange, 'RenameByChange1799000000003 renames column users.image → avatar'],
    [DropFollows, 'DropFollows1799000000004 drops table follows'],
    [RenameCommentsInSql, 'RenameCommentsInSql1799000000005 drops or renames (raw SQL) ALTER TABLE "comments" RENAME TO "remarks"'],
    [AddRequiredColumn, 'AddRequiredColumn1799000000006 adds a required column without a default favorites.source'],
  ];
  it.each(bad.map(([Planted, violation]) => [Planted.name, Planted, violation] as const))('catches the planted %s', async (_name, Planted, violation) => {
    const results = await check([...ALL_MIGRATIONS, Planted]);
    expect(violations(results)).toEqual([violation]);
  });

  it('lets a migration named as a contract step drop what the previous release stopped using', async () => {
    const results = await check([...ALL_MIGRATIONS, ContractDropUserBio]);
    expect(results.at(-1)).toEqual(expect.objectContaining({ contract: true, changes: [{ kind: 'drops', what: 'column users.bio' }] }));
    expect(violations(results)).toEqual([]);
  });

  it('lets additions through: a nullable column, a column with a default, an index', async () => {
    expect(violations(await check([...ALL_MIGRATIONS, AddArticleSubtitle]))).toEqual([]);
  });
});
