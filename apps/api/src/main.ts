/**
 * `node main.js`: starts the server bundle beside this file (`server.js`, built from
 * `src/server.ts`) through V8's code cache in `server.js.cache`, which halves a cold start
 * (docs/performance.md). The cache is written at exit when it was missing, stale or rejected
 * and the directory is writable: the image bakes it in at build time (Dockerfile), a local
 * `dist/` gets it from its first run. Without one the server starts as it would anyway.
 *
 * Imports nothing of the server: this file must stay small, compiled without a cache.
 */
import { join } from 'node:path';
import { runWithCodeCache } from './code-cache/code-cache';

const bundle = join(__dirname, 'server.js');
const server = runWithCodeCache(bundle, `${bundle}.cache`);
// At exit everything start-up and the requests served so far compiled is in V8's cache.
process.once('exit', () => server.writeIfChanged());
