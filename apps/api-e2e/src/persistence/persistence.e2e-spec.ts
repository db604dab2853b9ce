import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import * as sqlite3 from 'sqlite3';
import { API_MAIN, startApi } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl, postgresDatabaseUrl, sqliteFileUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { clientFor, registerUser } from '../support/users';

const MIGRATE = join(API_MAIN, '..', 'migrate.js');

/** Builds a SQLite file exactly as release 1 left it (first migration only, with rows). */
function createRelease1Database(file: string): Promise<void> {
  const sql = readFileSync(join(__dirname, '../fixtures/release-1.sql'), 'utf8');
  return new Promise((resolve, reject) => {
    const database = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      database.exec(sql, (execError) => database.close(() => (execError ? reject(execError) : resolve())));
    });
  });
}

describe.each(databaseKinds())('data survives restarts on %s', (kind) => {
  it('finds every row written before the restart', async () => {
    const url = await freshDatabaseUrl(kind);
    const first = await startApi({ DATABASE_URL: url, APP_VERSION: '1.0.0' });
    const author = await registerUser(first.baseUrl);
    const reader = await registerUser(first.baseUrl);
    await reader.client.profiles.follow(author.username);
    await author.client.users.update({ bio: 'before the restart' });
    expect(await first.stop()).toBe(0);

    const second = await startApi({ DATABASE_URL: url, APP_VERSION: '1.0.1' });
    try {
      expect((await http(second.baseUrl, 'GET', '/health')).json).toMatchObject({ version: '1.0.1', db: 'up' });
      const again = clientFor(second.baseUrl);
      await expect(again.users.login({ email: author.email, password: author.password })).resolves.toMatchObject({
        username: author.username,
        bio: 'before the restart',
      });
      // Tokens issued before the restart still work: JWT_SECRET comes from the environment.
      await expect(clientFor(second.baseUrl, reader.token).profiles.get(author.username)).resolves.toMatchObject({ following: true });
    } finally {
      await second.stop();
    }
  });
});

describe('upgrading a database made by an earlier release (SQLite)', () => {
  it('migrates the release-1 file at start-up and still serves its rows', async () => {
    const { url, file } = sqliteFileUrl('release-1.sqlite');
    await createRelease1Database(file);
    const api = await startApi({ DATABASE_URL: url });
    try {
      const client = clientFor(api.baseUrl);
      const ada = await client.users.login({ email: 'ada@release-one.test', password: 'release-one-password' });
      expect(ada).toMatchObject({ username: 'ada', bio: 'wrote release 1', image: null });
      const grace = await clientFor(api.baseUrl).users.login({ email: 'grace@release-one.test', password: 'release-one-password' });
      await expect(clientFor(api.baseUrl, grace.token).profiles.get('ada')).resolves.toMatchObject({ following: true });
      // The tables of the newer migration exist and work.
      expect((await http(api.baseUrl, 'GET', '/tags')).json).toEqual({ tags: [] });
      const article = await clientFor(api.baseUrl, ada.token).articles.create({ title: 'After the upgrade', description: 'd', body: 'b' });
      expect(article.author.username).toBe('ada');
    } finally {
      await api.stop();
    }
  });

  it('migrates with the one-off command (DB_MIGRATIONS=off for the server), once', async () => {
    const { url, file } = sqliteFileUrl('release-1.sqlite');
    await createRelease1Database(file);
    const env = { PATH: process.env['PATH'] ?? '', DATABASE_URL: url };
    const first = spawnSync(process.execPath, [MIGRATE], { env, encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('CreateArticles');
    const second = spawnSync(process.execPath, [MIGRATE], { env, encoding: 'utf8' });
    expect(second.stdout).toContain('up to date');
    const api = await startApi({ DATABASE_URL: url, DB_MIGRATIONS: 'off' });
    try {
      expect((await http(api.baseUrl, 'GET', '/tags')).status).toBe(200);
    } finally {
      await api.stop();
    }
  });
});

const onPostgres = databaseKinds().includes('postgres') ? describe : describe.skip;

onPostgres('instances starting together on one PostgreSQL database', () => {
  it('migrate exactly once under the advisory lock', async () => {
    const url = await postgresDatabaseUrl();
    const instances = await Promise.all([startApi({ DATABASE_URL: url }), startApi({ DATABASE_URL: url }), startApi({ DATABASE_URL: url })]);
    try {
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id');
      await client.end();
      // Every migration once: three instances, no name twice (the list grows with each release).
      const names = rows.map((row) => row.name);
      expect(names).toEqual([...new Set(names)]);
      expect(names.slice(0, 2)).toEqual(['CreateUsersAndFollows1764100000000', 'CreateArticles1764200000000']);
      const user = await registerUser(instances[0].baseUrl);
      await expect(clientFor(instances[2].baseUrl).users.login({ email: user.email, password: user.password })).resolves.toMatchObject({
        username: user.username,
      });
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });
});
