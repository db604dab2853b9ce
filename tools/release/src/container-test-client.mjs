#!/usr/bin/env node
/**
 * HTTP side of the container test (container-test.sh): talks to the API published on
 * 127.0.0.1 and prints one JSON line per command.
 *
 *   node container-test-client.mjs seed   <base> <state.json>   register a user, create an article
 *   node container-test-client.mjs verify <base> <state.json> <version>
 *                                          /api/health reports <version>; the user and article are there
 *   node container-test-client.mjs load   <base> <state.json> <ready-file>
 *        Requests in flight while the container is stopped: slow article POSTs whose bodies
 *        trickle in over ~2 s plus a stream of fast GETs. When the slow requests are under way
 *        it stops starting new ones and writes <ready-file>; the caller then sends SIGTERM
 *        (`docker stop`). Every request started before that must complete successfully.
 */
import { request } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

const [command, base, stateFile, extra] = process.argv.slice(2);
const url = new URL(base);

/** One request on its own connection (no keep-alive: a stopped server never sees a reused socket). */
function call(method, path, { body, token, trickleMs = 0 } = {}) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = Date.now();
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: false,
        headers: {
          connection: 'close',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(token ? { authorization: `Token ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ method, path, status: res.statusCode, json, text: text.slice(0, 300), started, ended: Date.now() });
        });
        res.on('error', (error) => resolve({ method, path, error: error.message, started, ended: Date.now() }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ method, path, error: `${error.code ?? ''} ${error.message}`, started, ended: Date.now() }));
    if (!payload) {
      req.end();
    } else if (trickleMs <= 0) {
      req.end(payload);
    } else {
      // Send the body in 10 slices over trickleMs: the server holds a half-read request.
      const slices = 10;
      const size = Math.ceil(payload.length / slices);
      let i = 0;
      const next = () => {
        const chunk = payload.subarray(i * size, (i + 1) * size);
        i += 1;
        if (i >= slices || chunk.length === 0) req.end(chunk);
        else {
          req.write(chunk);
          setTimeout(next, trickleMs / slices);
        }
      };
      next();
    }
  });
}

const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const fail = (message, detail) => {
  print({ ok: false, message, detail });
  process.exit(1);
};
const expectStatus = (res, status, what) => {
  if (res.status !== status) fail(`${what}: expected HTTP ${status}`, res);
  return res.json;
};

async function seed() {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const user = { username: `ct${id}`, email: `ct${id}@example.test`, password: `pw-${id}-Secret!` };
  const registered = expectStatus(await call('POST', '/api/users', { body: { user } }), 201, 'register');
  const token = registered.user.token;
  const article = { title: `Kept across releases ${id}`, description: 'container test', body: 'The data lives on the volume.', tagList: ['release'] };
  const created = expectStatus(await call('POST', '/api/articles', { body: { article }, token }), 201, 'create article');
  const state = { user, token, slug: created.article.slug, title: article.title };
  writeFileSync(stateFile, JSON.stringify(state));
  print({ ok: true, username: user.username, slug: state.slug });
}

async function verify(version) {
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const health = expectStatus(await call('GET', '/api/health'), 200, 'health');
  if (health.version !== version) fail(`health reports version ${health.version}, expected ${version}`, health);
  const article = expectStatus(await call('GET', `/api/articles/${state.slug}`), 200, 'article from before');
  if (article.article.title !== state.title) fail('article title changed', article);
  const me = expectStatus(await call('GET', '/api/user', { token: state.token }), 200, 'current user with the old token');
  if (me.user.username !== state.user.username) fail('another user came back', me);
  const login = await call('POST', '/api/users/login', { body: { user: { email: state.user.email, password: state.user.password } } });
  if (login.status !== 200) fail('login with the password from before', login);
  print({ ok: true, version: health.version, slug: state.slug, username: me.user.username });
}

async function load(readyFile) {
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const requests = [];
  let launching = true;
  // Slow requests: the body arrives over ~2.5 s, so they are certainly in flight at SIGTERM.
  for (let i = 0; i < 3; i += 1) {
    const article = { title: `In flight ${i} ${Date.now()}`, description: 'sent during shutdown', body: 'x'.repeat(2000), tagList: [] };
    requests.push(call('POST', '/api/articles', { body: { article }, token: state.token, trickleMs: 2500 }));
  }
  // Fast requests, 4 at a time, until the stop is about to be sent.
  const fast = async () => {
    while (launching) {
      const res = await call('GET', (requests.length & 1) === 0 ? `/api/articles/${state.slug}` : '/api/health');
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
  const failed = results.filter((r) => r.error || !(r.status >= 200 && r.status < 300));
  const inFlightAtStop = results.filter((r) => r.ended > readyAt + 500).length;
  const summary = { ok: failed.length === 0 && inFlightAtStop > 0, requests: results.length, failed: failed.length, inFlightAtStop, failures: failed.slice(0, 5) };
  print(summary);
  process.exit(summary.ok ? 0 : 1);
}

const run = { seed: () => seed(), verify: () => verify(extra), load: () => load(extra) }[command];
if (!run || !base || !stateFile) {
  process.stderr.write('usage: container-test-client.mjs seed|verify|load <base-url> <state.json> [version|ready-file]\n');
  process.exit(64);
}
run().catch((error) => fail(error instanceof Error ? error.message : String(error)));
