/**
 * HTTP side of the container test (container-test.sh): talks to the API published on
 * 127.0.0.1 and prints one JSON line per command.
 *
 *   container-test-client.ts seed   <base> <state.json>   register a user, create an article
 *   container-test-client.ts verify <base> <state.json> <version>
 *                                    /api/health reports <version>; the user and article are there
 *   container-test-client.ts load   <base> <state.json> <ready-file>
 *        Requests in flight while the container is stopped: slow article POSTs whose bodies
 *        trickle in over ~2.5 s plus a stream of fast GETs. When the slow requests are under way
 *        it stops starting new ones and writes <ready-file>; the caller then sends SIGTERM
 *        (`docker stop`). Every request started before that must complete successfully.
 * Run with `node --import ./tools/release/typescript-loader.mjs` on Node 20.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { call, isSuccess, type CallResult } from './lib/http-client.ts';

interface State {
  user: { username: string; email: string; password: string };
  token: string;
  slug: string;
  title: string;
}

const [command, base, stateFile, extra] = process.argv.slice(2);

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};
const fail = (message: string, detail?: unknown): never => {
  print({ ok: false, message, detail });
  process.exit(1);
};
function expectStatus<T>(res: CallResult, status: number, what: string): T {
  if (res.status !== status) fail(`${what}: expected HTTP ${status}`, res);
  return res.json as T;
}

async function seed(url: URL, file: string): Promise<void> {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const user = { username: `ct${id}`, email: `ct${id}@example.test`, password: `pw-${id}-Secret!` };
  const registered = expectStatus<{ user: { token: string } }>(await call(url, 'POST', '/api/users', { body: { user } }), 201, 'register');
  const token = registered.user.token;
  const article = { title: `Kept across releases ${id}`, description: 'container test', body: 'The data lives on the volume.', tagList: ['release'] };
  const created = expectStatus<{ article: { slug: string } }>(
    await call(url, 'POST', '/api/articles', { body: { article }, token }),
    201,
    'create article',
  );
  const state: State = { user, token, slug: created.article.slug, title: article.title };
  writeFileSync(file, JSON.stringify(state));
  print({ ok: true, username: user.username, slug: state.slug });
}

async function verify(url: URL, file: string, version: string): Promise<void> {
  const state = JSON.parse(readFileSync(file, 'utf8')) as State;
  const health = expectStatus<{ version: string }>(await call(url, 'GET', '/api/health'), 200, 'health');
  if (health.version !== version) fail(`health reports version ${health.version}, expected ${version}`, health);
  const article = expectStatus<{ article: { title: string } }>(await call(url, 'GET', `/api/articles/${state.slug}`), 200, 'article from before');
  if (article.article.title !== state.title) fail('article title changed', article);
  const me = expectStatus<{ user: { username: string } }>(
    await call(url, 'GET', '/api/user', { token: state.token }),
    200,
    'current user with the old token',
  );
  if (me.user.username !== state.user.username) fail('another user came back', me);
  const login = await call(url, 'POST', '/api/users/login', { body: { user: { email: state.user.email, password: state.user.password } } });
  if (login.status !== 200) fail('login with the password from before', login);
  print({ ok: true, version: health.version, slug: state.slug, username: me.user.username });
}

async function load(url: URL, file: string, readyFile: string): Promise<void> {
  const state = JSON.parse(readFileSync(file, 'utf8')) as State;
  const requests: Array<Promise<CallResult>> = [];
  let launching = true;
  // Slow requests: the body arrives over ~2.5 s, so they are certainly in flight at SIGTERM.
  for (let i = 0; i < 3; i += 1) {
    const article = { title: `In flight ${i} ${Date.now()}`, description: 'sent during shutdown', body: 'x'.repeat(2000), tagList: [] };
    requests.push(call(url, 'POST', '/api/articles', { body: { article }, token: state.token, trickleMs: 2500 }));
  }
  // Fast requests, 4 at a time, until the stop is about to be sent.
  const fast = async (): Promise<void> => {
    while (launching) {
      const res = await call(url, 'GET', (requests.length & 1) === 0 ? `/api/articles/${state.slug}` : '/api/health');
      requests.push(Promise.resolve(res));
    }
  };
  const loops = [fast(), fast(), fast(), fast()];
  await new Promise((resolve) => setTimeout(resolve, 700));
  launching = false;
  await Promise.all(loops);
  const readyAt = Date.now();
  writeFileSync(readyFile, String(readyAt));
  const results = await Promise.all(requests);
  const failed = results.filter((r) => !isSuccess(r));
  const inFlightAtStop = results.filter((r) => r.ended > readyAt + 500).length;
  const summary = { ok: failed.length === 0 && inFlightAtStop > 0, requests: results.length, failed: failed.length, inFlightAtStop, failures: failed.slice(0, 5) };
  print(summary);
  process.exit(summary.ok ? 0 : 1);
}

if (!base || !stateFile || (command !== 'seed' && !extra)) {
  process.stderr.write('usage: container-test-client.ts seed|verify|load <base-url> <state.json> [version|ready-file]\n');
  process.exit(64);
}
const url = new URL(base);
const commands: Record<string, () => Promise<void>> = {
  seed: () => seed(url, stateFile),
  verify: () => verify(url, stateFile, extra ?? ''),
  load: () => load(url, stateFile, extra ?? ''),
};
const selected = commands[command ?? ''];
if (!selected) fail(`unknown command ${command}`);
else await selected().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
