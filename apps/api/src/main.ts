/**
 * `node main.js`: starts the server bundle beside this file (`server.js`, built from
 * `src/server.ts`) through V8's code cache in `server.js.cache`, which halves a cold start
 * (docs/performance.md). The cache is written once the server has answered its first request,
 * when it was missing, stale or rejected (V8 rejects one made under other flags) and the
 * directory is writable: the image bakes it in at build time (Dockerfile), a local `dist/`
 * gets it from its first run.
 * Without one the server starts as it would anyway.
 *
 * Imports nothing of the server: this file must stay small, compiled without a cache.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runWithCodeCache } from './code-cache/code-cache';

const bundle = join(__dirname, 'server.js');
const server = runWithCodeCache(bundle, `${bundle}.cache`);
const { firstAnswered } = server.exports as { firstAnswered: Promise<void> };
// Written once the first response is sent: the cache then holds what a start compiles up to its
// first answer, the request's own path included (against a cache made at listen: ×0.92 on Node
// 20 without heap flags, 30 alternating pairs; 306 → 288 ms in the image; docs/performance.md).
// Made after a load instead, it held the code of that load as well, and a start with it
// measured 0.98 s against 0.59 s.
void firstAnswered.then(() => {
  server.writeIfChanged();
  stopPretenuring();
});

/**
 * V8 moves an allocation site to the old generation once most of what it allocated survived
 * young collections, as every request's objects do while slow writes and logins are in flight.
 * Fast requests afterwards paid for it: their short-lived objects went straight to the old
 * space, with a mark-compact every 0.4 s and scavenges ten times slower (GET /api/tags after
 * the bench's seeding: 5.2k req/s with it, 5.7-6.3k without; docs/performance.md).
 *
 * Turned off once the first answer is sent and the code cache written, not on the command line:
 * V8 rejects a code cache made under other flags, and both Node's own (its built-ins) and
 * server.js.cache were made without this one (loading four built-ins went from 25 to 64 ms on
 * Node 24). The flag is read when V8 collects, so from here on it applies.
 */
function stopPretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
