import { connect, type Socket } from 'node:net';
import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { databaseKinds, freshDatabaseUrl, sqliteFileUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { expectErrorBody } from '../support/error-body';
import { registerUser, unique } from '../support/users';

/** What an attacker who cannot choose the socket address tries: a fresh X-Forwarded-For each time. */
function wrongLogin(api: ApiProcess, i: number, forwardedFor?: string) {
  return http(api.baseUrl, 'POST', '/users/login', {
    body: { user: { email: 'victim@example.test', password: `guess-number-${i}` } },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
}

async function statusesOf(requests: Array<() => Promise<{ status: number }>>): Promise<number[]> {
  const statuses: number[] = [];
  for (const request of requests) statuses.push((await request()).status);
  return statuses;
}

describe('rate limits that cannot be dodged', () => {
  it('counts login attempts per socket address by default: a rotating X-Forwarded-For changes nothing', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, AUTH_RATE_LIMIT: '5' });
    try {
      const statuses = await statusesOf(Array.from({ length: 8 }, (_, i) => () => wrongLogin(api, i, `192.0.2.${i + 1}`)));
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    } finally {
      await api.stop();
    }
  });

  it('behind TRUST_PROXY=1 proxy, takes the address the proxy appended, not what the client sent before it', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, AUTH_RATE_LIMIT: '5', TRUST_PROXY: '1' });
    try {
      // The client forges a new address each time; the proxy appends the real one (203.0.113.7).
      const forged = await statusesOf(Array.from({ length: 7 }, (_, i) => () => wrongLogin(api, i, `192.0.2.${i + 1}, 203.0.113.7`)));
      expect(forged).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // Another real client behind the same proxy has its own allowance.
      expect((await wrongLogin(api, 99, '192.0.2.1, 203.0.113.8')).status).toBe(401);
    } finally {
      await api.stop();
    }
  });

  it('limits failed logins per email whatever the address (LOGIN_FAILURE_LIMIT), with Retry-After', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, LOGIN_FAILURE_LIMIT: '3', TRUST_PROXY: '1' });
    try {
      const user = await registerUser(api.baseUrl);
      const attempt = (password: string, i: number) =>
        http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: user.email, password } }, headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      expect(await statusesOf([0, 1, 2].map((i) => () => attempt('wrong-password', i)))).toEqual([401, 401, 401]);
      // Now even the right password waits: otherwise guessing would simply go on.
      const blocked = await attempt(user.password, 9);
      expectErrorBody(blocked, 429, 'rate');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another account is not affected.
      const someoneElse = await registerUser(api.baseUrl);
      const login = await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: someoneElse.email, password: someoneElse.password } } });
      expect(login.status).toBe(200);
    } finally {
      await api.stop();
    }
  });

  it('limits writes per user (WRITE_RATE_LIMIT a minute); reads and other users go on', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, WRITE_RATE_LIMIT: '3' });
    try {
      const [writer, other] = [await registerUser(api.baseUrl, 'writer'), await registerUser(api.baseUrl, 'other')];
      const create = (token: string, i: number) =>
        http(api.baseUrl, 'POST', '/articles', { token, body: { article: { title: `Article ${i}`, description: 'd', body: 'b' } } });
      expect(await statusesOf([0, 1, 2, 3].map((i) => () => create(writer.token, i)))).toEqual([201, 201, 201, 429]);
      expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { token: writer.token, body: { user: { bio: 'x' } } }), 429, 'rate');
      expect((await http(api.baseUrl, 'GET', '/articles', { token: writer.token })).status).toBe(200);
      expect((await create(other.token, 9)).status).toBe(201);
    } finally {
      await api.stop();
    }
  });
});

describe.each(databaseKinds())('no secret in any output on %s', (kind) => {
  it('prints no password, hash or email, even when parallel conflicting writes make queries fail', async () => {
    const api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind), LOG_LEVEL: 'trace' });
    try {
      const users = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.baseUrl, 'racer')));
      const contested = unique('contested');
      // Each pair races for one new username and email: the unique indexes settle it, and the loser's query fails.
      const responses = await Promise.all([
        ...users.map((user) => http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { username: contested, password: 'a-new-password-123' } } })),
        ...users.map((user, i) =>
          http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { email: `${contested}@example.test`, bio: `bio ${i}` } } }),
        ),
        ...Array.from({ length: 4 }, () =>
          http(api.baseUrl, 'POST', '/users', { body: { user: { username: unique('same'), email: `${contested}-new@example.test`, password: 'registration-pass-1' } } }),
        ),
      ]);
      expect(responses.map((response) => response.status).filter((status) => status >= 500)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const output = api.output();
      expect(output).toMatch(/"level":/); // it does log, at trace
      for (const secret of ['scrypt$', 'a-new-password-123', 'registration-pass-1', 'correct-horse-battery', 'PARAMETERS', ...users.map((user) => user.email)]) {
        expect(output.includes(secret) ? `output contains ${secret}` : 'clean').toBe('clean');
      }
      for (const user of users) expect(output).not.toContain(user.token);
    } finally {
      await api.stop();
    }
  });
});

