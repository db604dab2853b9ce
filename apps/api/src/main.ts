/**
 * `node main.js`: starts the server bundle beside this file (`server.js`, built from
 * `src/server.ts`) through V8's code cache in `server.js.cache`, which halves a cold start
 * (docs/performance.md). The cache is written once the server listens, when it was missing,
 * stale or rejected (V8 rejects one made under other flags) and the directory is writable:
 * the image bakes it in at build time (Dockerfile), a local `dist/` gets it from its first run.
 * Without one the server starts as it would anyway.
 *
 * Imports nothing of the server: this file must stay small, compiled without a cache.
 */
import { join } from 'node:path';
import { runWithCodeCache } from './code-cache/code-cache';

const bundle = join(__dirname, 'server.js');
const server = runWithCodeCache(bundle, `${bundle}.cache`);
const { started } = server.exports as { started: Promise<void> };
// Written when the server listens: the cache then holds what start-up compiled, which is what
// a cold start needs. Made after a load instead, it held the code of that load as well, and a
// start with it measured 0.98 s against 0.59 s.
void started.then(() => server.writeIfChanged());
