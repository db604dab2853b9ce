import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Database, dataSourceOptions, Reads, runPendingMigrations, UserEntity } from '@conduit/server/data-access';
import { AnonymousReadCache, AppConfig, createLogger, TokenService, RateLimits } from '@conduit/server/platform';
import { PasswordHasher } from './auth/password-hasher';
import { UserCredentialsLookup } from './auth/credentials.module';
import { ProfilesRepository } from './profiles/profiles.repository';
import { ProfilesService } from './profiles/profiles.service';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** The HTTP status a service call fails with. */
async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException) return error.getStatus();
    throw error;
  }
  throw new Error('expected the call to fail');
}

const FAILED_LOGINS_PER_EMAIL = 3;

describe('users feature against a real SQLite database', () => {
  let dir: string;
  let dataSource: DataSource;
  let users: UsersService;
  let profiles: ProfilesService;
  let tokens: TokenService;
  let credentials: UserCredentialsLookup;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conduit-users-'));
    dataSource = new DataSource(dataSourceOptions({ kind: 'sqlite', path: join(dir, 'test.sqlite') }, createLogger({ version: 'test', logging: { level: 'silent' } })));
    await dataSource.initialize();
    await runPendingMigrations(dataSource);
    const config = { auth: { jwtSecret: 'integration-test-secret-'.repeat(2), tokenTtl: '600' }, database: { sqliteReaders: 2 }, cache: { articlesTtlMs: 60_000 }, limits: { concurrentHashes: 2, authAttemptsPerMinute: 0, failedLoginsPerEmail: FAILED_LOGINS_PER_EMAIL, writesPerMinute: 0 } };
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: AppConfig, useValue: config },
        Database,
        Reads,
        TokenService,
        RateLimits,
        AnonymousReadCache,
        PasswordHasher,
        UsersRepository,
        UsersService,
        UserCredentialsLookup,
        ProfilesRepository,
        ProfilesService,
      ],
    }).compile();
    users = moduleRef.get(UsersService);
    profiles = moduleRef.get(ProfilesService);
    tokens = moduleRef.get(TokenService);
    credentials = moduleRef.get(UserCredentialsLookup);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The credentials version a token carries, and whether the account still accepts it. */
  async function tokenIsCurrent(token: string): Promise<boolean> {
    const subject = tokens.verify(token);
    if (!subject) return false;
    return (await credentials.current(subject.userId))?.credentialsVersion === subject.credentialsVersion;
  }

  describe('registration and login', () => {
    it('registers a user with all five keys, a working token and no trace of the password', async () => {
      const user = await users.register({ email: 'ada@example.com', username: 'ada', password: 'analytical engine' });
      expect(user).toEqual({ email: 'ada@example.com', username: 'ada', bio: null, image: null, token: expect.any(String) });
      expect(await tokenIsCurrent(user.token)).toBe(true);
      const stored = await dataSource.getRepository(UserEntity).findOneByOrFail({ email: 'ada@example.com' });
      expect(stored.passwordHash).toMatch(/^scrypt\$/);
      expect(stored.passwordHash).not.toContain('analytical engine');
      expect(JSON.stringify(user)).not.toContain(stored.passwordHash);
    });

    it('answers 409 for a taken email, and for a taken username whatever its case', async () => {
      await users.register({ email: 'grace@example.com', username: 'Grace', password: 'compiler first' });
      expect(await statusOf(users.register({ email: 'grace@example.com', username: 'someone-else', password: 'password 1' }))).toBe(409);
      expect(await statusOf(users.register({ email: 'other@example.com', username: 'grace', password: 'password 1' }))).toBe(409);
      expect(await statusOf(users.register({ email: 'other@example.com', username: 'GRACE', password: 'password 1' }))).toBe(409);
      expect(await dataSource.getRepository(UserEntity).countBy({ email: 'other@example.com' })).toBe(0);
    });

    it('settles two registrations racing for one username with one account and one 409', async () => {
      const results = await Promise.allSettled([
        users.register({ email: 'race-1@example.com', username: 'racer', password: 'password one' }),
        users.register({ email: 'race-2@example.com', username: 'Racer', password: 'password two' }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      expect((rejected?.reason as HttpException).getStatus()).toBe(409);
    });

    it('logs in with the right password, and gives an unknown email and a wrong password the same 401', async () => {
      const user = await users.login({ email: 'ada@example.com', password: 'analytical engine' });
      expect(user.username).toBe('ada');
      expect(await tokenIsCurrent(user.token)).toBe(true);
      const unknown = await users.login({ email: 'nobody@example.com', password: 'analytical engine' }).catch((error: HttpException) => error);
      const wrong = await users.login({ email: 'ada@example.com', password: 'difference engine' }).catch((error: HttpException) => error);
      expect((unknown as HttpException).getStatus()).toBe(401);
      expect((wrong as HttpException).getResponse()).toEqual((unknown as HttpException).getResponse());
    });

    it('refuses an email after its failed logins are used up, even with the right password, and a success resets the count', async () => {
      await users.register({ email: 'target@example.com', username: 'target', password: 'right password' });
      for (let attempt = 1; attempt < FAILED_LOGINS_PER_EMAIL; attempt++) {
        expect(await statusOf(users.login({ email: 'target@example.com', password: 'guess' }))).toBe(401);
      }
      await users.login({ email: 'target@example.com', password: 'right password' });
      for (let attempt = 1; attempt <= FAILED_LOGINS_PER_EMAIL; attempt++) {
        expect(await statusOf(users.login({ email: 'target@example.com', password: 'guess' }))).toBe(401);
      }
      expect(await statusOf(users.login({ email: 'target@example.com', password: 'right password' }))).toBe(429);
    });
  });

  describe('the current user', () => {
    /** `GET /user` as the guard and the route do it: the lookup reads the account, the service shows it. */
    async function currentUser(userId: number, token: string) {
      const account = await credentials.current(userId);
      return account && users.current(account, token);
    }

    it('answers with the token it was called with', async () => {
      const { token } = await users.login({ email: 'ada@example.com', password: 'analytical engine' });
      const subject = tokens.verify(token);
      expect(await currentUser(subject?.userId ?? 0, token)).toEqual({ email: 'ada@example.com', username: 'ada', bio: null, image: null, token });
    });

    it('finds no credentials for a token whose user does not exist (the guard answers 401), and updates none', async () => {
      expect(await credentials.current(987_654)).toBeUndefined();
      expect(await statusOf(users.update(987_654, { bio: 'x' }))).toBe(401);
    });

    it('changes bio and image without revoking tokens, and clears them with null', async () => {
      const { token } = await users.register({ email: 'lin@example.com', username: 'lin', password: 'first password' });
      const id = tokens.verify(token)?.userId ?? 0;
      const updated = await users.update(id, { bio: 'I write', image: 'https://example.com/lin.png' });
      expect(updated).toMatchObject({ bio: 'I write', image: 'https://example.com/lin.png' });
      expect(await tokenIsCurrent(token)).toBe(true);
      expect(await users.update(id, { bio: null, image: null })).toMatchObject({ bio: null, image: null });
    });

    it('revokes earlier tokens when the email or the password changes, and the new token works', async () => {
      const { token: first } = await users.register({ email: 'kay@example.com', username: 'kay', password: 'first password' });
      const id = tokens.verify(first)?.userId ?? 0;
      const { token: second } = await users.update(id, { email: 'kay@example.org' });
      expect(await tokenIsCurrent(first)).toBe(false);
      expect(await tokenIsCurrent(second)).toBe(true);
      const { token: third } = await users.update(id, { password: 'second password' });
      expect(await tokenIsCurrent(second)).toBe(false);
      expect(await tokenIsCurrent(third)).toBe(true);
      expect(await statusOf(users.login({ email: 'kay@example.org', password: 'first password' }))).toBe(401);
      expect((await users.login({ email: 'kay@example.org', password: 'second password' })).email).toBe('kay@example.org');
    });

    it("lets a user change the case of their own name, but not take someone else's email or name (409, nothing changed)", async () => {
      const { token } = await users.register({ email: 'bo@example.com', username: 'bo', password: 'bo password' });
      const id = tokens.verify(token)?.userId ?? 0;
      expect((await users.update(id, { username: 'Bo' })).username).toBe('Bo');
      expect(await statusOf(users.update(id, { email: 'ada@example.com' }))).toBe(409);
      expect(await statusOf(users.update(id, { username: 'ADA', bio: 'not saved' }))).toBe(409);
      expect(await currentUser(id, token)).toMatchObject({ email: 'bo@example.com', username: 'Bo', bio: null });
    });

    it('answers 422 for an update that changes nothing', async () => {
      const { token } = await users.login({ email: 'ada@example.com', password: 'analytical engine' });
      expect(await statusOf(users.update(tokens.verify(token)?.userId ?? 0, {}))).toBe(422);
    });
  });

  describe('profiles and follows', () => {
    let ada: number;
    let grace: number;

    beforeAll(async () => {
      const accounts = dataSource.getRepository(UserEntity);
      ada = (await accounts.findOneByOrFail({ username: 'ada' })).id;
      grace = (await accounts.findOneByOrFail({ username: 'Grace' })).id;
    });

    it('shows a profile to anyone, with following false', async () => {
      expect(await profiles.profile(undefined, 'Grace')).toEqual({ username: 'Grace', bio: null, image: null, following: false });
      expect(await profiles.profile(ada, 'Grace')).toMatchObject({ following: false });
    });

    it('follows idempotently, shows following only to the follower, and unfollows', async () => {
      expect(await profiles.follow(ada, 'Grace')).toMatchObject({ username: 'Grace', following: true });
      expect(await profiles.follow(ada, 'Grace')).toMatchObject({ following: true });
      expect(await profiles.profile(ada, 'Grace')).toMatchObject({ following: true });
      expect(await profiles.profile(grace, 'ada')).toMatchObject({ following: false });
      expect(await profiles.profile(undefined, 'Grace')).toMatchObject({ following: false });
      expect(await profiles.unfollow(ada, 'Grace')).toMatchObject({ following: false });
      expect(await profiles.profile(ada, 'Grace')).toMatchObject({ following: false });
      expect(await profiles.unfollow(ada, 'Grace')).toMatchObject({ following: false });
    });

    it('answers 422 for following yourself and 404 for a profile that does not exist', async () => {
      expect(await statusOf(profiles.follow(ada, 'ada'))).toBe(422);
      expect(await statusOf(profiles.profile(undefined, 'no-such-user'))).toBe(404);
      expect(await statusOf(profiles.follow(ada, 'no-such-user'))).toBe(404);
      expect(await statusOf(profiles.unfollow(ada, "' OR 1=1 --"))).toBe(404);
    });
  });
});
