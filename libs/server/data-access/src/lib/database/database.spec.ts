import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createLogger } from '@conduit/server/platform';
import { UserEntity } from '../entities';
import { Database } from './database';
import { dataSourceOptions, MIGRATIONS_TABLE } from './data-source-options';
import { runPendingMigrations } from './migration-runner';

const silent = createLogger({ version: 'test', logging: { level: 'silent' } });

describe('SQLite data access (real file)', () => {
  let dataSource: DataSource;

  let path: string;

  beforeAll(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'conduit-da-')), 'nested', 'conduit.sqlite');
    dataSource = await new DataSource(dataSourceOptions({ kind: 'sqlite', path }, silent)).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('applies every migration once, then nothing', async () => {
    expect((await runPendingMigrations(dataSource)).applied).toEqual(['CreateUsersAndFollows1764100000000', 'CreateArticles1764200000000', 'AddCredentialsVersion1764300000000', 'UniqueUsernamesIgnoringCase1764400000000']);
    expect((await runPendingMigrations(dataSource)).applied).toEqual([]);
    const rows = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    expect(rows).toHaveLength(4);
  });

  it('runs in WAL mode with foreign keys on and synchronize off', async () => {
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    expect(dataSource.options.synchronize).toBe(false);
  });

  it('serialises concurrent write transactions on the single SQLite connection', async () => {
    const db = new Database(dataSource);
    const now = new Date();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.write(async (manager) => {
          await manager.insert(UserEntity, { email: `u${i}@t.test`, username: `u${i}`, passwordHash: 'x', bio: null, image: null, createdAt: now, updatedAt: now });
          // Yield inside the transaction: without the queue another BEGIN would interleave here.
          await new Promise((resolve) => setImmediate(resolve));
        }),
      ),
    );
    expect(await db.reader.count(UserEntity)).toBe(25);
  });

  it('takes the write lock at BEGIN: read-then-write transactions of two processes wait for each other, none fails', async () => {
    // A second data source is a second connection, as another process on the same file would have.
    const otherProcess = await new DataSource(dataSourceOptions({ kind: 'sqlite', path }, silent)).initialize();
    try {
      const [here, there] = [new Database(dataSource), new Database(otherProcess)];
      const now = new Date();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? here : there).write(async (manager) => {
            // Read first, write later: a deferred BEGIN fails here with SQLITE_BUSY once the other connection commits.
            const before = await manager.count(UserEntity);
            await new Promise((resolve) => setTimeout(resolve, 2));
            await manager.insert(UserEntity, { email: `p${i}@t.test`, username: `p${i}-${before}`, passwordHash: 'x', bio: null, image: null, createdAt: now, updatedAt: now });
          }),
        ),
      );
      expect(await there.reader.countBy(UserEntity, { passwordHash: 'x' })).toBeGreaterThanOrEqual(20);
    } finally {
      await otherProcess.destroy();
    }
  });

  it('rolls back a failed write completely', async () => {
    const db = new Database(dataSource);
    const now = new Date();
    await expect(
      db.write(async (manager) => {
        await manager.insert(UserEntity, { email: 'rollback@t.test', username: 'rollback', passwordHash: 'x', bio: null, image: null, createdAt: now, updatedAt: now });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.reader.existsBy(UserEntity, { username: 'rollback' })).toBe(false);
  });
});
