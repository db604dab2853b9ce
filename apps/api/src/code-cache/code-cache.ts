import { createHash } from 'node:crypto';
import { accessSync, constants as fsConstants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Script, constants } from 'node:vm';

/**
 * What a cache file holds: the SHA-256 of the bundle it was made from, then V8's code cache.
 * V8 itself only checks the source's length (and its own version and flags), so the digest is
 * what stops a rebuilt bundle of the same length from running on another bundle's bytecode.
 */
const DIGEST_BYTES = 32;

export type CodeCacheState = 'used' | 'missing' | 'stale' | 'rejected';

export interface CodeCachedScript {
  /** What happened to the cache file when the bundle was compiled. */
  state: CodeCacheState;
  /** The bundle's `module.exports`. */
  exports: unknown;
  /**
   * Writes the cache (atomically) unless the one read was used: V8's bytecode for every function
   * compiled so far, so a call once start-up is done captures all that start-up compiled.
   * Returns false, having serialised nothing, when the directory is not writable (the image's
   * /app at run time, Lambda's /var/task).
   */
  writeIfChanged(): boolean;
}

/** Of the file's bytes: hashing the decoded source would encode it to UTF-8 again. */
function digestOf(bundleBytes: Buffer): Buffer {
  return createHash('sha256').update(bundleBytes).digest();
}

function readCache(cacheFile: string, digest: Buffer): { data?: Buffer; state: CodeCacheState } {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return { state: 'missing' };
  }
  if (file.length <= DIGEST_BYTES || !file.subarray(0, DIGEST_BYTES).equals(digest)) return { state: 'stale' };
  return { data: file.subarray(DIGEST_BYTES), state: 'used' };
}

/**
 * Runs the CommonJS file `bundle` as `require` would, but compiled with V8's code cache from
 * `cacheFile` when there is a valid one. Most of a cold start of the bundled server is V8
 * compiling the functions start-up calls (a 3 MB bundle, lazily compiled function by function);
 * a cache made once start-up is done (`writeIfChanged`) holds that bytecode, so the next start
 * skips it.
 * Node 20 has no built-in equivalent (`module.enableCompileCache` arrived in Node 22, and caches
 * only what compiling the file itself produced, as do the compile-cache packages).
 */
export function runWithCodeCache(bundle: string, cacheFile: string): CodeCachedScript {
  const bytes = readFileSync(bundle);
  const digest = digestOf(bytes);
  const source = bytes.toString('utf8');
  const cache = readCache(cacheFile, digest);
  const script = new Script(Module.wrap(source), {
    filename: bundle,
    cachedData: cache.data,
    // A dynamic import() inside the bundle resolves as in any CommonJS file.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state: CodeCacheState = cache.data && script.cachedDataRejected ? 'rejected' : cache.state;

  // The bundle's own require(): its externals (sqlite3, swagger-ui-dist) resolve beside it.
  const module: { exports: unknown; filename: string } = { exports: {}, filename: bundle };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));

  return {
    state,
    exports: module.exports,
    writeIfChanged() {
      if (state === 'used') return true;
      const partial = `${cacheFile}.${process.pid}.tmp`;
      try {
        // Before serialising: V8 takes 65-190 ms for the server's cache, never worth spending
        // where the file cannot be written (/app in the image, /var/task on Lambda).
        accessSync(dirname(cacheFile), fsConstants.W_OK);
        writeFileSync(partial, Buffer.concat([digest, script.createCachedData()]));
        // Atomic: processes starting at the same time never read half a file.
        renameSync(partial, cacheFile);
        return true;
      } catch {
        return false;
      }
    },
  };
}
