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
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runWithCodeCache } from './code-cache/code-cache';

/** Where V8 stops scaling its heap growing factor down for a small heap (below). */
const LARGE_HEAP_BYTES = 2 * 1024 ** 3;

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
  letOldGenerationDouble();
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

/**
 * Under a `--max-old-space-size` this small (the image's 288), V8 sets the old generation's next
 * limit after a full collection at only ~1.5 times what it left alive. A request that waits on
 * SQLite leaves objects that outlive two young collections (what holds them is not found; a bare
 * Fastify route on sqlite3 leaves none), so under `GET /api/user` a mark-compact ran every
 * ~140 ms, the old space going from 20 to 29 MB and back. Letting it double before the next one
 * halves those collections (docs/performance.md). Set here for the same reasons as the flag
 * above: V8 rejects a code cache made without it, and NODE_OPTIONS does not take it.
 */
function letOldGenerationDouble(): void {
  // From a 2 GiB heap up V8 allows growing by up to 4 times (`MaxGrowingFactor` in V8's
  // heap-controller.cc), below it by 1.3 to 2: the flag, which replaces V8's own factor, would
  // only hold a large heap back (`npm start` without the image's flags).
  if (getHeapStatistics().heap_size_limit >= LARGE_HEAP_BYTES) return;
  setFlagsFromString('--heap-growing-percent=100');
}
