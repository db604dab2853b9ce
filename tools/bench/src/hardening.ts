/**
 * `npm run bench:hardening`: the figures behind docs/security.md, measured against the built
 * API (dist/apps/api/main.js) as a client or an attacker would see it, over loopback:
 *
 * 1. rate limit vs a rotating `X-Forwarded-For`: 30 wrong logins, how many 429s;
 * 2. reads while passwords are hashed: `GET /api/articles?limit=1` p50 alone and under 8
 *    concurrent logins;
 * 3. login timing: a known email with a wrong password vs an unknown email (medians);
 * 4. stalled clients: how long a body trickled one byte a second stays open, and how SIGTERM
 *    ends with such a socket open (exit code, milliseconds);
 * 5. two processes on one SQLite file: 5xx among 100 parallel writes through both.
 *
 * Prints the figures; exits non-zero only when something broke.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type StartedApi } from '@conduit/testing/api-process';
import { expectStatus, http } from '@conduit/testing/http';
import { pool } from './lib/pool';
import { median } from './lib/measure';

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PASSWORD = 'hardening-password-1';
const STALL_CAP_MS = Number(process.env['HARDENING_STALL_CAP_MS'] ?? 45_000);

async function register(api: StartedApi, name: string): Promise<{ email: string; token: string }> {
  const body = await expectStatus<{ user: { email: string; token: string } }>(201, api.baseUrl, 'POST', '/users', {
    body: { user: { username: name, email: `${name}@hardening.test`, password: PASSWORD } },
  });
  return body.user;
}

async function loginsWithRotatingForwardedFor(dir: string): Promise<string> {
  const api = await startApi({ DATABASE_URL: `sqlite:${join(dir, 'xff.sqlite')}`, AUTH_RATE_LIMIT: '20' });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await http(api.baseUrl, 'POST', '/users/login', {
        headers: { 'x-forwarded-for': `192.0.2.${i + 1}, 203.0.113.7` },
        body: { user: { email: 'victim@hardening.test', password: `guess-${i}` } },
      });
      statuses.push(response.status);
    }
    const count = (status: number) => statuses.filter((s) => s === status).length;
    return `30 wrong logins, rotating X-Forwarded-For, AUTH_RATE_LIMIT=20: ${count(401)}×401, ${count(429)}×429`;
  } finally {
    await api.stop();
  }
}

async function readsUnderLogins(dir: string): Promise<string> {
  const api = await startApi({ DATABASE_URL: `sqlite:${join(dir, 'reads.sqlite')}`, NODE_ENV: 'production' });
  try {
    const user = await register(api, 'reader');
    await expectStatus(201, api.baseUrl, 'POST', '/articles', { token: user.token, body: { article: { title: 't', description: 'd', body: 'b' } } });
    const readP50 = async (count: number) => {
      const times = await pool(Array.from({ length: count }), 1, async () => (await http(api.baseUrl, 'GET', '/articles?limit=1')).ms);
      return median(times);
    };
    await readP50(20);
    const alone = await readP50(100);
    let hashing = true;
    const statuses: number[] = [];
    const loginLoop = async () => {
      while (hashing) {
        const response = await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email: user.email, password: 'wrong-password-1' } } });
        statuses.push(response.status);
      }
    };
    const logins = Array.from({ length: 8 }, loginLoop);
    await sleep(500);
    const loaded = await readP50(100);
    hashing = false;
    await Promise.all(logins);
    const shed = statuses.filter((status) => status === 503).length;
    return `GET /api/articles?limit=1 p50: ${alone.toFixed(1)} ms alone, ${loaded.toFixed(1)} ms under 8 concurrent logins (${statuses.length} logins, ${shed} shed with 503)`;
  } finally {
    await api.stop();
  }
}

async function loginTiming(dir: string): Promise<string> {
  const api = await startApi({ DATABASE_URL: `sqlite:${join(dir, 'timing.sqlite')}` });
  try {
    const user = await register(api, 'known');
    const time = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 15; i++) times.push((await http(api.baseUrl, 'POST', '/users/login', { body: { user: { email, password: 'wrong-password-1' } } })).ms);
      return median(times);
    };
    await time('warm-up@hardening.test');
    const known = await time(user.email);
    const unknown = await time('nobody@hardening.test');
    return `wrong-password login, median of 15: known email ${known.toFixed(1)} ms, unknown email ${unknown.toFixed(1)} ms`;
  } finally {
    await api.stop();
  }
}

/** Opens a POST whose body trickles one byte a second; resolves with how long the server kept it open. */
function trickle(api: StartedApi, capMs: number): { closed: Promise<number>; socket: Socket } {
  const socket = connect(api.port, '127.0.0.1');
  const started = performance.now();
  // The drip starts after the request head: a byte buffered while connecting would precede it.
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(`POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    timer = setInterval(() => socket.writable && socket.write(' '), 1_000);
  });
  socket.on('error', () => undefined);
  socket.resume();
  const closed = new Promise<number>((resolve) => {
    const done = () => {
      clearInterval(timer);
      resolve(performance.now() - started);
    };
    socket.once('close', done);
    setTimeout(() => {
      socket.destroy();
    }, capMs).unref();
  });
  return { closed, socket };
}

async function stalledClients(dir: string): Promise<string[]> {
  const api = await startApi({ DATABASE_URL: `sqlite:${join(dir, 'stall.sqlite')}` });
  const lines: string[] = [];
  try {
    const { closed } = trickle(api, STALL_CAP_MS);
    const ms = await closed;
    lines.push(`a body trickled 1 byte/s: the server closed it after ${(ms / 1000).toFixed(1)} s${ms >= STALL_CAP_MS - 100 ? ` (still open at the ${STALL_CAP_MS / 1000} s cap)` : ''}`);
  } finally {
    await api.stop();
  }
  const drained = await startApi({ DATABASE_URL: `sqlite:${join(dir, 'stall.sqlite')}`, SHUTDOWN_TIMEOUT_MS: '10000' });
  const stalled = trickle(drained, STALL_CAP_MS);
  await sleep(1_500);
  const since = performance.now();
  const code = await drained.stop('SIGTERM');
  lines.push(`SIGTERM with a stalled socket open (SHUTDOWN_TIMEOUT_MS=10000): exit ${code} after ${(performance.now() - since).toFixed(0)} ms`);
  stalled.socket.destroy();
  return lines;
}

async function twoProcessesOneFile(dir: string): Promise<string> {
  const url = `sqlite:${join(dir, 'shared.sqlite')}`;
  const first = await startApi({ DATABASE_URL: url });
  const second = await startApi({ DATABASE_URL: url });
  try {
    const [a, b] = [await register(first, 'first'), await register(second, 'second')];
    const statuses = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const [api, user] = i % 2 === 0 ? [first, a] : [second, b];
        return (await http(api.baseUrl, 'POST', '/articles', { token: user.token, body: { article: { title: `a${i}`, description: 'd', body: 'b' } } })).status;
      }),
    );
    return `two processes, one SQLite file, 100 parallel creates: ${statuses.filter((s) => s >= 500).length}×5xx, ${statuses.filter((s) => s === 201).length}×201`;
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-hardening-'));
  try {
    log(`1. ${await loginsWithRotatingForwardedFor(dir)}`);
    log(`4. ${await readsUnderLogins(dir)}`);
    log(`5. ${await loginTiming(dir)}`);
    for (const line of await stalledClients(dir)) log(`6. ${line}`);
    log(`7. ${await twoProcessesOneFile(dir)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
