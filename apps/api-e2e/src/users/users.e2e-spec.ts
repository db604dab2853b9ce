import { ConduitApiError } from '@conduit/api-client';
import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { expectErrorBody } from '../support/error-body';
import { clientFor, registerUser, unique } from '../support/users';

describe.each(databaseKinds())('users and auth on %s', (kind) => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
  });
  afterAll(async () => {
    await api?.stop();
  });

  describe('POST /users (registration)', () => {
    it('creates the user and answers 201 with all five keys and a token', async () => {
      const username = unique('reg');
      const response = await http(api.baseUrl, 'POST', '/users', {
        body: { user: { username, email: `  ${username.toUpperCase()}@Example.TEST `, password: 'password123', extra: 'ignored' } },
      });
      expect(response.status).toBe(201);
      expect(response.json).toEqual({
        user: { email: `${username.toLowerCase()}@example.test`, token: expect.any(String), username, bio: null, image: null },
      });
      expect(response.text).not.toContain('password');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('works through the typed client, which keeps the token', async () => {
      const user = await registerUser(api.baseUrl);
      await expect(user.client.users.current()).resolves.toMatchObject({ username: user.username, email: user.email });
    });

    it('rejects a taken email (any case) and a taken username with 409 "has already been taken"', async () => {
      const existing = await registerUser(api.baseUrl);
      const sameEmail = await http(api.baseUrl, 'POST', '/users', {
        body: { user: { username: unique('other'), email: existing.email.toUpperCase(), password: 'password123' } },
      });
      expectErrorBody(sameEmail, 409, 'email');
      expect(sameEmail.json).toEqual({ errors: { email: ['has already been taken'] } });
      const sameName = await http(api.baseUrl, 'POST', '/users', {
        body: { user: { username: existing.username, email: `${unique('x')}@example.test`, password: 'password123' } },
      });
      expect(sameName.json).toEqual({ errors: { username: ['has already been taken'] } });
    });

    it('keeps the case of a username as registered, but lets no one register it in another case', async () => {
      const existing = await registerUser(api.baseUrl, 'MixedCase');
      expect(existing.username).toMatch(/^MixedCase/);
      const upper = await http(api.baseUrl, 'POST', '/users', {
        body: { user: { username: existing.username.toUpperCase(), email: `${unique('u')}@example.test`, password: 'password123' } },
      });
      expect({ status: upper.status, body: upper.json }).toEqual({ status: 409, body: { errors: { username: ['has already been taken'] } } });
    });

    it.each([
      ['no root', {}, 'user'],
      ['a string root', { user: 'jake' }, 'user'],
      ['an array root', { user: [] }, 'user'],
      ['missing email', { user: { username: 'someone', password: 'password123' } }, 'email'],
      ['blank username', { user: { username: '   ', email: 'a@b.test', password: 'password123' } }, 'username'],
      ['bad username characters', { user: { username: 'no spaces', email: 'a@b.test', password: 'password123' } }, 'username'],
      ['a 65-character username', { user: { username: 'x'.repeat(65), email: 'a@b.test', password: 'password123' } }, 'username'],
      ['a bad email', { user: { username: 'someone', email: 'not-an-email', password: 'password123' } }, 'email'],
      ['a short password', { user: { username: 'someone', email: 'a@b.test', password: 'short' } }, 'password'],
      ['a numeric password', { user: { username: 'someone', email: 'a@b.test', password: 12345678 } }, 'password'],
      ['a null email', { user: { username: 'someone', email: null, password: 'password123' } }, 'email'],
    ])('answers 422 for %s', async (_case, body, field) => {
      expectErrorBody(await http(api.baseUrl, 'POST', '/users', { body }), 422, field);
    });
  });

  describe('POST /users/login', () => {
    it('logs in with a case-insensitive email and answers 200 with a working token', async () => {
      const user = await registerUser(api.baseUrl);
      const client = clientFor(api.baseUrl);
      const loggedIn = await client.users.login({ email: ` ${user.email.toUpperCase()}`, password: user.password });
      expect(loggedIn).toEqual({ email: user.email, token: expect.any(String), username: user.username, bio: null, image: null });
      await expect(client.users.current()).resolves.toMatchObject({ username: user.username });
    });

    it('answers 401 in the error format for a wrong password and for an unknown email alike', async () => {
      const user = await registerUser(api.baseUrl);
      const wrong = await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: user.email, password: 'wrong-password' } } });
      const unknown = await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: 'nobody@example.test', password: 'whatever1' } } });
      expectErrorBody(wrong, 401);
      expect(unknown.json).toEqual(wrong.json);
    });

    it('surfaces a 401 as ConduitApiError through the client', async () => {
      const error = await clientFor(api.baseUrl)
        .users.login({ email: 'nobody@example.test', password: 'whatever1' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConduitApiError);
      expect((error as ConduitApiError).status).toBe(401);
    });

    it('answers 422 for a missing password', async () => {
      expectErrorBody(await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: 'a@b.test' } } }), 422, 'password');
    });
  });

  describe('GET /user and authentication', () => {
    it('answers with the token it was called with, so a token never renews itself', async () => {
      const user = await registerUser(api.baseUrl);
      const response = await http(api.baseUrl, 'GET', '/user', { token: user.token });
      expect(response.json).toMatchObject({ user: { token: user.token } });
    });

    it('accepts "Token <jwt>" and "Bearer <jwt>"', async () => {
      const user = await registerUser(api.baseUrl);
      for (const scheme of ['Token', 'Bearer', 'token']) {
        const response = await http(api.baseUrl, 'GET', '/user', { headers: { authorization: `${scheme} ${user.token}` } });
        expect(response.status).toBe(200);
        expect(response.json).toMatchObject({ user: { username: user.username } });
      }
    });

    it.each([
      ['no header', undefined],
      ['an empty token', 'Token '],
      ['a malformed token', 'Token not-a-jwt'],
      ['an unknown scheme', 'Basic dXNlcjpwYXNz'],
      ['a forged signature', 'Token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjF9.c2lnbmF0dXJlLWZvcmdlZA'],
      ['the none algorithm', 'Token eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOjF9.'],
    ])('answers 401 for %s', async (_case, authorization) => {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      expectErrorBody(await http(api.baseUrl, 'GET', '/user', { headers }), 401);
    });

    it('answers 401 for an expired token', async () => {
      const expiring = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind), JWT_TTL: '1' });
      try {
        const user = await registerUser(expiring.baseUrl);
        await new Promise((resolve) => setTimeout(resolve, 2_100));
        expectErrorBody(await http(expiring.baseUrl, 'GET', '/user', { token: user.token }), 401);
      } finally {
        await expiring.stop();
      }
    });

    it('answers 401 for a token signed with another secret', async () => {
      const other = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind), JWT_SECRET: 'another-secret-that-is-also-long-enough-123' });
      try {
        const foreign = await registerUser(other.baseUrl);
        expectErrorBody(await http(api.baseUrl, 'GET', '/user', { token: foreign.token }), 401);
      } finally {
        await other.stop();
      }
    });
  });

  describe('PUT /user', () => {
    it('updates any subset of fields and returns the new user', async () => {
      const user = await registerUser(api.baseUrl);
      const updated = await user.client.users.update({ bio: 'I work at statefarm', image: 'https://img.test/me.png' });
      expect(updated).toMatchObject({ username: user.username, email: user.email, bio: 'I work at statefarm', image: 'https://img.test/me.png' });
      const renamed = unique('renamed');
      const moved = await user.client.users.update({ username: renamed, email: `${renamed}@example.test` });
      expect(moved).toMatchObject({ username: renamed, bio: 'I work at statefarm' });
      const cleared = await http(api.baseUrl, 'PUT', '/user', { token: moved.token, body: { user: { bio: null } } });
      expect(cleared.json).toMatchObject({ user: { bio: null } });
    });

    it('revokes every earlier token on a password or email change; the answer carries the new token', async () => {
      for (const change of [{ password: 'a-brand-new-password' }, { email: `${unique('moved')}@example.test` }]) {
        const user = await registerUser(api.baseUrl);
        const secondSession = (await clientFor(api.baseUrl).users.login({ email: user.email, password: user.password })).token;
        const response = await http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: change } });
        expect(response.status).toBe(200);
        const fresh = (response.json as { user: { token: string } }).user.token;
        for (const revoked of [user.token, secondSession]) {
          expectErrorBody(await http(api.baseUrl, 'GET', '/user', { token: revoked }), 401, 'token');
          expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { token: revoked, body: { user: { email: `${unique('x')}@example.test` } } }), 401);
          expectErrorBody(await http(api.baseUrl, 'GET', '/articles', { token: revoked }), 401);
        }
        expect((await http(api.baseUrl, 'GET', '/user', { token: fresh })).status).toBe(200);
      }
    });

    it('keeps tokens valid when only the profile changes', async () => {
      const user = await registerUser(api.baseUrl);
      const response = await http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { bio: 'hello', username: unique('renamed') } } });
      expect(response.status).toBe(200);
      expect((await http(api.baseUrl, 'GET', '/user', { token: user.token })).status).toBe(200);
    });

    it('changes the password: the old one stops working, the new one logs in', async () => {
      const user = await registerUser(api.baseUrl);
      await user.client.users.update({ password: 'a-brand-new-password' });
      const old = await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: user.email, password: user.password } } });
      expect(old.status).toBe(401);
      await expect(clientFor(api.baseUrl).users.login({ email: user.email, password: 'a-brand-new-password' })).resolves.toMatchObject({
        username: user.username,
      });
    });

    it('keeps the own email and username without a conflict, rejects taken ones with 409', async () => {
      const user = await registerUser(api.baseUrl);
      const other = await registerUser(api.baseUrl);
      await expect(user.client.users.update({ email: user.email, username: user.username })).resolves.toMatchObject({ username: user.username });
      const taken = await http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { username: other.username } } });
      expect(taken.json).toEqual({ errors: { username: ['has already been taken'] } });
      expect(taken.status).toBe(409);
    });

    it.each([
      ['no root', {}],
      ['an empty change', { user: {} }],
      ['a bad email', { user: { email: 'nope' } }],
      ['a short password', { user: { password: 'short' } }],
      ['a numeric bio', { user: { bio: 42 } }],
    ])('answers 422 for %s', async (_case, body) => {
      const user = await registerUser(api.baseUrl);
      expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { token: user.token, body }), 422);
    });

    it('answers 401 without a token', async () => {
      expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { body: { user: { bio: 'x' } } }), 401);
    });
  });
});
