import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { expectErrorBody } from '../support/error-body';
import { clientFor, registerUser } from '../support/users';

describe.each(databaseKinds())('profiles and follows on %s', (kind) => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('shows a profile anonymously with following=false', async () => {
    const author = await registerUser(api.baseUrl);
    await expect(clientFor(api.baseUrl).profiles.get(author.username)).resolves.toEqual({
      username: author.username,
      bio: null,
      image: null,
      following: false,
    });
  });

  it('follows and unfollows (idempotently), and the profile shows it to the follower only', async () => {
    const author = await registerUser(api.baseUrl);
    const reader = await registerUser(api.baseUrl);
    const stranger = await registerUser(api.baseUrl);
    await expect(reader.client.profiles.follow(author.username)).resolves.toMatchObject({ following: true });
    await expect(reader.client.profiles.follow(author.username)).resolves.toMatchObject({ following: true });
    await expect(reader.client.profiles.get(author.username)).resolves.toMatchObject({ following: true });
    await expect(stranger.client.profiles.get(author.username)).resolves.toMatchObject({ following: false });
    await expect(reader.client.profiles.unfollow(author.username)).resolves.toMatchObject({ following: false });
    await expect(reader.client.profiles.unfollow(author.username)).resolves.toMatchObject({ following: false });
    await expect(reader.client.profiles.get(author.username)).resolves.toMatchObject({ following: false });
  });

  it('answers 200 (not 201) to the follow POST', async () => {
    const author = await registerUser(api.baseUrl);
    const reader = await registerUser(api.baseUrl);
    const response = await http(api.baseUrl, 'POST', `/profiles/${author.username}/follow`, { token: reader.token });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ profile: { username: author.username, bio: null, image: null, following: true } });
  });

  it('answers 404 for an unknown username, with or without a token', async () => {
    const reader = await registerUser(api.baseUrl);
    expectErrorBody(await http(api.baseUrl, 'GET', '/profiles/nobody-here'), 404, 'profile');
    expectErrorBody(await http(api.baseUrl, 'POST', '/profiles/nobody-here/follow', { token: reader.token }), 404);
    expectErrorBody(await http(api.baseUrl, 'DELETE', '/profiles/nobody-here/follow', { token: reader.token }), 404);
    expectErrorBody(await http(api.baseUrl, 'GET', `/profiles/${encodeURIComponent("x'; DROP TABLE users;--")}`), 404);
  });

  it('answers NUL characters (which PostgreSQL cannot store) with a 4xx, never a database error', async () => {
    const user = await registerUser(api.baseUrl);
    expectErrorBody(await http(api.baseUrl, 'GET', '/profiles/ja%00ke'), 404);
    expectErrorBody(await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: 'a\u0000@b.test', password: 'whatever1' } } }), 422, 'email');
    expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { bio: 'nul\u0000byte' } } }), 422, 'bio');
    const article = { title: 'Null\u0000title', description: 'd', body: 'b' };
    expectErrorBody(await http(api.baseUrl, 'POST', '/articles', { token: user.token, body: { article } }), 422, 'title');
    expectErrorBody(await http(api.baseUrl, 'GET', '/articles?author=%00'), 422, 'author');
  });

  it('answers 401 to follow and unfollow without a token', async () => {
    const author = await registerUser(api.baseUrl);
    expectErrorBody(await http(api.baseUrl, 'POST', `/profiles/${author.username}/follow`), 401);
    expectErrorBody(await http(api.baseUrl, 'DELETE', `/profiles/${author.username}/follow`), 401);
  });

  it('answers 422 to following yourself', async () => {
    const user = await registerUser(api.baseUrl);
    expectErrorBody(await http(api.baseUrl, 'POST', `/profiles/${user.username}/follow`, { token: user.token }), 422);
  });
});