describe('password hashing cannot starve the server', () => {
  it('sheds logins and registrations beyond its queue with 503 and Retry-After, and keeps serving reads', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, HASH_CONCURRENCY: '1' });
    try {
      const burst = await Promise.all(
        Array.from({ length: 30 }, () => {
          const username = unique('burst');
          return http(api.baseUrl, 'POST', '/users', { body: { user: { username, email: `${username}@example.test`, password: 'password123' } } });
        }),
      );
      const statuses = burst.map((response) => response.status);
      expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
      const shed = burst.filter((response) => response.status === 503);
      expect(shed.length).toBeGreaterThan(0);
      for (const response of shed) {
        expectErrorBody(response, 503, 'server');
        expect(response.headers.get('retry-after')).toBe('1');
      }
      expect((await http(api.baseUrl, 'GET', '/tags')).status).toBe(200);
    } finally {
      await api.stop();
    }
  });
});

/** A POST whose body never finishes: one byte every 200 ms. Resolves when the server closes it, with what it answered. */
function trickleBody(api: ApiProcess): { closed: Promise<string>; socket: Socket } {
  const socket = connect(api.port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  socket.on('error', () => undefined);
  // The drip starts once the request head is out: a socket buffers writes while it connects,
  // and a space queued before the head (a slow connect on a busy machine) is a bad method (400).
  let drip: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write('POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    drip = setInterval(() => socket.writable && socket.write(' '), 200);
  });
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => {
      clearInterval(drip);
      resolve(answer);
    }),
  );
  return { closed, socket };
}

/** Sends half a request line and then nothing. */
function stallHeaders(api: ApiProcess): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(api.port, '127.0.0.1', () => socket.write('GET /api/tags HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    socket.on('error', () => undefined);
    // Read what comes (the 408), or the server's close would never be noticed.
    socket.resume();
    socket.once('close', () => resolve());
  });
}

describe('request timeouts', () => {
  it('closes a body trickled byte by byte after REQUEST_TIMEOUT_MS, with a 408, and stalled headers too', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, REQUEST_TIMEOUT_MS: '2000' });
    try {
      const trickled = trickleBody(api);
      const stalled = Array.from({ length: 500 }, () => stallHeaders(api));
      // Node's own limit would be 300 s for the body; a generous bound well under it.
      const bounded = <T>(promise: Promise<T>) =>
        Promise.race([promise, new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 20_000))]);
      expect(await bounded(trickled.closed)).toMatch(/^HTTP\/1\.1 408/);
      expect(await bounded(Promise.all(stalled).then(() => 'all closed'))).toBe('all closed');
      expect((await http(api.baseUrl, 'GET', '/tags')).status).toBe(200);
    } finally {
      await api.stop();
    }
  }, 40_000);

  it('exits 0 on SIGTERM although stalled clients are connected', async () => {
    const api = await startApi({ DATABASE_URL: sqliteFileUrl().url, SHUTDOWN_TIMEOUT_MS: '5000', LOG_LEVEL: 'info' });
    const trickled = trickleBody(api);
    void Array.from({ length: 50 }, () => stallHeaders(api));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The deadline (SHUTDOWN_TIMEOUT_MS) would exit 1; a clean drain exits 0.
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(api.output()).toContain('closed cleanly');
    trickled.socket.destroy();
  });
});

describe('hostile bodies', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: sqliteFileUrl().url });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    ['10,000 nested arrays', `{"user":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ['10,000 nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
  ])('answers %s with a 400 on body, and stays up', async (_case, rawBody) => {
    const response = await http(api.baseUrl, 'POST', '/users', { rawBody });
    expectErrorBody(response, 400, 'body');
    expect((await http(api.baseUrl, 'GET', '/health')).status).toBe(200);
    expect(api.output()).not.toContain('RangeError');
  });
});

describe.each(databaseKinds())('input rules on %s', (kind) => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: await freshDatabaseUrl(kind) });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it.each(['javascript:alert(1)', 'data:image/png;base64,AAAA', 'ftp://files.example/me.png', 'not a url'])('refuses the image %j with a 422', async (image) => {
    const user = await registerUser(api.baseUrl);
    expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { image } } }), 422, 'image');
  });

  it('accepts http(s) image URLs', async () => {
    const user = await registerUser(api.baseUrl);
    const response = await http(api.baseUrl, 'PUT', '/user', { token: user.token, body: { user: { image: 'https://img.example/me.png' } } });
    expect(response.json).toMatchObject({ user: { image: 'https://img.example/me.png' } });
  });

  it('keeps usernames unique ignoring case: 409 on registration and on update', async () => {
    const name = unique('Casey');
    const first = await registerUser(api.baseUrl, name);
    const upper = first.username.toUpperCase();
    const register = await http(api.baseUrl, 'POST', '/users', { body: { user: { username: upper, email: `${unique('x')}@example.test`, password: 'password123' } } });
    expectErrorBody(register, 409, 'username');
    const other = await registerUser(api.baseUrl);
    expectErrorBody(await http(api.baseUrl, 'PUT', '/user', { token: other.token, body: { user: { username: upper } } }), 409, 'username');
    // Changing only the case of one's own name is fine.
    const own = await http(api.baseUrl, 'PUT', '/user', { token: first.token, body: { user: { username: upper } } });
    expect(own.json).toMatchObject({ user: { username: upper } });
  });
});
